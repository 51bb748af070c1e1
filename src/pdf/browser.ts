// The "recipe" that turns HTML into PDF: headless Chromium through puppeteer-core. It
// knows nothing of templates; it gets finished HTML and returns PDF bytes.
import { existsSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { EXIT, ExplainedError } from '../base/errors.ts';
import { processExists } from '../base/process.ts';
import type { Profile } from '../base/profile.ts';
import { preparePrintFont, PRINT_FONT_FAMILY, type PrintFont } from './fonts/print-font.ts';
import { PrintGate } from './print-gate.ts';
import { printFailure, PrintFailed } from './print-failure.ts';

// Debian's headless shell first: the same Blink and the same PDF (pixel for pixel), without the
// browser's user interface — it starts in 0.7 s instead of 1.9, prints a short document in
// 0.12 s instead of 0.45 and a batch of 20 branch reports in 1.5–1.9 s instead of 2.1–2.9 (measured
// side by side, issue #21). The full browser still prints where only it is installed. The shell's
// binary rather than /usr/bin's three-line script that runs it: the print environment's key
// (print-environment.ts) sees an upgrade in the binary's size and date, never in the script's.
const CANDIDATES = [
  '/usr/lib/chromium/chromium-headless-shell',
  '/usr/bin/chromium-headless-shell',
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
];

// Without the background-networking flags Chromium keeps trying hosts this machine cannot reach.
// No host resolves, IP addresses included: what the pages' request interception never sees
// (<link rel=prefetch>, preconnect, a frame's navigation) cannot reach a server either.
const ARGS = [
  '--headless',
  '--host-resolver-rules=MAP * ~NOTFOUND',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export const INSTALL_HINT =
  'apt-get install -y chromium-headless-shell fonts-wqy-zenhei fonts-arphic-gbsn00lp fonts-arphic-gkai00mp（或用环境变量 PINGYI_CHROMIUM 指定浏览器路径）';

export class BrowserNotFound extends ExplainedError {
  readonly exitCode = EXIT.failed;
  constructor() {
    super(`找不到 Chromium 浏览器，无法生成 PDF。请安装：${INSTALL_HINT}`);
  }
}

/** PINGYI_CHROMIUM, then PUPPETEER_EXECUTABLE_PATH, then the usual system paths. */
export function findBrowser(env: NodeJS.ProcessEnv = process.env): string | null {
  for (const path of [env.PINGYI_CHROMIUM, env.PUPPETEER_EXECUTABLE_PATH, ...CANDIDATES]) {
    if (path && existsSync(path)) return path;
  }
  return null;
}

export interface PrintOptions {
  landscape?: boolean;
  /** Where the time of loading and printing is added, as `chromium load <part>` and `chromium pdf <part>`. */
  profile?: Profile;
  part?: string;
}

const PRINT_TIMEOUT_MS = 60_000;

/**
 * Time allowed to load and print one document: a minute, plus 0.1 ms per character of HTML.
 * Chromium's time grows with the document (measured: a 2.4 MB ranking of 6,000 organizations,
 * 301 pages, took 60–80 s on 2 busy cores, about 30 µs per character), so a fixed limit failed
 * every large document of a province.
 */
export const printTimeout = (html: string) => PRINT_TIMEOUT_MS + Math.ceil(html.length / 10);

const WARM_HTML = `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"></head>
<body style="font-family: '${PRINT_FONT_FAMILY}', 'WenQuanYi Zen Hei', sans-serif">评议结果 0123456789</body></html>`;

/**
 * Chromium lays a document out for the screen as it loads, and again after printing it, besides
 * laying it out for print; hidden from the screen, those two layouts have nothing to do (a batch
 * of 20 branch reports 1.9 → 1.5 s of CPU, the member ranking 1.6 → 1.2 s; the same PDF).
 */
export const hiddenFromScreen = (html: string) =>
  withStyle(html, '@media screen { body { display: none !important; } }');

/** `html` with a style sheet of `css` last in its head: before </head>, or <body> where there is none. */
export function withStyle(html: string, css: string): string {
  let at = html.search(/<\/head\s*>|<body[\s>]/i);
  // Else after the doctype: before it the document would be laid out in quirks mode.
  if (at < 0) at = /^\s*<!doctype[^>]*>/i.exec(html)?.[0].length ?? 0;
  return `${html.slice(0, at)}<style>${css}</style>${html.slice(at)}`;
}

/** Puppeteer's own limit on any one call to Chromium, printing included: only a backstop here. */
const PROTOCOL_TIMEOUT_MS = 4 * 3600_000;

let profiles = 0;

/** Removes the Chromium profile folders of pingyi runs that were killed before removing them. */
export async function removeStaleProfiles(): Promise<void> {
  for (const name of await readdir(tmpdir()).catch(() => [])) {
    const pid = Number(/^pingyi-chromium-(\d+)-\d+$/.exec(name)?.[1]);
    if (pid && !processExists(pid)) await rm(join(tmpdir(), name), { recursive: true, force: true });
  }
}

// Over a pipe rather than a port: when pingyi dies, even by SIGKILL, the pipe closes and
// Chromium exits with it instead of staying behind.
async function launch(path: string, font: PrintFont | null): Promise<{ browser: Browser; profile: string }> {
  // A profile folder of our own, removed on close (and by the next build if we are killed).
  const profile = join(tmpdir(), `pingyi-chromium-${process.pid}-${++profiles}`);
  // Loaded only when something is printed, which a build with nothing to print would pay for
  // nothing; and as CommonJS, which costs half the CPU of its ES modules through the TypeScript loader.
  const puppeteer = createRequire(import.meta.url)('puppeteer-core') as typeof import('puppeteer-core');
  const env = font ? { ...process.env, FONTCONFIG_FILE: font.config } : process.env;
  const browser = await puppeteer.launch({
    executablePath: path,
    args: ARGS,
    timeout: PRINT_TIMEOUT_MS,
    protocolTimeout: PROTOCOL_TIMEOUT_MS,
    pipe: true,
    userDataDir: profile,
    env,
  });
  // Killed, Chromium's end of the pipe may report ECONNRESET after puppeteer has stopped
  // listening (close() and restarts), and an unheard stream error would end pingyi. Its death
  // is handled where it matters: the 'disconnected' browser is restarted or closed.
  for (const stream of browser.process()?.stdio ?? []) stream?.on('error', () => undefined);
  return { browser, profile };
}

/**
 * One browser per run, and a few pages in it reused from document to document: a new page
 * (a new renderer process) costs about 1.5 s more per PDF, mostly loading the CJK fonts again.
 * Reuse leaks nothing: scripts are off and nothing is fetched (file: URLs Chromium refuses to a
 * page that is not a file itself), so a page only ever shows the HTML it was last given. Page
 * numbers come from the templates' CSS (@page margin boxes).
 */
export class Printer {
  private idle: Page[] = [];

  private constructor(
    readonly path: string,
    readonly font: PrintFont | null,
    private browser: Browser,
    private profile: string,
  ) {}

  /**
   * `font`: the cut-down print font (see fonts/print-font.ts); made here when not given, with the
   * user's fonts folder `fontsDir` (the official fonts) added to what Chromium finds.
   */
  static async launch(path = findBrowser(), font?: PrintFont | null, fontsDir: string | null = null): Promise<Printer> {
    if (!path) throw new BrowserNotFound();
    const printFont = font === undefined ? await preparePrintFont(process.env, fontsDir) : font;
    const { browser, profile } = await launch(path, printFont);
    return new Printer(path, printFont, browser, profile);
  }

  /**
   * Opens `pages` pages and prints a line of Chinese on each, so the first documents printed
   * find their page made and the print font loaded in its renderer (~0.3 s of CPU each).
   */
  async warm(pages: number): Promise<void> {
    const warmed = await Promise.all(
      Array.from({ length: pages }, async () => {
        const page = await this.newPage();
        await page.setContent(WARM_HTML, { waitUntil: 'load' });
        await page.pdf({ format: 'A4' });
        return page;
      }),
    );
    this.idle.push(...warmed);
  }

  private readonly gate = new PrintGate();

  /**
   * Prints once; if Chromium or the page died, starts again and tries the document once more.
   * A long document is laid out alone (print-gate.ts).
   */
  print(html: string, options: PrintOptions = {}): Promise<Uint8Array> {
    return this.gate.run(html, () => this.printOrRetry(html, options));
  }

  private async printOrRetry(html: string, options: PrintOptions): Promise<Uint8Array> {
    const browser = this.browser;
    try {
      return await this.printOnce(html, options);
    } catch (e) {
      if (browser.connected) {
        // The page failed, not the browser: try once more on a fresh page.
        if (!/timeout|Target closed|crash|detached/i.test((e as Error).message)) throw e;
      } else {
        await this.restart(browser).catch((launchError: unknown) => {
          throw new PrintFailed(`浏览器意外退出，重新启动失败：${printFailure(launchError)}`);
        });
      }
      return this.printOnce(html, options).catch((again: unknown) => {
        throw new PrintFailed(`打印时浏览器出错，重试一次仍失败：${printFailure(again)}`);
      });
    }
  }

  /** How many times Chromium died and was started again. */
  restarts = 0;
  private restarting = new WeakMap<Browser, Promise<void>>();

  /**
   * One new Chromium for a dead one, however many pages were printing when it died: each of
   * them waits for the same restart instead of starting (and leaking) a browser of its own.
   */
  private restart(dead: Browser): Promise<void> {
    let restart = this.restarting.get(dead);
    if (!restart) {
      this.restarts += 1;
      restart = (async () => {
        this.idle = [];
        await this.close();
        ({ browser: this.browser, profile: this.profile } = await launch(this.path, this.font));
      })();
      this.restarting.set(dead, restart);
    }
    return restart;
  }

  private async newPage(): Promise<Page> {
    const page = await this.browser.newPage();
    page.setDefaultTimeout(PRINT_TIMEOUT_MS);
    // The document is complete as given: scripts off, and no request leaves the page.
    await page.setJavaScriptEnabled(false);
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      if (request.url().startsWith('data:')) void request.continue();
      else void request.abort('blockedbyclient');
    });
    return page;
  }

  private async printOnce(html: string, options: PrintOptions): Promise<Uint8Array> {
    const page = this.idle.pop() ?? (await this.newPage());
    let healthy = false;
    try {
      const timeout = printTimeout(html);
      const part = options.part ?? 'document';
      const loading = performance.now();
      await page.setContent(hiddenFromScreen(html), { waitUntil: 'load', timeout });
      const printing = performance.now();
      options.profile?.add(`chromium load ${part}`, printing - loading);
      const pdf = await page.pdf({
        format: 'A4',
        landscape: options.landscape ?? false,
        printBackground: true,
        margin: { top: '18mm', bottom: '18mm', left: '15mm', right: '15mm' },
        // Untagged: the tags cost more than the printing; bookmarks come from outline.ts.
        outline: false,
        tagged: false,
        timeout,
      });
      options.profile?.add(`chromium pdf ${part}`, performance.now() - printing);
      healthy = true;
      return pdf;
    } finally {
      if (healthy) this.idle.push(page);
      else await page.close().catch(() => undefined);
    }
  }

  /**
   * Ends Chromium and removes its profile. Killed rather than asked to close: a graceful close
   * saves a profile that is removed anyway, and took 0.3–1 s at the end of every build that printed.
   */
  async close(): Promise<void> {
    const chromium = this.browser.process();
    if (chromium?.pid !== undefined && chromium.exitCode === null && chromium.signalCode === null) {
      const exited = new Promise((done) => chromium.once('exit', done));
      try {
        // Its whole process group (puppeteer starts it as a group's leader): the renderers too.
        process.kill(-chromium.pid, 'SIGKILL');
      } catch {
        chromium.kill('SIGKILL');
      }
      await exited;
    }
    // The connection goes with the process; close() also settles puppeteer's side of it.
    await this.browser.close().catch(() => undefined);
    // A helper process still exiting may write into the profile while it is removed: retried, and
    // whatever is left is removed by the next build (removeStaleProfiles).
    await rm(this.profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 }).catch(() => undefined);
  }
}
