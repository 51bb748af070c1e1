// The benchmark: synthetic input at a chosen scale (cached by seed), the real `pingyi build`
// cold, unchanged and with one branch changed, and the raw limits on the same files and
// documents, side by side in one run on one machine.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { cp, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { codeFingerprint } from '../../src/base/hash.ts';
import { planOutputs } from '../../src/report/plan-outputs.ts';
import { renderChoices } from '../../src/pipeline/render.ts';
import { GENERATOR_CODE } from '../../src/sample/generate.ts';
import { createRenderer } from '../../src/report/templates.ts';
import { loadScheme } from '../../src/scheme/load.ts';
import { Store } from '../../src/store/db.ts';
import { exceljsStreaming, unzipAndTokenise, warmPagePrint, type PrintLimit, type ReadLimit } from './limits.ts';
import { problemScaling, type ProblemTiming } from './problems.ts';
import { watchRepublish, type WatchRun } from './watch.ts';
import { samplePeak } from './process-tree.ts';
import { SCALES } from './scales.ts';

/** What `pingyi build --json` prints, as far as the benchmark reads it. */
interface BuildJson {
  exitCode: number;
  stages: {
    ingest: { ms: number; files: number; parsed: number; rows: { read: number } };
    score: { ms: number; skipped: boolean };
    render: {
      ms: number;
      outputs: number;
      made: string[];
      reused: number;
      profile: Record<string, { ms: number; count: number }>;
    };
    publish: { ms: number };
  };
  outputs: { path: string; pages?: number }[];
  /** CPU time of the pingyi process itself. */
  cpuMs: number;
}

export interface BuildRun {
  wallMs: number;
  /** CPU time of the whole process tree (pingyi, Chromium), sampled every 0.1 s. */
  cpuMs: number;
  /** The machine's 1-minute load average when the build started and when it ended. */
  load: [number, number];
  /** 0 unless the run sampled memory. */
  peakMemoryMb: number;
  /** Peak until scoring was done: what the province target (≤ 2 GB for ingest + score) is about. */
  peakIngestScoreMb: number;
  summary: BuildJson;
}

export interface BenchResult {
  scale: string;
  seed: number;
  machine: { cores: number; memoryGb: number; node: string; date: string };
  input: { files: number; orgs: number; members: number; periods: string[]; electronicShare: number };
  cold: BuildRun;
  unchanged: BuildRun;
  oneBranchChanged: BuildRun;
  /** `pingyi watch` publishing a corrected form. */
  watch: WatchRun;
  limits: { exceljsStreaming: ReadLimit; unzipTokenise: ReadLimit; warmPagePrint: PrintLimit };
  /** Collecting and listing synthetic problems at two sizes, four times apart. */
  problems: ProblemTiming[];
  ratios: { ingestOverExceljs: number; ingestOverUnzip: number; printOverWarmPage: number };
}

const CLI = resolve('bin/pingyi.js');

/** A build, timed; its peak memory is sampled only with `memory` (which slows it: see samplePeak). */
export function runBuild(args: string[], memory = false): Promise<BuildRun> {
  return new Promise((done, fail) => {
    const started = performance.now();
    const load = loadavg()[0]!;
    const child = spawn(process.execPath, [CLI, 'build', '--json', '--problems-exit-code', '0', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const sampler = samplePeak(child.pid!, 100, memory);
    let out = '';
    let peakIngestScoreMb: number | null = null;
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      process.stderr.write(d);
      // The log line that ends the score stage.
      if (peakIngestScoreMb === null && /\] 评分：/.test(d.toString())) peakIngestScoreMb = sampler.sofar();
    });
    child.on('exit', (code) => {
      const { peakMb: peakMemoryMb, cpuMs } = sampler.stop();
      if (code !== 0) fail(new Error(`pingyi build exited ${code}: ${out}`));
      else
        done({
          wallMs: performance.now() - started,
          cpuMs,
          load: [load, loadavg()[0]!],
          peakMemoryMb,
          peakIngestScoreMb: peakIngestScoreMb ?? peakMemoryMb,
          summary: JSON.parse(out) as BuildJson,
        });
    });
  });
}

function workbooks(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.xlsx'))
    .map((f) => join(dir, f))
    .sort();
}

function run(args: string[]): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], { stdio: 'inherit' });
    child.on('exit', (code) => (code === 0 ? done() : fail(new Error(`${args.join(' ')} exited ${code}`))));
  });
}

/**
 * The cached input, or a new one when this scale and seed were never generated here: one
 * process per core, each writing its share of the forms (a province is 6,000 workbooks).
 */
export async function cachedInput(cacheRoot: string, name: string, seed: number): Promise<string> {
  // Made again when the generator (or the form writers it uses) changes.
  const generator = codeFingerprint(GENERATOR_CODE).slice(0, 12);
  const dir = join(cacheRoot, `${name}-${seed}-${generator}`);
  if (existsSync(join(dir, 'complete'))) return join(dir, 'input');
  rmSync(dir, { recursive: true, force: true });
  const started = performance.now();
  const parts = availableParallelism();
  const script = fileURLToPath(new URL('./generate-part.ts', import.meta.url));
  await Promise.all(
    Array.from({ length: parts }, (_, i) =>
      run([script, name, String(seed), join(dir, 'input'), String(i), String(parts)]),
    ),
  );
  await writeFile(join(dir, 'complete'), `${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  return join(dir, 'input');
}

/** A branch sends a corrected form: one comment changed, the file replaced (never written through). */
async function changeOneBranch(input: string, period: string, comment: string): Promise<void> {
  const file = workbooks(join(input, period)).find((f) => /_S0001_/.test(f))!;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  wb.getWorksheet('意见建议')!.getCell('B4').value = comment;
  await wb.xlsx.writeFile(`${file}.new`);
  await rename(`${file}.new`, file);
}

/** The HTML of the documents a build printed, for printing them again without the pipeline. */
async function documentsOf(
  db: string,
  periods: string[],
  printed: string[],
): Promise<{ html: string; landscape: boolean }[]> {
  const wanted = new Set(printed);
  return Store.using(db, async (store) => {
    // As the build chose them (a province: no branch reports, its lists issued per 片区).
    const choices = await renderChoices(store, {});
    const planned = await planOutputs(store, loadScheme().scheme, periods, createRenderer(), '', choices);
    const documents = [];
    for (const p of planned)
      if ('pdf' in p && wanted.has(p.entry.path))
        documents.push({ html: await p.pdf.html(), landscape: p.pdf.landscape });
    return documents;
  });
}

export async function bench(
  name: string,
  o: { seed: number; cache: string; work: string; log: (line: string) => void },
): Promise<BenchResult> {
  const scale = SCALES[name];
  if (!scale) throw new Error(`没有这个规模：${name}（可用：${Object.keys(SCALES).join('、')}）`);
  o.log(`准备 ${name} 规模的输入（种子 ${o.seed}）……`);
  const cached = await cachedInput(o.cache, name, o.seed);
  await rm(o.work, { recursive: true, force: true });
  await mkdir(o.work, { recursive: true });
  const input = join(o.work, 'input');
  await cp(cached, input, { recursive: true });
  const args = ['--input', input, '--output', join(o.work, 'output'), '--db', join(o.work, 'pingyi.duckdb')];

  o.log('冷启动生成（空数据库、空输出）……');
  const timed = await runBuild(args);
  // Memory from a second cold build of its own: sampling it slows the build (see samplePeak).
  o.log('冷启动生成，测内存……');
  await rm(join(o.work, 'output'), { recursive: true, force: true });
  for (const f of readdirSync(o.work)) if (f.startsWith('pingyi.duckdb')) await rm(join(o.work, f), { force: true });
  const sampled = await runBuild(args, true);
  const cold: BuildRun = { ...timed, peakMemoryMb: sampled.peakMemoryMb, peakIngestScoreMb: sampled.peakIngestScoreMb };
  // Logged as soon as known: a province bench runs for an hour, and a later step may fail.
  o.log(
    `冷启动 ${(timed.wallMs / 1000).toFixed(1)} 秒；内存峰值：到评分结束 ${sampled.peakIngestScoreMb.toFixed(0)} MB，整次 ${sampled.peakMemoryMb.toFixed(0)} MB`,
  );
  o.log('无变化再次生成……');
  const unchanged = await runBuild(args);
  o.log(`无变化再次生成 ${(unchanged.wallMs / 1000).toFixed(1)} 秒`);
  o.log('一个支部交了更正后再次生成……');
  const period = scale.periods[scale.periods.length - 1]!;
  await changeOneBranch(input, period, '希望多组织教研活动（更正）');
  const oneBranchChanged = await runBuild(args);
  o.log(`一个支部更正后再次生成 ${(oneBranchChanged.wallMs / 1000).toFixed(1)} 秒`);
  o.log('监视中，同一个支部又交了一次更正……');
  const watched = await watchRepublish(args, join(o.work, 'output'), () =>
    changeOneBranch(input, period, '希望多组织教研活动（再次更正）'),
  );

  const files = workbooks(cached);
  o.log('极限 (a)：exceljs 流式读取同样的文件……');
  const a = await exceljsStreaming(files);
  o.log('极限 (b)：直接解压并扫描同样的工作表 XML……');
  const b = unzipAndTokenise(files);
  o.log('极限 (c)：同一个预热的页面逐个打印同样的文档……');
  const c = await warmPagePrint(
    await documentsOf(
      join(o.work, 'pingyi.duckdb'),
      scale.periods,
      cold.summary.stages.render.made.filter((p) => p.endsWith('.pdf')),
    ),
  );

  return {
    scale: name,
    seed: o.seed,
    machine: {
      cores: availableParallelism(),
      memoryGb: totalmem() / 2 ** 30,
      node: process.version,
      date: new Date().toISOString(),
    },
    input: {
      files: cold.summary.stages.ingest.files,
      orgs: scale.orgs,
      members: scale.members,
      periods: scale.periods,
      electronicShare: scale.electronicShare,
    },
    cold,
    unchanged,
    oneBranchChanged,
    watch: watched,
    limits: { exceljsStreaming: a, unzipTokenise: b, warmPagePrint: c },
    problems: problemScaling(),
    ratios: {
      ingestOverExceljs: cold.summary.stages.ingest.ms / a.ms,
      ingestOverUnzip: cold.summary.stages.ingest.ms / b.ms,
      printOverWarmPage: cold.summary.stages.render.ms / c.ms,
    },
  };
}
