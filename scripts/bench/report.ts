// The benchmark's result as a Markdown table for people (and the issue note).
import type { BenchResult, BuildRun } from './run.ts';

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const rate = (n: number, ms: number) => (ms > 0 ? Math.round((n / ms) * 1000).toLocaleString('en-US') : '—');
const pages = (r: BuildRun) =>
  r.summary.outputs
    .filter((o) => r.summary.stages.render.made.includes(o.path))
    .reduce((n, o) => n + (o.pages ?? 0), 0);
const printed = (r: BuildRun) => r.summary.stages.render.made.filter((p) => p.endsWith('.pdf')).length;

function stages(r: BuildRun): string {
  const st = r.summary.stages;
  return `ingest ${s(st.ingest.ms)} (${st.ingest.parsed} files) · score ${st.score.skipped ? 'skipped' : s(st.score.ms)} · render ${s(st.render.ms)} (${st.render.made.length} made, ${st.render.reused} reused) · publish ${s(st.publish.ms)}`;
}

export function markdown(r: BenchResult): string {
  const { cold, unchanged, oneBranchChanged: one, limits, ratios } = r;
  const [few, many] = r.problems;
  const ingest = cold.summary.stages.ingest;
  const render = cold.summary.stages.render;
  const rows: [string, string, string][] = [
    ['cold build (empty database and outputs), wall', s(cold.wallMs), r.scale === 'district' ? '≤ 20 s' : ''],
    ['  stages', stages(cold), ''],
    ['no-change rebuild, wall', s(unchanged.wallMs), r.scale === 'district' ? '≤ 2 s' : ''],
    ['  stages', stages(unchanged), ''],
    ['one branch changed, wall', s(one.wallMs), r.scale === 'district' ? '≤ 5 s' : ''],
    ['  stages', stages(one), ''],
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
      'peak memory (PSS), whole process tree, until scoring is done (cold)',
      `${Math.round(cold.peakIngestScoreMb)} MB`,
      r.scale === 'province' ? '≤ 2 GB' : '',
    ],
    ['peak memory (PSS), whole process tree, whole build (cold)', `${Math.round(cold.peakMemoryMb)} MB`, ''],
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
    ['ingest ÷ (b), time', ratios.ingestOverUnzip.toFixed(2), '≤ 1.5'],
    ['render stage ÷ (c), time', ratios.printOverWarmPage.toFixed(2), '≤ 1.2'],
    [
      `problems ×${(many!.problems / few!.problems).toFixed(0)}: ProblemLog + problemLines, ${few!.problems.toLocaleString('en-US')} → ${many!.problems.toLocaleString('en-US')} synthetic`,
      `${Math.round(few!.ms)} ms → ${Math.round(many!.ms)} ms, time ×${(many!.ms / few!.ms).toFixed(1)}`,
      '≈ ×4 (linear)',
    ],
  ];
  const m = r.machine;
  return [
    `## pingyi bench — ${r.scale}: ${r.input.orgs} organizations, ${r.input.members} members, ${r.input.periods.length} period(s), ${r.input.files} files, ${Math.round(r.input.electronicShare * 100)}% ballot-per-row`,
    '',
    `Machine: ${m.cores} cores, ${m.memoryGb.toFixed(1)} GB, Node ${m.node}; ${m.date.slice(0, 16).replace('T', ' ')} UTC; seed ${r.seed}.`,
    '',
    '| measure | result | target |',
    '|---|---|---|',
    ...rows.map((row) => `| ${row.join(' | ')} |`),
    '',
  ].join('\n');
}
