// The benchmark's result as rows of measure, result and target: a Markdown table for people
// (and the issue note), and the same rows in the JSON.
import type { BenchResult, BuildRun } from './run.ts';

export interface BenchRow {
  measure: string;
  result: string;
  /** Empty when the measure has no target at this scale. */
  target: string;
}

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const rate = (n: number, ms: number) => (ms > 0 ? Math.round((n / ms) * 1000).toLocaleString('en-US') : '—');
const pages = (r: BuildRun) =>
  r.summary.outputs
    .filter((o) => r.summary.stages.render.made.includes(o.path))
    .reduce((n, o) => n + (o.pages ?? 0), 0);
const printed = (r: BuildRun) => r.summary.stages.render.made.filter((p) => p.endsWith('.pdf')).length;

const load = (r: BuildRun) => `load ${r.load[0].toFixed(1)} → ${r.load[1].toFixed(1)}`;
const cpu = (r: BuildRun) =>
  `${s(r.cpuMs)} (pingyi ${s(r.summary.cpuMs)}, Chromium and the rest ${s(Math.max(0, r.cpuMs - r.summary.cpuMs))})`;

/** The render stage's parts, longest first: the time each took, summed over the times it ran. */
function profileRows(label: string, r: BuildRun): [string, string, string][] {
  return Object.entries(r.summary.stages.render.profile)
    .sort((a, b) => b[1].ms - a[1].ms)
    .map(([part, t]) => [`  ${label}: ${part}`, `${s(t.ms)} (${t.count}×)`, '']);
}

function stages(r: BuildRun): string {
  const st = r.summary.stages;
  return `ingest ${s(st.ingest.ms)} (${st.ingest.parsed} files) · score ${st.score.skipped ? 'skipped' : s(st.score.ms)} · render ${s(st.render.ms)} (${st.render.made.length} made, ${st.render.reused} reused) · publish ${s(st.publish.ms)}`;
}

export function benchRows(r: BenchResult): BenchRow[] {
  const { cold, unchanged, oneBranchChanged: one, limits, ratios } = r;
  const [few, many] = r.problems;
  const ingest = cold.summary.stages.ingest;
  const render = cold.summary.stages.render;
  const district = (target: string) => (r.scale === 'district' ? target : '');
  const province = (target: string) => (r.scale === 'province' ? target : '');
  const rows: [string, string, string][] = [
    ['cold build (empty database and outputs), wall', `${s(cold.wallMs)} (${load(cold)})`, district('≤ 20 s')],
    ['  CPU, whole process tree', cpu(cold), ''],
    ['  stages', stages(cold), ''],
    ...profileRows('render', cold),
    ['no-change rebuild, wall', `${s(unchanged.wallMs)} (${load(unchanged)})`, district('≤ 1.5 s')],
    ['  CPU, whole process tree', cpu(unchanged), ''],
    ['  stages', stages(unchanged), ''],
    ['one branch changed, wall', `${s(one.wallMs)} (${load(one)})`, district('≤ 5 s')],
    ['  CPU, whole process tree', cpu(one), ''],
    ['  stages', stages(one), ''],
    ...profileRows('render', one),
    [
      `watch: a resubmitted form published, after the folder settled (settle ${s(r.watch.settleMs)})`,
      `${s(r.watch.republishMs)} (${r.watch.made.length} files made)`,
      district('≤ 3 s'),
    ],
    [
      'ingest (cold)',
      `${ingest.rows.read.toLocaleString('en-US')} rows, ${rate(ingest.rows.read, ingest.ms)} rows/s`,
      '',
    ],
    [
      'printing (cold render stage)',
      `${printed(cold)} PDFs, ${pages(cold)} pages: ${((printed(cold) / render.ms) * 1000).toFixed(2)} documents/s, ${((pages(cold) / render.ms) * 1000).toFixed(2)} pages/s`,
      '',
    ],
    [
      'peak memory (PSS), whole process tree, until scoring is done (a second cold build, sampled)',
      `${Math.round(cold.peakIngestScoreMb)} MB`,
      province('≤ 2 GB'),
    ],
    [
      'peak memory (PSS), whole process tree, whole build (a second cold build, sampled)',
      `${Math.round(cold.peakMemoryMb)} MB`,
      province('≤ 4 GB'),
    ],
    [
      '(a) exceljs streaming read, same files',
      `${s(limits.exceljsStreaming.ms)}, ${rate(limits.exceljsStreaming.rows, limits.exceljsStreaming.ms)} rows/s`,
      '',
    ],
    [
      '(b) unzip + tokenise sheet XML, same files',
      `${s(limits.unzipTokenise.ms)}, ${rate(limits.unzipTokenise.rows, limits.unzipTokenise.ms)} rows/s`,
      '',
    ],
    [
      '(c) one warm page, same documents in a row',
      `${s(limits.warmPagePrint.ms)}, ${((limits.warmPagePrint.documents / limits.warmPagePrint.ms) * 1000).toFixed(2)} documents/s`,
      '',
    ],
    ['ingest ÷ (a), time', ratios.ingestOverExceljs.toFixed(2), '≤ 0.33 (3× faster)'],
    ['ingest ÷ (b), time', ratios.ingestOverUnzip.toFixed(2), '≤ 2'],
    ['render stage ÷ (c), time', ratios.printOverWarmPage.toFixed(2), '≤ 0.6'],
    [
      `problems ×${(many!.problems / few!.problems).toFixed(0)}: ProblemLog + problemLines, ${few!.problems.toLocaleString('en-US')} → ${many!.problems.toLocaleString('en-US')} synthetic`,
      `${Math.round(few!.ms)} ms → ${Math.round(many!.ms)} ms, time ×${(many!.ms / few!.ms).toFixed(1)}`,
      '≈ ×4 (linear)',
    ],
  ];
  return rows.map(([measure, result, target]) => ({ measure, result, target }));
}

export function markdown(r: BenchResult): string {
  const m = r.machine;
  return [
    `## pingyi bench — ${r.scale}: ${r.input.orgs} organizations, ${r.input.members} members, ${r.input.periods.length} period(s), ${r.input.files} files, ${Math.round(r.input.electronicShare * 100)}% ballot-per-row`,
    '',
    `Machine: ${m.cores} cores, ${m.memoryGb.toFixed(1)} GB, Node ${m.node}; ${m.date.slice(0, 16).replace('T', ' ')} UTC; seed ${r.seed}.`,
    '',
    '| measure | result | target |',
    '|---|---|---|',
    ...benchRows(r).map((row) => `| ${row.measure} | ${row.result} | ${row.target} |`),
    '',
  ].join('\n');
}
