// Documents laid out at once in one Chromium. Its memory for a layout grows with the document
// (2–4 GB for a ranking of a few hundred pages), and two such layouts at once took a province's
// build to 8.85 GB: a document over a size is laid out alone, the others several at a time.

/** HTML characters from which a document is laid out alone: about 120 pages of a ranking. */
export const ALONE_FROM_CHARS = 1_000_000;

/** A readers–writer gate: any number of shared holders, or one alone; one waiting to be alone goes first. */
export class PrintGate {
  private shared = 0;
  private alone = false;
  private waitingAlone = 0;
  private readonly waiting: (() => void)[] = [];

  /** Runs `work` holding the gate: alone when `html` is over ALONE_FROM_CHARS. */
  async run<T>(html: string, work: () => Promise<T>): Promise<T> {
    const exclusive = html.length >= ALONE_FROM_CHARS;
    await (exclusive ? this.enterAlone() : this.enterShared());
    try {
      return await work();
    } finally {
      if (exclusive) this.alone = false;
      else this.shared -= 1;
      this.wake();
    }
  }

  private async enterShared(): Promise<void> {
    while (this.alone || this.waitingAlone > 0) await this.wait();
    this.shared += 1;
  }

  private async enterAlone(): Promise<void> {
    this.waitingAlone += 1;
    while (this.alone || this.shared > 0) await this.wait();
    this.waitingAlone -= 1;
    this.alone = true;
  }

  private wait(): Promise<void> {
    return new Promise((wake) => this.waiting.push(wake));
  }

  private wake(): void {
    for (const wake of this.waiting.splice(0)) wake();
  }
}
