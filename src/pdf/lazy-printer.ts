// A Printer started when first needed, or ahead of time: a build starts Chromium while it
// scores when it already knows something will be printed, and a watch keeps one across
// builds. Whoever made it closes it.
import { availableParallelism } from 'node:os';
import { Printer } from './browser.ts';
import { preparePrintFont } from './fonts/print-font.ts';

export class LazyPrinter {
  private launching: Promise<Printer> | null = null;

  private readonly fontsDir: string | null;
  private readonly warmPages: number;

  /**
   * `browser`: the Chromium executable (findBrowser()); `fontsDir`: the user's fonts folder (the
   * official fonts), null for the system's only; `warmPages`: how many pages are made and warmed
   * when it starts, as many as documents will be printed at once (none when it starts only as
   * the first document is printed: that document warms its page itself).
   */
  constructor(
    readonly browser: string | null,
    o: { fontsDir?: string | null; warmPages?: number } = {},
  ) {
    this.fontsDir = o.fontsDir ?? null;
    this.warmPages = o.warmPages ?? availableParallelism();
  }

  /** Starts Chromium and warms its pages now, without waiting; a failure is thrown by get(). */
  start(): void {
    this.get().catch(() => undefined);
  }

  /** The printer, started on the first call. */
  get(): Promise<Printer> {
    if (!this.launching) {
      const launching = this.launch();
      this.launching = launching;
      // The next build tries again: Chromium may have been installed, or the machine be less busy.
      launching.catch(() => {
        if (this.launching === launching) this.launching = null;
      });
    }
    return this.launching;
  }

  private async launch(): Promise<Printer> {
    // No font is prepared for a browser that is not there: launch() reports it.
    const font = this.browser ? await preparePrintFont(process.env, this.fontsDir) : null;
    const printer = await Printer.launch(this.browser, font, this.fontsDir);
    // A page that fails to warm is only a page that warms with its first document.
    if (this.warmPages > 0) await printer.warm(this.warmPages).catch(() => undefined);
    return printer;
  }

  /** Closes Chromium if it was started; a launch still under way is waited for. */
  async close(): Promise<void> {
    const launching = this.launching;
    this.launching = null;
    if (!launching) return;
    const printer = await launching.catch(() => null);
    await printer?.close();
  }
}
