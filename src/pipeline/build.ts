// The pipeline as one readable recipe: lock → ingest → score → render → publish. Each stage
// is a file of its own taking (context, effects) and deciding from its keys what to redo;
// the logger, progress and the crash tests' pause points come in through `effects`, so
// tests run the real thing into a temp folder.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { collectGarbage } from '../base/collect-garbage.ts';
import { EXIT, ExplainedError } from '../base/errors.ts';
import { timestamp } from '../base/timestamp.ts';
import { problemCounts, type Problem } from '../contract/problem.ts';
import { findBrowser, removeStaleProfiles } from '../pdf/browser.ts';
import { FONTS_FOLDER } from '../pdf/fonts/roles.ts';
import { LazyPrinter } from '../pdf/lazy-printer.ts';
import { loadDocumentsSettings, resolveDocumentsFile } from '../report/documents-file.ts';
import { loadScheme, resolveSchemeFile } from '../scheme/load.ts';
import { dueDate, loadOffice, resolveOfficeFile } from '../distribute/office.ts';
import { everyPeriodsFacts } from '../distribute/status-facts.ts';
import type { StatusFacts } from '../distribute/status.ts';
import { loadOverrides, resolveOverridesFile } from '../score/overrides.ts';
import { Store } from '../store/db.ts';
import { allProblems } from '../report/views/problems.ts';
import { checkTemplates } from '../report/templates.ts';
import type { Effects, Stage } from './effects.ts';
import { ingest, type LoadSummary } from './ingest.ts';
import { acquireLocks, waitingFor } from './lock.ts';
import type { ManifestEntry } from './manifest.ts';
import {
  outputLock,
  previousDir,
  publishBuild,
  recoverOutput,
  stagingDir,
  startStaging,
  writingOutput,
} from './publish.ts';
import { render, type RenderResult } from './render.ts';
import { LARGE_SYSTEM_ORGANIZATIONS } from '../report/views/shared.ts';
import { score, type ScoreSummary } from './score.ts';

export type { Effects, Stage } from './effects.ts';

export interface BuildOptions {
  input: string;
  output: string;
  db: string;
  scheme?: string;
  overrides?: string;
  /** The summary's 公文 settings (documents.yaml); default the one beside the input folder. */
  documents?: string;
  /** The office's settings (due dates for 回收情况); default office.yaml beside the input folder. */
  office?: string;
  templates?: string;
  /** Periods to render; default all. */
  periods?: string[];
  jobs?: number;
  /** A PDF for every organization; default: when there are at most LARGE_SYSTEM_ORGANIZATIONS. */
  branchReports?: boolean;
  /** The lists of every organization and candidate issued per 片区; default: when there are more than LARGE_SYSTEM_ORGANIZATIONS. */
  byRegion?: boolean;
  /** Read every file and make every output again. */
  force?: boolean;
  /** Wait for a build already running (default), or fail at once with LockBusy. */
  wait?: boolean;
  /**
   * Where the stages read the code their keys cover (base/hash.ts): this installation's src/,
   * unless a test points it at a changed copy to see what a change of code redoes.
   */
  codeRoot?: string;
}

export type RenderSummary = Omit<RenderResult, 'outputs'>;

export interface BuildSummary {
  schemeFile: string;
  outputDir: string;
  ingest: LoadSummary;
  score: ScoreSummary;
  render: RenderSummary;
  outputs: ManifestEntry[];
  /** Every problem of the files in the input folder now, across them, and found by the scoring. */
  problems: Problem[];
  /** Milliseconds per stage. */
  timings: Record<Stage, number>;
}

export class InputFolderMissing extends ExplainedError {
  readonly exitCode = EXIT.usage;
  constructor(dir: string) {
    super(`输入文件夹 ${dir} 不存在；请创建它并放入回收的评议表，或用 --input 指定文件夹`);
  }
}

/** What is never input even when it sits inside the input folder. */
export function buildSkips(o: Pick<BuildOptions, 'output' | 'db'>): string[] {
  const output = resolve(o.output);
  return [output, stagingDir(output), previousDir(output), outputLock(output), dirname(resolve(o.db))];
}

/**
 * Up to how many input files Chromium starts while the build reads and scores. Reading more
 * takes minutes, and Chromium idle through them only adds its 0.4 GB to the peak of reading and
 * scoring (a province's: 2.77 GB with it); it then starts when the reports do.
 */
const EARLY_CHROMIUM_MAX_FILES = 1000;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} 秒`;
/** Local time as 2026-11-26 05:40:01, for logs. */
interface Printing {
  browser: string | null;
  fontsDir: string;
  jobs: number | undefined;
}

const newPrinter = (p: Printing) =>
  new LazyPrinter(p.browser, { fontsDir: p.fontsDir, ...(p.jobs !== undefined && { warmPages: p.jobs }) });

/**
 * Chromium kept running between the builds of a process that builds again and again (`pingyi
 * watch`'s worker); undefined in any other process, whose builds start their own Chromium when
 * they print and close it.
 */
let kept: { printer: LazyPrinter; printing: Printing } | null | undefined;

/** From now on, builds in this process share one Chromium, kept until closeKeptChromium(). */
export function keepChromiumBetweenBuilds(): void {
  kept ??= null;
}

export async function closeKeptChromium(): Promise<void> {
  await kept?.printer.close();
  kept = null;
}

/** The kept Chromium, a new one if the browser, the fonts folder or the number of pages asked for changed. */
async function keptPrinter(p: Printing): Promise<LazyPrinter> {
  const same =
    kept &&
    kept.printing.browser === p.browser &&
    kept.printing.fontsDir === p.fontsDir &&
    kept.printing.jobs === p.jobs;
  if (!same) {
    await closeKeptChromium();
    kept = { printer: newPrinter(p), printing: p };
  }
  return kept!.printer;
}

/** The settings files a build reads, each given or found beside the input folder; a bad one is a usage error. */
export function buildSettings(options: BuildOptions) {
  const schemeFile = resolveSchemeFile(options.scheme, options.input);
  const { scheme, text: schemeText } = loadScheme(schemeFile);
  const overridesFile = resolveOverridesFile(options.overrides, options.input);
  const documentsFile = resolveDocumentsFile(options.documents, options.input);
  return {
    schemeFile,
    scheme,
    schemeText,
    overridesFile,
    overrides: loadOverrides(overridesFile, scheme),
    documentsFile,
    documents: loadDocumentsSettings(documentsFile),
    office: loadOffice(resolveOfficeFile(options.office, options.input)),
  };
}

export async function build(options: BuildOptions, effects: Effects): Promise<BuildSummary> {
  const input = resolve(options.input);
  const output = resolve(options.output);
  const db = resolve(options.db);
  const force = options.force ?? false;
  const { codeRoot } = options;
  const runLog: string[] = [];
  const log = (line: string) => {
    runLog.push(`[${timestamp()}] ${line}`);
    effects.log(line);
  };
  const stageEffects: Effects = { ...effects, log };
  const timings = { ingest: 0, score: 0, render: 0, publish: 0 };
  const timed = async <T>(stage: Stage, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await work();
    timings[stage] = performance.now() - started;
    return result;
  };

  // Usage errors first: they need no lock and no database.
  if (!existsSync(input)) throw new InputFolderMissing(input);
  const templates = options.templates && resolve(options.templates);
  const templatesShipped = templates ? checkTemplates(templates) : [];
  const { schemeFile, scheme, schemeText, overridesFile, overrides, documentsFile, documents, office } =
    buildSettings(options);
  // The official fonts, when the office has copied them there (README: 字体).
  const fontsDir = join(dirname(input), FONTS_FOLDER);

  const printing = { browser: findBrowser(), fontsDir, jobs: options.jobs };
  const ownPrinter = kept === undefined ? newPrinter(printing) : null;
  const printer = ownPrinter ?? (await keptPrinter(printing));
  let closing: Promise<void> | undefined;

  const lock = await writingOutput(output, () =>
    acquireLocks([`${db}.lock`, outputLock(output)], {
      wait: options.wait ?? true,
      onWait: (owner) => log(waitingFor(owner)),
    }),
  );
  try {
    for (const line of await recoverOutput(output)) log(line);
    // Chromium profiles of killed runs, even when this run prints nothing.
    await removeStaleProfiles();
    log(
      `评议方案：${scheme.name}（${scheme.version}）${overridesFile ? `；调整决定：${overridesFile}（${overrides.length} 条）` : ''}${documentsFile ? `；公文设置：${documentsFile}` : ''}`,
    );
    if (templatesShipped.length > 0)
      log(`模板文件夹 ${templates} 中没有 ${templatesShipped.join('、')}（复制后新增的），这些用自带的模板`);
    const store = await Store.open(db);
    // Read on a connection of its own beside the scoring; settled before the database closes.
    let factsRead: Promise<Map<string, StatusFacts>> | undefined;
    try {
      const ingested = await timed('ingest', () =>
        ingest(
          {
            store,
            input,
            scheme,
            schemeText,
            skip: buildSkips(options),
            force,
            codeRoot,
            cacheFile: `${db}.files.json`,
            // New data will almost surely print something: Chromium starts while the build reads
            // (on one core) and scores. A kept Chromium starts with the first build, to be warm for the next.
            onFirstRead: (files) => {
              if (files <= EARLY_CHROMIUM_MAX_FILES) printer.start();
            },
          },
          stageEffects,
        ),
      );
      log(
        `读入：${ingested.files.length} 个文件，新读 ${ingested.read} 个（数据行 ${ingested.rows.read}：采用 ${ingested.rows.accepted}，拒收 ${ingested.rows.rejected}），未变化跳过 ${ingested.skipped} 个，用时 ${seconds(timings.ingest)}`,
      );
      // What the reading left for the collector goes before scoring adds DuckDB's memory to it.
      collectGarbage();
      // Started already if a file was read (onFirstRead); --force prints everything again.
      if ((force && ingested.files.length <= EARLY_CHROMIUM_MAX_FILES) || !ownPrinter) printer.start();

      // 回收情况 comes from the files and records, not from the results: read beside the scoring, which
      // leaves a core idle.
      factsRead = everyPeriodsFacts(store);
      // Its failure is the build's when it is awaited, not an unhandled rejection while the scoring runs.
      factsRead.catch(() => undefined);
      const scored = await timed('score', () => score({ store, scheme, overrides, force, codeRoot }, stageEffects));
      log(
        scored.skipped
          ? `评分：数据和方案都没有变化，沿用上次结果（${scored.periods.join('、') || '没有评议期'}），用时 ${seconds(timings.score)}`
          : `评分：${scored.periods.join('、') || '没有评议期'}，党组织结果 ${scored.orgs} 个，党员结果 ${scored.members} 个，用时 ${seconds(timings.score)}`,
      );

      // Read once, for the render stage's key, its documents and the log (a province's 69,000: 1.8 s).
      const problems = await allProblems(store, scheme);
      const facts = await factsRead;
      const staging = await writingOutput(output, () => startStaging(output));
      const rendered = await timed('render', () =>
        writingOutput(output, () =>
          render(
            {
              store,
              scheme,
              problems,
              staging,
              output,
              force,
              templates,
              documents,
              fontsDir: existsSync(fontsDir) ? fontsDir : null,
              periods: options.periods,
              jobs: options.jobs,
              branchReports: options.branchReports,
              byRegion: options.byRegion,
              due: (period) => dueDate(office, period),
              statusFacts: facts,
              codeRoot,
              printer,
            },
            stageEffects,
          ),
        ),
      );
      if (!rendered.branchReports) {
        log(
          `各党组织的 PDF 报告、承诺公示和党员排名 PDF：${options.branchReports === false ? '按 --no-branch-reports 未生成' : `党组织超过 ${LARGE_SYSTEM_ORGANIZATIONS} 个，本次未生成（需要时加 --branch-reports）`}；全部党员的结果在 results.xlsx 和 csv/党员评议结果.csv 中`,
        );
      }
      if (rendered.byRegion && options.byRegion === undefined)
        log(
          `党组织超过 ${LARGE_SYSTEM_ORGANIZATIONS} 个：总体情况报告的附件2、3，党组织排名、推荐情况汇总和数据质量报告按片区分册（不需要时加 --no-by-region）`,
        );
      log(
        `报告：${rendered.outputs.length} 个文件，新生成 ${rendered.made.length} 个，未变化沿用 ${rendered.reused} 个${rendered.failed.length ? `，失败 ${rendered.failed.length} 个` : ''}，用时 ${seconds(timings.render)}`,
      );
      if (rendered.browserRestarts > 0)
        log(`打印中浏览器意外退出，已重新启动 ${rendered.browserRestarts} 次，正在打印的文档各重试了一次`);
      for (const f of rendered.failed) log(`生成失败：${f.path}（${f.reason}）`);

      // Chromium closes while the build publishes.
      closing = ownPrinter?.close();
      if (problems.length > 0) log(`数据问题：${problemCounts(problems)}，详见 build.log`);
      await timed('publish', () =>
        publishBuild({ output, runLog: [...runLog, `[${timestamp()}] 发布到 ${output}`], problems }, stageEffects),
      );
      log(`发布：输出文件夹 ${output} 已整体更新，用时 ${seconds(timings.publish)}`);
      const { outputs, ...renderSummary } = rendered;
      return {
        schemeFile,
        outputDir: output,
        ingest: ingested,
        score: scored,
        render: renderSummary,
        outputs,
        problems,
        timings,
      };
    } finally {
      // Closed after publishing: closing writes the database's log into its file (~0.3 s), which
      // the published files need not wait for; what they show was committed before.
      await factsRead?.catch(() => undefined);
      store.close();
    }
  } finally {
    await (closing ?? ownPrinter?.close());
    lock.release();
  }
}
