// docs/scale.md's table of measured figures, made again from bench runs:
//   npx tsx scripts/bench/scale-doc.ts bench/district.json [bench/city.json bench/province.json]
// (each file from `npm run bench -- --scale … --out FILE.json`). Only the table between the two
// markers is replaced; the text around it is written by hand. A scale without a file is left out.
import { readFileSync, writeFileSync } from 'node:fs';
import type { BenchResult, BuildRun } from './run.ts';

const DOC = 'docs/scale.md';
const START = '<!-- bench:start (scripts/bench/scale-doc.ts) -->';
const END = '<!-- bench:end -->';

const s = (ms: number) => `${(ms / 1000).toFixed(1)} 秒`;
const mb = (n: number) => (n >= 1024 ? `${(n / 1024).toFixed(2)} GB` : `${Math.round(n)} MB`);
const load = (r: BuildRun) => `负载 ${r.load[0].toFixed(1)}→${r.load[1].toFixed(1)}`;
const count = (n: number) => n.toLocaleString('en-US');

function stages(r: BuildRun): string {
  const st = r.summary.stages;
  return `读入 ${s(st.ingest.ms).replace(' 秒', '')}、评分${st.score.skipped ? '跳过' : ` ${s(st.score.ms).replace(' 秒', '')}`}、报告 ${s(st.render.ms).replace(' 秒', '')}`;
}

const cpu = (r: BuildRun) => `CPU ${s(r.cpuMs)}，其中 Chromium 等 ${s(Math.max(0, r.cpuMs - r.summary.cpuMs))}`;

/** The render stage's longest parts, longest first. */
function longest(r: BuildRun, n: number): string {
  return Object.entries(r.summary.stages.render.profile)
    .sort((a, b) => b[1].ms - a[1].ms)
    .slice(0, n)
    .map(([part, t]) => `\`${part}\` ${s(t.ms)}（${t.count} 次）`)
    .join('、');
}

function rowsOf(r: BenchResult): [string, string][] {
  const { cold, unchanged, oneBranchChanged: one } = r;
  const made = cold.summary.stages.render.made;
  const pdfs = made.filter((p) => p.endsWith('.pdf'));
  const pages = cold.summary.outputs.filter((o) => made.includes(o.path)).reduce((n, o) => n + (o.pages ?? 0), 0);
  const name = r.scale;
  return [
    [
      `${name} cold（首次全部生成：${count(r.input.orgs)} 个党组织、${count(r.input.files)} 个文件、${count(pdfs.length)} 份 PDF 共 ${count(pages)} 页）`,
      `${s(cold.wallMs)}（${stages(cold)}；${cpu(cold)}；${load(cold)}）`,
    ],
    [`${name} cold 报告阶段最长的几部分（并行的部分各自计时）`, longest(cold, 5)],
    [
      `${name} no-change（没有变化时再运行）`,
      `${s(unchanged.wallMs)}（${stages(unchanged)}；${cpu(unchanged)}；${load(unchanged)}）`,
    ],
    [`${name} one-branch（一个支部改交一份表）`, `${s(one.wallMs)}（${stages(one)}；${cpu(one)}；${load(one)}）`],
    [
      `${name} watch（监视中同一支部再次改交：文件夹安静后到新文件发布）`,
      `${s(r.watch.republishMs)}（安静时间 ${s(r.watch.settleMs)} 另计）`,
    ],
    [
      `${name} 读入 ÷ 解压扫描下限 (b)；报告 ÷ 单页逐份打印 (c)`,
      `${r.ratios.ingestOverUnzip.toFixed(2)}（(b) ${s(r.limits.unzipTokenise.ms)}）；${r.ratios.printOverWarmPage.toFixed(2)}（(c) ${s(r.limits.warmPagePrint.ms)}）`,
    ],
    [
      `${name} 内存峰值（整个进程树含 Chromium，PSS）`,
      `读入+评分 ${mb(cold.peakIngestScoreMb)}，整次 ${mb(cold.peakMemoryMb)}`,
    ],
  ];
}

function scaleTable(results: BenchResult[]): string {
  const m = results[0]!.machine;
  const dates = [...new Set(results.map((r) => r.machine.date.slice(0, 10)))].join('、');
  return [
    `| 场景 | 测量值（\`npm run bench\`，${m.cores} 核、${m.memoryGb.toFixed(1)} GB、Node ${m.node.replace(/^v/, '')}，${dates}） |`,
    '|---|---|',
    ...results.flatMap(rowsOf).map(([what, value]) => `| ${what} | ${value} |`),
  ].join('\n');
}

/** Replaces the table between the markers of `doc`. */
function withTable(doc: string, table: string): string {
  const start = doc.indexOf(START);
  const end = doc.indexOf(END);
  if (start === -1 || end < start) throw new Error(`${DOC} 中没有 ${START} … ${END}`);
  return `${doc.slice(0, start + START.length)}\n${table}\n${doc.slice(end)}`;
}

const files = process.argv.slice(2);
if (files.length === 0) throw new Error('用法：npx tsx scripts/bench/scale-doc.ts bench/district.json [更多 JSON]');
const results = files.map((f) => JSON.parse(readFileSync(f, 'utf8')) as BenchResult);
writeFileSync(DOC, withTable(readFileSync(DOC, 'utf8'), scaleTable(results)));
