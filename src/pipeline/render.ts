// The render stage: plans every output, reuses from the published folder each file whose
// key has not changed, prints (pdf/printAll) and writes the rest into the staging folder,
// and writes the manifest and index of everything there.
import { copyFile, link, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { sha256, sha256File } from '../base/hash.ts';
import { findBrowser } from '../pdf/browser.ts';
import { pdfPages, printAll } from '../pdf/print-all.ts';
import { printEnvironment } from '../pdf/print-environment.ts';
import { periodStatus, type PeriodStatus } from '../distribute/status.ts';
import { statusFacts } from '../distribute/status-facts.ts';
import { planOutputs, type PdfJob, type PlannedOutput } from '../report/plan-outputs.ts';
import { collectionModel } from '../report/views/collection.ts';
import { createRenderer, type Render } from '../report/templates.ts';
import { DEFAULT_DOCUMENTS, type DocumentsSettings } from '../report/documents-file.ts';
import { allProblems } from '../report/views/problems.ts';
import { organizationCount, resultPeriods } from '../report/views/shared.ts';
import type { Scheme } from '../scheme/schema.ts';
import type { Store } from '../store/db.ts';
import { QUIET, type Effects } from './effects.ts';
import type { Problem } from '../contract/problem.ts';
import { parsePeriod, periodLabel } from '../scheme/period.ts';
import { readManifest, type Failure, type Manifest, type ManifestEntry } from './manifest.ts';

/** Up to how many organizations their own PDFs are made without being asked for. */
export const BRANCH_REPORTS_AUTO_MAX = 1000;

export interface RenderContext {
  store: Store;
  scheme: Scheme;
  /** The folder to write into (the build's staging folder). */
  staging: string;
  /** The published folder whose unchanged files are reused. */
  output?: string;
  /** Make every file again, reusing nothing. */
  force?: boolean;
  templates?: string;
  /** Documents printed at once; default = cores. */
  jobs?: number;
  /** Only these periods; the others' published files are kept as they are. */
  periods?: string[];
  /** A PDF for every organization; default: when there are at most BRANCH_REPORTS_AUTO_MAX. */
  branchReports?: boolean;
  /** How the summary is issued (documents.yaml). */
  documents?: DocumentsSettings;
  /** The office's fonts folder (the official fonts), when there is one. */
  fontsDir?: string | null;
  /** Where the code the keys cover is read from: src/ unless a test points it at a changed copy. */
  codeRoot?: string;
  /** Each period's 回收截止 date, for the 回收情况 in results.xlsx, the 催交名单 and index.html. */
  due?: (period: string) => Date | null;
}

export interface RenderResult {
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

type PrintedOutput = Extract<PlannedOutput, { pdf: PdfJob }>;

export async function render(ctx: RenderContext, effects: Effects = QUIET): Promise<RenderResult> {
  const { store, staging, output } = ctx;
  const renderer = createRenderer(ctx.templates);
  const browser = findBrowser();
  const all = await resultPeriods(store);
  const periods = all.filter((p) => !ctx.periods || ctx.periods.includes(p));
  // A province's 6,000 organization reports are hours of printing: asked for, not assumed.
  const branchReports = ctx.branchReports ?? (await organizationCount(store)) <= BRANCH_REPORTS_AUTO_MAX;
  const fontsDir = ctx.fontsDir ?? null;
  const environment = await printEnvironment(browser, { fontsDir, codeRoot: ctx.codeRoot });
  const now = new Date();
  const statuses = new Map<string, PeriodStatus>();
  for (const p of all)
    statuses.set(p, periodStatus(ctx.scheme, await statusFacts(store, p), ctx.due?.(p) ?? null, now));
  const planned = await planOutputs(store, ctx.scheme, periods, renderer, environment, {
    branchReports,
    documents: ctx.documents ?? DEFAULT_DOCUMENTS,
    codeRoot: ctx.codeRoot,
    statuses,
  });
  const previous = output ? await readManifest(output) : null;
  const published = new Map((previous?.outputs ?? []).map((e) => [e.path, e]));

  const outputs: ManifestEntry[] = [];
  const made: string[] = [];
  let reused = 0;
  // A file is reused when its key is unchanged and the published copy is still intact.
  const reuse = async (entry: ManifestEntry | undefined): Promise<boolean> => {
    if (!entry || !output) return false;
    const from = join(output, entry.path);
    if (!intact(from, entry.sha256)) return false;
    const to = join(staging, entry.path);
    await mkdir(dirname(to), { recursive: true });
    await link(from, to).catch(() => copyFile(from, to));
    outputs.push(entry);
    reused += 1;
    return true;
  };
  const write = async (p: PlannedOutput, bytes: Uint8Array, pages?: number) => {
    const file = join(staging, p.entry.path);
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
  if (ctx.periods) {
    for (const entry of published.values())
      if (all.includes(entry.period) && !periods.includes(entry.period)) await reuse(entry);
  }

  const toPrint: PrintedOutput[] = [];
  for (const p of planned) {
    const before = published.get(p.entry.path);
    if (!ctx.force && before?.key === p.key && (await reuse(before))) continue;
    if ('pdf' in p) toPrint.push(p);
    else await write(p, await p.make());
  }

  const failed: Failure[] = [];
  let done = 0;
  const progress = () => effects.progress?.('render', done, toPrint.length);
  if (toPrint.length > 0) progress();
  const { browserRestarts } = await printAll(
    // The organizations' own documents share a template each: they print in batches (PdfJob.batchGroup).
    toPrint.map((p) => p.pdf),
    {
      browser,
      fontsDir,
      ...(ctx.jobs !== undefined && { jobs: ctx.jobs }),
      onPrinted: async (i, pdf) => {
        await write(toPrint[i]!, pdf, pdfPages(pdf));
        await effects.pause?.('print');
        done += 1;
        progress();
      },
      onFailed: (i, reason) => {
        failed.push({ path: toPrint[i]!.entry.path, reason });
        done += 1;
        progress();
      },
    },
  );
  outputs.sort((a, b) => a.path.localeCompare(b.path));
  failed.sort((a, b) => a.path.localeCompare(b.path));
  const manifest: Manifest = { generatedBy: 'pingyi', outputs, failed };
  await mkdir(staging, { recursive: true });
  await writeFile(join(staging, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const problems = await allProblems(store, ctx.scheme);
  await writeFile(join(staging, 'index.html'), indexHtml(renderer, ctx.scheme, manifest, problems, statuses));
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

/** The documents in the order people read them: the report first, the per-organization reports last. */
const READING_ORDER: ManifestEntry['kind'][] = [
  'summary',
  'org-ranking',
  'member-ranking',
  'recommendations',
  'data-quality',
  'results-xlsx',
  'chase',
  'csv',
  'commitments',
  'branch',
];

function indexHtml(
  render: Render,
  scheme: Scheme,
  manifest: Manifest,
  problems: Problem[],
  statuses: Map<string, PeriodStatus>,
): string {
  const size = (bytes: number) =>
    bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(0)} KB` : `${(bytes / 1048576).toFixed(1)} MB`;
  // An organization's members' results sit beside its report.
  const rank = (e: ManifestEntry) => READING_ORDER.indexOf(e.kind === 'branch-members' ? 'branch' : e.kind);
  // Newest period first: the one people open the page for.
  const periods = [...new Set(manifest.outputs.map((e) => e.period))].sort().reverse();
  return render('index', {
    title: '评议结果',
    failed: manifest.failed,
    problems: {
      errors: problems.filter((p) => p.severity === 'error').length,
      warnings: problems.filter((p) => p.severity === 'warning').length,
    },
    periods: periods.map((period) => {
      const p = parsePeriod(period);
      const files = manifest.outputs
        .filter((e) => e.period === period)
        .sort((a, b) => rank(a) - rank(b) || a.path.localeCompare(b.path))
        .map((e) => ({ ...e, size: size(e.bytes) }));
      return {
        period,
        label: p ? periodLabel(scheme, p) : period,
        quality: files.find((e) => e.kind === 'data-quality')?.path ?? null,
        collection: statuses.has(period) ? collectionModel(statuses.get(period)!, scheme) : null,
        files,
      };
    }),
  });
}
