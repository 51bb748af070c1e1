// The render stage: plans every output, reuses from the published folder each file whose
// key has not changed, prints (pdf/printAll) and writes the rest into the staging folder,
// and writes the manifest and index of everything there.
import { copyFileSync, linkSync, mkdirSync, writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { codeFingerprint, fileStat, filesHash, fingerprint, sha256, sha256File, type Code } from '../base/hash.ts';
import { Profile, type PartTime } from '../base/profile.ts';
import { findBrowser } from '../pdf/browser.ts';
import type { LazyPrinter } from '../pdf/lazy-printer.ts';
import { pdfPages, printAll } from '../pdf/print-all.ts';
import { printEnvironment } from '../pdf/print-environment.ts';
import { periodStatus, type PeriodStatus, type StatusFacts } from '../distribute/status.ts';
import { statusFacts } from '../distribute/status-facts.ts';
import type { PdfJob, PlannedOutput } from '../report/plan-outputs.ts';
import { collectionModel } from '../report/views/collection.ts';
import { createRenderer, DEFAULT_TEMPLATES, type Render } from '../report/templates.ts';
import { DEFAULT_DOCUMENTS, type DocumentsSettings } from '../report/documents-file.ts';
import { allProblems, periodProblems, type PeriodProblems } from '../report/views/problems.ts';
import { LARGE_SYSTEM_ORGANIZATIONS, organizationCount, resultPeriods } from '../report/views/shared.ts';
import type { Scheme } from '../scheme/schema.ts';
import type { Store } from '../store/db.ts';
import { QUIET, type Effects } from './effects.ts';
import { periodScoreKeys } from './score.ts';
import type { Problem } from '../contract/problem.ts';
import { parsePeriod, periodLabel } from '../scheme/period.ts';
import { readManifest, type Failure, type Manifest, type ManifestEntry } from './manifest.ts';

export interface RenderContext {
  store: Store;
  scheme: Scheme;
  /** Every problem (allProblems), when the caller has read them already; read here otherwise. */
  problems?: Problem[];
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
  /** A PDF for every organization; default: when there are at most LARGE_SYSTEM_ORGANIZATIONS. */
  branchReports?: boolean;
  /** The lists of every organization and candidate issued per 片区; default: when there are more than LARGE_SYSTEM_ORGANIZATIONS. */
  byRegion?: boolean;
  /** How the summary is issued (documents.yaml). */
  documents?: DocumentsSettings;
  /** The office's fonts folder (the official fonts), when there is one. */
  fontsDir?: string | null;
  /** Where the code the keys cover is read from: src/ unless a test points it at a changed copy. */
  codeRoot?: string;
  /** Each period's 回收截止 date, for the 回收情况 in results.xlsx, the 催交名单 and index.html. */
  due?: (period: string) => Date | null;
  /** The 回收情况's facts of periods, read before (the build reads them beside the scoring); the others are read here. */
  statusFacts?: Map<string, StatusFacts>;
  /** Chromium started by the build (perhaps already running); otherwise started here if anything is printed. */
  printer?: LazyPrinter;
}

export interface RenderResult {
  outputs: ManifestEntry[];
  /** Paths of the documents printed and the files written this time. */
  made: string[];
  /** How many files were taken unchanged from the published folder. */
  reused: number;
  /** Whether the organizations' own PDFs were made this time. */
  branchReports: boolean;
  /** Whether the lists of every organization and candidate were issued per 片区. */
  byRegion: boolean;
  /** Documents that could not be printed even after restarting Chromium once. */
  failed: Failure[];
  /** Times Chromium died while printing and was started again. */
  browserRestarts: number;
  /** Milliseconds per part of the stage (planning, HTML, Chromium per kind of document, exports, hashing…). */
  profile: Record<string, PartTime>;
}

/**
 * The code the render stage's files come from, for the key of the whole stage (renderInputs):
 * the report library (planning, view models, templates engine, charts, exports), the form
 * writers the exports use, and this stage. Broader than any one file's key on purpose: it only
 * decides whether the files are planned at all; the print environment covers the printing.
 */
const RENDER_CODE: Code = {
  source: ['report', 'forms', 'pipeline/render.ts', 'pipeline/manifest.ts'],
  packages: ['handlebars', 'echarts', 'exceljs', 'jszip'],
};

/**
 * What every file of the stage is made under besides the data: the scheme, the settings, what
 * was asked for, the templates, the code and the print environment.
 */
function settingsKey(
  ctx: RenderContext,
  o: { branchReports: boolean; byRegion: boolean; environment: string },
): string {
  const templates = ctx.templates ?? DEFAULT_TEMPLATES;
  return fingerprint(
    ctx.scheme,
    o.branchReports,
    o.byRegion,
    ctx.documents ?? DEFAULT_DOCUMENTS,
    filesHash(dirname(templates), basename(templates)),
    codeFingerprint(RENDER_CODE, ctx.codeRoot),
    o.environment,
  );
}

/**
 * Everything the render stage reads: the data (the score key covers the scheme, the overrides
 * and every submission the results and the records come from), the problems (index and data
 * quality reports), the 回收情况 as of today, the periods asked for and the settings. Equal
 * inputs, equal files: a build that finds the published folder made from the same inputs takes
 * it as it is, without computing a single view model.
 */
async function renderInputs(
  ctx: RenderContext,
  settings: string,
  problems: Problem[],
  statuses: Map<string, PeriodStatus>,
): Promise<string> {
  const [scored] = await ctx.store.rows<{ inputs: string }>('SELECT inputs FROM score_run');
  return fingerprint(scored?.inputs ?? null, settings, problems, [...statuses], ctx.periods ?? null);
}

/**
 * Each period's inputs: the settings, what its results come from (periodScoreKeys: its own and
 * earlier periods' submissions), its problems and its 回收情况. A period's documents show nothing
 * of a later period, so a form resubmitted for the newest period leaves the older periods' keys
 * as they are, and their files are taken without planning them (their view models were half of
 * a district's one-form rebuild with two periods, and grow with every period kept).
 */
async function periodInputs(
  ctx: RenderContext,
  settings: string,
  periods: string[],
  statuses: Map<string, PeriodStatus>,
  problemsOf: PeriodProblems,
): Promise<Map<string, string>> {
  const scores = await periodScoreKeys(ctx.store, ctx.scheme, periods, ctx.codeRoot);
  const keys = new Map<string, string>();
  for (const p of periods) {
    keys.set(p, fingerprint(settings, p, scores.get(p)!, await problemsOf(p), statuses.get(p) ?? null));
  }
  return keys;
}

type PrintedOutput = Extract<PlannedOutput, { pdf: PdfJob }>;
type MadeOutput = Exclude<PlannedOutput, PrintedOutput>;

/**
 * Loads what a build that prints needs and a build with nothing to print never loads: the plan's
 * modules, ECharts with a chart drawn once, pdf-lib. For a watch worker's idle time (~0.4 s off
 * its next build that prints).
 */
export async function warmRenderer(): Promise<void> {
  await import('../report/plan-outputs.ts');
  await import('../pdf/pdf-split.ts');
  const { radarSvg } = await import('../report/charts.ts');
  radarSvg([{ label: '德', max: 1 }], [{ name: '预热', values: [1] }]);
}

/** Whether each organization's own documents are printed and the lists of all are issued per 片区: as asked, else by the system's size. */
export async function renderChoices(
  store: Store,
  asked: { branchReports?: boolean; byRegion?: boolean },
): Promise<{ branchReports: boolean; byRegion: boolean }> {
  // A province's 6,000 organization reports are hours of printing: asked for, not assumed; and
  // its lists of every organization are too long for one document.
  const large = (await organizationCount(store)) > LARGE_SYSTEM_ORGANIZATIONS;
  return { branchReports: asked.branchReports ?? !large, byRegion: asked.byRegion ?? large };
}

export async function render(ctx: RenderContext, effects: Effects = QUIET): Promise<RenderResult> {
  const { store, staging, output } = ctx;
  const profile = new Profile();
  const browser = ctx.printer ? ctx.printer.browser : findBrowser();
  const all = await resultPeriods(store);
  const periods = all.filter((p) => !ctx.periods || ctx.periods.includes(p));
  const { branchReports, byRegion } = await renderChoices(store, ctx);
  const fontsDir = ctx.fontsDir ?? null;
  const environment = await profile.time('print environment', () =>
    printEnvironment(browser, { fontsDir, codeRoot: ctx.codeRoot }),
  );
  // 回收情况 as of today: how late a form is changes with the day.
  const now = new Date();
  const statuses = new Map<string, PeriodStatus>();
  for (const p of all) {
    const facts = ctx.statusFacts?.get(p) ?? (await statusFacts(store, p));
    statuses.set(p, periodStatus(ctx.scheme, facts, ctx.due?.(p) ?? null, now));
  }
  const previous = output ? await readManifest(output) : null;
  const problems = ctx.problems ?? (await allProblems(store, ctx.scheme));
  const settings = profile.timeSync('render inputs', () => settingsKey(ctx, { branchReports, byRegion, environment }));
  const inputs = await profile.time('render inputs', () => renderInputs(ctx, settings, problems, statuses));
  if (output && !ctx.force && previous?.inputs === inputs) {
    const taken = profile.timeSync('reuse: whole folder', () => reuseFolder(output, staging, previous));
    if (taken)
      return {
        outputs: taken,
        made: [],
        reused: taken.length,
        branchReports,
        byRegion,
        failed: [],
        browserRestarts: 0,
        profile: profile.toJSON(),
      };
  }

  // Read once: for the periods' keys here, then by the plan's documents.
  const problemsOf = periodProblems(store, ctx.scheme);
  const periodKeys = await profile.time('render inputs', () =>
    periodInputs(ctx, settings, periods, statuses, problemsOf),
  );
  const published = new Map((previous?.outputs ?? []).map((e) => [e.path, e]));

  const outputs: ManifestEntry[] = [];
  const made: string[] = [];
  let reused = 0;
  const take = (entry: ManifestEntry) => {
    const to = join(staging, entry.path);
    profile.timeSync('reuse: link', () => linkInto(join(output!, entry.path), to));
    outputs.push({ ...entry, stat: fileStat(to) });
    reused += 1;
  };
  // A file is reused when its key is unchanged and the published copy is still intact.
  const intactCopy = (entry: ManifestEntry) =>
    profile.timeSync('reuse: check published file', () => intact(join(output!, entry.path), entry));
  const reuse = (entry: ManifestEntry | undefined): boolean => {
    if (!entry || !output || !intactCopy(entry)) return false;
    take(entry);
    return true;
  };
  // A period whose inputs are unchanged and whose published files are all intact is taken whole.
  const reusePeriod = (period: string): boolean => {
    if (ctx.force || !output || !previous || previous.periods?.[period] !== periodKeys.get(period)) return false;
    const entries = previous.outputs.filter((e) => e.period === period);
    if (!entries.every(intactCopy)) return false;
    entries.forEach(take);
    return true;
  };
  const toPlan = periods.filter((p) => !reusePeriod(p));

  // Loaded only when something may have changed: the view models, charts and exports.
  const { planOutputs } = await import('../report/plan-outputs.ts');
  const renderer = createRenderer(ctx.templates);
  const planned = await planOutputs(store, ctx.scheme, toPlan, renderer, environment, {
    branchReports,
    byRegion,
    documents: ctx.documents ?? DEFAULT_DOCUMENTS,
    codeRoot: ctx.codeRoot,
    statuses,
    profile,
    problems: problemsOf,
  });
  const write = async (p: PlannedOutput, bytes: Uint8Array, pages?: number) => {
    const file = join(staging, p.entry.path);
    // Synchronous: a file of a few hundred KB is written in well under a millisecond, and each
    // trip through libuv's thread pool cost tens of them on a busy machine.
    profile.timeSync('write', () => {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, bytes);
    });
    outputs.push({
      ...p.entry,
      key: p.key,
      sha256: profile.timeSync('hash made file', () => sha256(bytes)),
      bytes: bytes.length,
      ...(pages !== undefined && { pages }),
      stat: fileStat(file),
    });
    made.push(p.entry.path);
  };

  // Periods not asked for this time keep their published files.
  if (ctx.periods) {
    for (const entry of published.values())
      if (all.includes(entry.period) && !periods.includes(entry.period)) reuse(entry);
  }

  const toPrint: PrintedOutput[] = [];
  const toMake: MadeOutput[] = [];
  for (const p of planned) {
    const before = published.get(p.entry.path);
    if (!ctx.force && before?.key === p.key && reuse(before)) continue;
    if ('pdf' in p) toPrint.push(p);
    else toMake.push(p);
  }
  // The exports are made while Chromium starts and prints, not before: both are long, and
  // they use different processes.
  const exports = (async () => {
    for (const p of toMake)
      await write(p, await profile.time(`export ${p.entry.path.endsWith('.csv') ? 'csv' : 'xlsx'}`, p.make));
  })();

  const failed: Failure[] = [];
  let done = 0;
  const progress = () => effects.progress?.('render', done, toPrint.length);
  if (toPrint.length > 0) progress();
  const printing = printAll(
    // The organizations' own documents share a template each: they print in batches (PdfJob.batchGroup).
    toPrint.map((p) => ({ ...p.pdf, part: p.entry.kind })),
    {
      browser,
      fontsDir,
      profile,
      ...(ctx.printer && { printer: ctx.printer }),
      ...(ctx.jobs !== undefined && { jobs: ctx.jobs }),
      onPrinted: async (i, pdf) => {
        await write(
          toPrint[i]!,
          pdf,
          profile.timeSync('count pages', () => pdfPages(pdf)),
        );
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
  // Both run to their end before an error of either is thrown: Chromium is closed, no file is half-written.
  const [exported, printed] = await Promise.allSettled([exports, printing]);
  if (exported.status === 'rejected') throw exported.reason;
  if (printed.status === 'rejected') throw printed.reason;
  const { browserRestarts } = printed.value;
  outputs.sort((a, b) => a.path.localeCompare(b.path));
  failed.sort((a, b) => a.path.localeCompare(b.path));
  await profile.time('manifest + index', async () => {
    const index = indexHtml(renderer, ctx.scheme, { outputs, failed }, problems, statuses);
    // A folder with a failed document is planned again next time, so the document is tried again;
    // so is its period. A period not asked for this time is planned next time too: its files are
    // the ones of the folder before, as far as they were intact.
    const failedPeriods = new Set(failed.map((f) => toPrint.find((p) => p.entry.path === f.path)?.entry.period));
    const manifest: Manifest = {
      generatedBy: 'pingyi',
      outputs,
      failed,
      periods: Object.fromEntries([...periodKeys].filter(([p]) => !failedPeriods.has(p))),
      ...(failed.length === 0 && { inputs, index: sha256(index) }),
    };
    await mkdir(staging, { recursive: true });
    await writeFile(join(staging, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    await writeFile(join(staging, 'index.html'), index);
  });
  return {
    outputs,
    made: made.sort(),
    reused,
    branchReports,
    byRegion,
    failed,
    browserRestarts,
    profile: profile.toJSON(),
  };
}

/**
 * Links every file of the published folder into the staging folder, with its index, and writes
 * its manifest there; null, having linked nothing, when any of them is missing or not the bytes
 * the manifest says (someone edited or deleted a file: the stage then plans and makes it again).
 */
function reuseFolder(output: string, staging: string, manifest: Manifest): ManifestEntry[] | null {
  const index = join(output, 'index.html');
  if (
    !manifest.outputs.every((f) => intact(join(output, f.path), f)) ||
    !intact(index, { sha256: manifest.index ?? '' })
  )
    return null;
  linkInto(index, join(staging, 'index.html'));
  const outputs = manifest.outputs.map((f) => {
    const to = join(staging, f.path);
    linkInto(join(output, f.path), to);
    return { ...f, stat: fileStat(to) };
  });
  // Written again, not linked: a file copied where it could not be linked is another file, and
  // one found intact by its bytes (a manifest from before stats) gets its stat.
  writeFileSync(join(staging, 'manifest.json'), `${JSON.stringify({ ...manifest, outputs }, null, 2)}\n`);
  return outputs;
}

/** A published file into the staging folder: hard-linked, copied where links cannot be made. */
function linkInto(from: string, to: string): void {
  mkdirSync(dirname(to), { recursive: true });
  try {
    linkSync(from, to);
  } catch {
    // Another file system, or one without hard links.
    copyFileSync(from, to);
  }
}

/**
 * Whether the published file is still there with the bytes the manifest says: known without
 * reading it when it is the file that was published (fileStat), else by its SHA-256. A tool
 * that writes the same number of bytes into the file in place and sets its modification time
 * back fools the first; `--force` makes every file again.
 */
function intact(path: string, entry: { sha256: string; stat?: string }): boolean {
  try {
    return (entry.stat !== undefined && fileStat(path) === entry.stat) || sha256File(path) === entry.sha256;
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
  manifest: Pick<Manifest, 'outputs' | 'failed'>,
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
