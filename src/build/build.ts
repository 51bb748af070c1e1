// The pipeline as one readable recipe. Each stage gets what the previous one produced;
// the logger comes in through `effects`, so tests run the real thing into a temp folder.
import { dirname, resolve } from 'node:path';
import type { Problem } from '../ingest/problem.ts';
import { loadScheme, resolveSchemeFile } from '../scheme/load.ts';
import { Store } from '../store/db.ts';
import { loadInput, type LoadSummary } from '../store/load-input.ts';
import { currentProblems } from '../store/problems.ts';
import { loadOverrides, resolveOverridesFile } from '../score/overrides.ts';
import { score, type ScoreSummary } from '../score/run.ts';
import { renderReports, type ManifestEntry, type ReportResult } from '../report/render-reports.ts';

export interface BuildOptions {
  input: string;
  output: string;
  db: string;
  scheme?: string;
  overrides?: string;
  templates?: string;
  /** Periods to render; default all. */
  periods?: string[];
  jobs?: number;
}

export interface Effects {
  log(line: string): void;
}

export interface BuildSummary {
  schemeFile: string;
  ingest: LoadSummary;
  score: ScoreSummary;
  outputs: ManifestEntry[];
  failed: ReportResult['failed'];
  /** Every problem of the files in the input folder now, and across them. */
  problems: Problem[];
  timings: Record<string, number>;
}

export async function build(options: BuildOptions, effects: Effects): Promise<BuildSummary> {
  const timings: Record<string, number> = {};
  const schemeFile = resolveSchemeFile(options.scheme, options.input);
  const { scheme, text } = loadScheme(schemeFile);
  effects.log(`评议方案：${scheme.name}（${scheme.version}）`);
  const overridesFile = resolveOverridesFile(options.overrides, options.input);
  const overrides = loadOverrides(overridesFile, scheme);
  if (overridesFile) effects.log(`调整决定：${overridesFile}（${overrides.length} 条）`);

  const store = await Store.open(resolve(options.db));
  try {
    const started = performance.now();
    const ingest = await loadInput(store, { dir: options.input, scheme, schemeText: text, skip: [options.output, dirname(resolve(options.db))] });
    timings.ingest = performance.now() - started;
    effects.log(`读入：${ingest.files.length} 个文件（新读 ${ingest.read}，未变化跳过 ${ingest.skipped}），用时 ${(timings.ingest / 1000).toFixed(1)} 秒`);

    const scoring = performance.now();
    const scored = await score(store, scheme, overrides);
    timings.score = performance.now() - scoring;
    effects.log(`评分：${scored.periods.join('、') || '没有评议期'}，党组织结果 ${scored.orgs} 个，党员结果 ${scored.members} 个，用时 ${(timings.score / 1000).toFixed(1)} 秒`);

    const rendering = performance.now();
    const { outputs, failed } = await renderReports(store, scheme, {
      outDir: resolve(options.output),
      ...(options.templates !== undefined && { templates: resolve(options.templates) }),
      ...(options.periods !== undefined && { periods: options.periods }),
      ...(options.jobs !== undefined && { jobs: options.jobs }),
    });
    timings.report = performance.now() - rendering;
    effects.log(`报告：${outputs.length} 个文件写入 ${resolve(options.output)}，用时 ${(timings.report / 1000).toFixed(1)} 秒`);
    return { schemeFile, ingest, score: scored, outputs, failed, problems: await currentProblems(store), timings };
  } finally {
    store.close();
  }
}
