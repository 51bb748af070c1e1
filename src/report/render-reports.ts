// The render stage: plans every output, reuses from the published folder each file whose
// key has not changed, prints and writes the rest into the staging folder, and writes the
// manifest and index of everything there.
import { sha256, sha256File } from '../ingest/read-file.ts';
import { copyFile, link, mkdir, readFile, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { pausePoint } from '../build/fault.ts';
import type { Scheme } from '../scheme/schema.ts';
import type { Store } from '../store/db.ts';
import { findBrowser, Printer } from './browser.ts';
import { planOutputs, type OutputEntry, type PdfJob, type PlannedOutput } from './plan-outputs.ts';
import { printBatch } from './print-batch.ts';
import { printEnvironment } from './print-environment.ts';
import { createRenderer, type Render } from './templates.ts';
import { organizationCount, resultPeriods } from './view-models.ts';

export interface ManifestEntry extends OutputEntry {
  /** Hash of everything the file is made from: equal keys, equal files. */
  key: string;
  sha256: string;
  bytes: number;
  pages?: number;
}

export interface Manifest {
  generatedBy: 'pingyi';
  outputs: ManifestEntry[];
  /** Documents that could not be printed in the run that wrote this folder. */
  failed: Failure[];
}

export interface Failure {
  path: string;
  reason: string;
}

/** Up to how many organizations their own PDFs are made without being asked for. */
export const BRANCH_REPORTS_AUTO_MAX = 1000;

export interface ReportOptions {
  /** The folder to write into (the build's staging folder). */
  outDir: string;
  /** The published folder whose unchanged files are reused. */
  previousDir?: string;
  /** Make every file again, reusing nothing. */
  force?: boolean;
  templates?: string;
  /** Documents printed at once; default = cores. */
  jobs?: number;
  /** Only these periods; the others' published files are kept as they are. */
  periods?: string[];
  /** A PDF for every organization; default: when there are at most BRANCH_REPORTS_AUTO_MAX. */
  branchReports?: boolean;
  onProgress?: (done: number, total: number) => void;
}

export interface ReportResult {
  outputs: ManifestEntry[];
  /** Paths of the documents printed and the files written this time. */
  made: string[];
  /** How many files were taken unchanged from the published folder. */
  reused: number;
  /** Whether the organizations' own PDFs were made this time. */
  branchReports: boolean;
  /** Documents that could not be printed even after restarting Chromium once. */
  failed: Failure[];
  /** Times Chromium died while printing and was started again. */
  browserRestarts: number;
}

/** Pages in a PDF written by Chromium: its page objects. */
export function pdfPages(pdf: Uint8Array): number {
  return (
    Buffer.from(pdf)
      .toString('latin1')
      .match(/\/Type\s*\/Page(?!s)/g) ?? []
  ).length;
}

export async function readManifest(dir: string): Promise<Manifest | null> {
  try {
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Manifest;
    return manifest.generatedBy === 'pingyi' && Array.isArray(manifest.outputs) ? manifest : null;
  } catch {
    return null;
  }
}

export async function renderReports(store: Store, scheme: Scheme, o: ReportOptions): Promise<ReportResult> {
  const render = createRenderer(o.templates);
  const browser = findBrowser();
  const all = await resultPeriods(store);
  const periods = all.filter((p) => !o.periods || o.periods.includes(p));
  // A province's 6,000 organization reports are hours of printing: asked for, not assumed.
  const branchReports = o.branchReports ?? (await organizationCount(store)) <= BRANCH_REPORTS_AUTO_MAX;
  const planned = await planOutputs(store, scheme, periods, render, await printEnvironment(browser), { branchReports });
  const previous = o.previousDir ? await readManifest(o.previousDir) : null;
  const published = new Map((previous?.outputs ?? []).map((e) => [e.path, e]));

  const outputs: ManifestEntry[] = [];
  const made: string[] = [];
  let reused = 0;
  // A file is reused when its key is unchanged and the published copy is still intact.
  const reuse = async (entry: ManifestEntry | undefined): Promise<boolean> => {
    if (!entry || !o.previousDir) return false;
    const from = join(o.previousDir, entry.path);
    if (!intact(from, entry.sha256)) return false;
    const to = join(o.outDir, entry.path);
    await mkdir(dirname(to), { recursive: true });
    await link(from, to).catch(() => copyFile(from, to));
    outputs.push(entry);
    reused += 1;
    return true;
  };
  const write = async (p: PlannedOutput, bytes: Uint8Array, pages?: number) => {
    const file = join(o.outDir, p.entry.path);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, bytes);
    outputs.push({
      ...p.entry,
      key: p.key,
      sha256: sha256(bytes),
      bytes: bytes.length,
      ...(pages !== undefined && { pages }),
    });
    made.push(p.entry.path);
  };

  // Periods not asked for this time keep their published files.
  if (o.periods) {
    for (const entry of published.values())
      if (all.includes(entry.period) && !periods.includes(entry.period)) await reuse(entry);
  }

  const toPrint: PrintJob[] = [];
  for (const p of planned) {
    const before = published.get(p.entry.path);
    if (!o.force && before?.key === p.key && (await reuse(before))) continue;
    if ('pdf' in p) toPrint.push(p);
    else await write(p, await p.make());
  }

  const failed: Failure[] = [];
  let browserRestarts = 0;
  if (toPrint.length > 0) {
    // Chromium starts only when there is something to print.
    const printer = await Printer.launch(browser);
    const jobs = o.jobs ?? availableParallelism();
    let done = 0;
    o.onProgress?.(0, toPrint.length);
    const printed = async (p: PrintJob, pdf: Uint8Array) => {
      await write(p, pdf, pdfPages(pdf));
      await pausePoint('print');
      o.onProgress?.(++done, toPrint.length);
    };
    try {
      await forEachLimit(printUnits(toPrint, jobs), jobs, async (unit) => {
        // A batch that cannot be cut apart safely, or fails, is printed one document at a time.
        const batch =
          unit[0]!.entry.kind === 'branch'
            ? await Promise.all(unit.map((p) => p.pdf.html()))
                .then((html) => printBatch(printer, html, unit[0]!.pdf.landscape))
                .catch(() => null)
            : null;
        for (const [i, p] of unit.entries()) {
          let pdf = batch?.[i];
          if (!pdf) {
            try {
              pdf = await printer.print(await p.pdf.html(), { landscape: p.pdf.landscape });
            } catch (e) {
              failed.push({ path: p.entry.path, reason: `无法打印：${(e as Error).message}` });
              o.onProgress?.(++done, toPrint.length);
              continue;
            }
          }
          // Outside the try: a file that cannot be written (disk full) ends the run, it is not one failed document.
          await printed(p, pdf);
        }
      });
    } finally {
      browserRestarts = printer.restarts;
      await printer.close();
    }
  }
  outputs.sort((a, b) => a.path.localeCompare(b.path));
  failed.sort((a, b) => a.path.localeCompare(b.path));
  const manifest: Manifest = { generatedBy: 'pingyi', outputs, failed };
  await mkdir(o.outDir, { recursive: true });
  await writeFile(join(o.outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await writeFile(join(o.outDir, 'index.html'), indexHtml(render, manifest));
  return { outputs, made: made.sort(), reused, branchReports, failed, browserRestarts };
}

/** Whether the published file is still there with the bytes the manifest says. */
function intact(path: string, sha256: string): boolean {
  try {
    return sha256File(path) === sha256;
  } catch {
    return false;
  }
}

type PrintJob = Extract<PlannedOutput, { pdf: PdfJob }>;

/** Most a batch holds: enough to spread the fixed cost per PDF, few enough to keep every page busy. */
const BATCH_SIZE = 20;

/**
 * What is printed at once: branch reports in batches (one template, printed together and
 * split, see print-batch.ts), shared out so every page of the pool gets work; the other
 * documents one by one.
 */
function printUnits(jobs: PrintJob[], pages: number): PrintJob[][] {
  const branches = jobs.filter((p) => p.entry.kind === 'branch');
  const size = Math.max(1, Math.min(BATCH_SIZE, Math.ceil(branches.length / pages)));
  const units: PrintJob[][] = [];
  for (let i = 0; i < branches.length; i += size) units.push(branches.slice(i, i + size));
  return [...units, ...jobs.filter((p) => p.entry.kind !== 'branch').map((p) => [p])];
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

function indexHtml(render: Render, manifest: Manifest): string {
  const periods = [...new Set(manifest.outputs.map((e) => e.period))].map((period) => ({
    period,
    files: manifest.outputs
      .filter((e) => e.period === period)
      .map((e) => ({
        ...e,
        size: e.bytes < 1024 * 1024 ? `${(e.bytes / 1024).toFixed(0)} KB` : `${(e.bytes / 1048576).toFixed(1)} MB`,
      })),
  }));
  return render('index', { title: '评议结果', periods, failed: manifest.failed });
}
