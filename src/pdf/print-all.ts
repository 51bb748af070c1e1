// The one entry to printing: documents go to Chromium through a pool of pages, documents of
// one batch group (the organizations' own reports: one template) printed together and cut
// apart (print-batch.ts), the others one by one. A document that cannot be printed is
// reported, not thrown: the caller publishes the rest.
import { availableParallelism } from 'node:os';
import { Profile } from '../base/profile.ts';
import { LazyPrinter } from './lazy-printer.ts';
import { printWithOutline } from './outline.ts';
import { printBatch } from './print-batch.ts';
import { printFailure } from './print-failure.ts';

export interface PrintJob {
  /** Rendered only when the document is printed: charts and templates cost time. */
  html: () => Promise<string>;
  landscape: boolean;
  /** Jobs with the same group may be printed as one PDF and split at their titles. */
  batchGroup?: string;
  /** What kind of document, for the profile. */
  part?: string;
}

export interface PrintAllOptions {
  /** The Chromium executable (findBrowser()). */
  browser: string | null;
  /** A printer the caller started (and closes); otherwise one is started here for these jobs and closed after. */
  printer?: LazyPrinter;
  /** Documents printed at once; default = cores. */
  jobs?: number;
  /** The user's fonts folder (the official fonts); null for the system's only. Not used with `printer`, which has its own. */
  fontsDir?: string | null;
  /** Each printed PDF, in no set order; an error here (a full disk) ends printing. */
  onPrinted(index: number, pdf: Uint8Array): Promise<void>;
  /** A document that could not be printed, even after restarting Chromium once. */
  onFailed(index: number, reason: string): void;
  /** Where the time of each part of printing is added. */
  profile?: Profile;
}

export interface PrintAllResult {
  /** Times Chromium died while printing and was started again. */
  browserRestarts: number;
}

/** Most a batch holds: enough to spread the fixed cost per PDF, few enough to keep every page busy. */
const BATCH_SIZE = 20;

const TYPE = Buffer.from('/Type');
/** PDF's white-space characters: NUL, tab, line feed, form feed, carriage return and space. */
const PDF_SPACE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);

/**
 * Pages in a PDF written by Chromium: its page objects (`/Type /Page`, not `/Pages`). Found in the
 * bytes as they are: a copy and a string of each PDF to run a regular expression on took 0.5 s of
 * a district's 50 MB of PDFs, this 0.03 s.
 */
export function pdfPages(pdf: Uint8Array): number {
  const bytes = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  let pages = 0;
  for (let at = bytes.indexOf(TYPE); at >= 0; at = bytes.indexOf(TYPE, at + TYPE.length)) {
    let i = at + TYPE.length;
    while (PDF_SPACE.has(bytes[i]!)) i += 1;
    if (bytes.toString('latin1', i, i + 5) === '/Page' && bytes[i + 5] !== 0x73 /* s */) pages += 1;
  }
  return pages;
}

export async function printAll(jobs: PrintJob[], o: PrintAllOptions): Promise<PrintAllResult> {
  if (jobs.length === 0) return { browserRestarts: 0 };
  const profile = o.profile ?? new Profile();
  const pages = o.jobs ?? availableParallelism();
  // Chromium starts only when there is something to print.
  const own = o.printer ? null : new LazyPrinter(o.browser, { fontsDir: o.fontsDir ?? null, warmPages: 0 });
  const lazy = o.printer ?? own!;
  try {
    // Started here, or earlier by the caller and perhaps still starting.
    const printer = await profile.time('chromium start', () => lazy.get());
    const restartsBefore = printer.restarts;
    await forEachLimit(printUnits(jobs, pages), pages, async (unit) => {
      // A batch that cannot be cut apart safely, or fails, is printed one document at a time.
      const first = jobs[unit[0]!]!;
      const batch =
        unit.length > 1
          ? await Promise.all(unit.map((i) => jobs[i]!.html()))
              .then((documents) => printBatch(printer, documents, first.landscape, profile, first.part))
              .catch(() => null)
          : null;
      for (const [n, i] of unit.entries()) {
        const job = jobs[i]!;
        let pdf = batch?.[n];
        if (!pdf) {
          try {
            const html = await job.html();
            const options = { landscape: job.landscape, part: job.part, profile };
            // Bookmarks, except in a batch's kind of document (a batch has none to keep): the same document either way.
            pdf =
              job.batchGroup === undefined
                ? await printWithOutline(printer, html, options)
                : await printer.print(html, options);
          } catch (e) {
            o.onFailed(i, `无法打印：${printFailure(e)}`);
            continue;
          }
        }
        // Outside the try: a file that cannot be written (disk full) ends the run, it is not one failed document.
        await o.onPrinted(i, pdf);
      }
    });
    return { browserRestarts: printer.restarts - restartsBefore };
  } finally {
    if (own) await profile.time('chromium close', () => own.close());
  }
}

/**
 * What is printed at once, as indexes into `jobs`: each batch group in batches, shared out
 * so every page of the pool gets work; the other documents one by one, and first: they include
 * the longest (a member ranking takes as long as several batches), and a long document started
 * last keeps one page busy while the others have nothing left to do.
 */
function printUnits(jobs: PrintJob[], pages: number): number[][] {
  const groups = new Map<string, number[]>();
  const single: number[][] = [];
  for (const [i, job] of jobs.entries()) {
    if (job.batchGroup === undefined) single.push([i]);
    else {
      // Pushed, not copied: a province prints thousands of branch reports in one group.
      const group = groups.get(job.batchGroup);
      if (group) group.push(i);
      else groups.set(job.batchGroup, [i]);
    }
  }
  const units: number[][] = [];
  for (const members of groups.values()) {
    const size = Math.max(1, Math.min(BATCH_SIZE, Math.ceil(members.length / pages)));
    for (let i = 0; i < members.length; i += size) units.push(members.slice(i, i + size));
  }
  return [...single, ...units];
}

/** Runs `work` over the items with at most `limit` at a time; on an error, starts no more and throws it once the others are done. */
async function forEachLimit<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const errors: unknown[] = [];
  const worker = async () => {
    while (errors.length === 0 && next < items.length) {
      try {
        await work(items[next++]!);
      } catch (e) {
        errors.push(e);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (errors.length > 0) throw errors[0];
}
