// The "recipe" that turns HTML into PDF: headless Chromium through puppeteer-core. It
// knows nothing of templates; it gets finished HTML and returns PDF bytes.
import { existsSync } from 'node:fs';
import puppeteer, { type Browser } from 'puppeteer-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome-stable', '/usr/bin/google-chrome'];

// Without the background-networking flags Chromium keeps trying hosts this machine cannot reach.
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export const INSTALL_HINT = 'apt-get install -y chromium fonts-wqy-zenhei（或用环境变量 PINGYI_CHROMIUM 指定浏览器路径）';

export class BrowserNotFound extends Error {
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
  /** Shown at the foot of every page; <span class="pageNumber"> and "totalPages" are filled in. */
  footer: string;
  landscape?: boolean;
}

const PRINT_TIMEOUT_MS = 60_000;

// Over a pipe rather than a port: when pingyi dies, even by SIGKILL, the pipe closes and
// Chromium exits with it instead of staying behind.
const launch = (path: string) => puppeteer.launch({ executablePath: path, args: ARGS, timeout: PRINT_TIMEOUT_MS, pipe: true });

/** One browser per run; every document gets its own context, so nothing leaks between them. */
export class Printer {
  private constructor(
    readonly path: string,
    private browser: Browser,
  ) {}

  static async launch(path = findBrowser()): Promise<Printer> {
    if (!path) throw new BrowserNotFound();
    return new Printer(path, await launch(path));
  }

  /** Prints once; if Chromium died, starts it again and tries the document once more. */
  async print(html: string, options: PrintOptions): Promise<Uint8Array> {
    try {
      return await this.printOnce(html, options);
    } catch (e) {
      if (this.browser.connected) throw e;
      this.browser = await launch(this.path);
      return this.printOnce(html, options);
    }
  }

  private async printOnce(html: string, options: PrintOptions): Promise<Uint8Array> {
    const context = await this.browser.createBrowserContext();
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(PRINT_TIMEOUT_MS);
      // The document is complete as given: scripts off, and no request leaves the page.
      await page.setJavaScriptEnabled(false);
      await page.setRequestInterception(true);
      page.on('request', (request) => {
        if (request.url().startsWith('data:')) void request.continue();
        else void request.abort('blockedbyclient');
      });
      await page.setContent(html, { waitUntil: 'load', timeout: PRINT_TIMEOUT_MS });
      return await page.pdf({
        format: 'A4',
        landscape: options.landscape ?? false,
        printBackground: true,
        displayHeaderFooter: true,
        headerTemplate: '<span></span>',
        footerTemplate: options.footer,
        margin: { top: '18mm', bottom: '18mm', left: '15mm', right: '15mm' },
        // Bookmarks from the h1/h2 headings, and a tagged (accessible) PDF.
        outline: true,
        tagged: true,
        timeout: PRINT_TIMEOUT_MS,
      });
    } finally {
      await context.close().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => undefined);
  }
}
