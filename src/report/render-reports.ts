// The report stage: for every period with results, the documents as PDF (template →
// HTML → Chromium), the exports, and a manifest and index of everything written.
import { createHash } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Scheme } from '../scheme/schema.ts';
import type { Store } from '../store/db.ts';
import { Printer } from './browser.ts';
import { EXPORT_TABLES, exportTables } from './exports.ts';
import { lineSvg, radarSvg } from './charts.ts';
import { safeFileName } from '../forms/file-name.ts';
import { availableParallelism } from 'node:os';
import { createRenderer } from './templates.ts';
import { branchReportModels, memberRankingModel, orgRankingModel, recommendationsModel, resultPeriods, summaryModel } from './view-models.ts';

export interface ManifestEntry {
  /** The recommendations come twice under one kind: as PDF and as xlsx. */
  kind: 'summary' | 'org-ranking' | 'member-ranking' | 'branch' | 'recommendations' | 'results-xlsx' | 'csv';
  period: string;
  /** The organization a branch report belongs to. */
  branch?: string;
  title: string;
  path: string;
  sha256: string;
  bytes: number;
  pages?: number;
}

export interface ReportOptions {
  outDir: string;
  templates?: string;
  printer?: Printer;
  /** Documents printed at once; default = cores. */
  jobs?: number;
  /** Only these periods; default every period with results. */
  periods?: string[];
}

/** GB/T 9704 page numbers: — 1 — at the foot. */
const OFFICIAL_FOOTER = '<div style="width:100%;text-align:center;font-size:10pt;font-family:\'WenQuanYi Zen Hei\',sans-serif">— <span class="pageNumber"></span> —</div>';
const FOOTER = '<div style="width:100%;text-align:center;font-size:8pt;font-family:\'WenQuanYi Zen Hei\',sans-serif;color:#555">第 <span class="pageNumber"></span> 页 / 共 <span class="totalPages"></span> 页</div>';

/** Pages in a PDF written by Chromium: its page objects. */
export function pdfPages(pdf: Uint8Array): number {
  return (Buffer.from(pdf).toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
}

type Entry = Omit<ManifestEntry, 'sha256' | 'bytes' | 'pages'>;
interface PdfJob {
  entry: Entry;
  html: string;
  landscape?: boolean;
  footer?: string;
}

export interface ReportResult {
  outputs: ManifestEntry[];
  /** Documents that could not be printed even after restarting Chromium once: path and reason. */
  failed: { path: string; reason: string }[];
}

export async function renderReports(store: Store, scheme: Scheme, o: ReportOptions): Promise<ReportResult> {
  const render = createRenderer(o.templates);
  const entries: ManifestEntry[] = [];
  const write = async (entry: Entry, bytes: Uint8Array, pages?: number) => {
    const file = join(o.outDir, entry.path);
    await mkdir(dirname(file), { recursive: true });
    // Written beside and renamed into place: a file is never seen half-written.
    const partial = `${file}.${process.pid}.partial`;
    await writeFile(partial, bytes);
    await rename(partial, file);
    entries.push({ ...entry, sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length, ...(pages !== undefined && { pages }) });
  };

  const jobs: PdfJob[] = [];
  const periods = (await resultPeriods(store)).filter((p) => !o.periods || o.periods.includes(p));
  for (const period of periods) {
    const summary = await summaryModel(store, scheme, period);
    const trendChart = summary.trend.length > 1
      ? lineSvg(summary.trend.map((t) => t.period), [
          { name: '党组织平均总分', values: summary.trend.map((t) => t.org_avg) },
          { name: '党员平均总分', values: summary.trend.map((t) => t.member_avg) },
        ])
      : null;
    jobs.push({ entry: { kind: 'summary', period, title: summary.title, path: `${period}/总体情况报告.pdf` }, html: render('summary', { ...summary, trendChart }), footer: OFFICIAL_FOOTER });
    const orgs = await orgRankingModel(store, scheme, period);
    jobs.push({ entry: { kind: 'org-ranking', period, title: orgs.title, path: `${period}/党组织排名.pdf` }, html: render('org-ranking', orgs), landscape: true });
    const members = await memberRankingModel(store, scheme, period);
    jobs.push({ entry: { kind: 'member-ranking', period, title: members.title, path: `${period}/党员排名.pdf` }, html: render('member-ranking', members) });
    const awards = await recommendationsModel(store, scheme, period);
    jobs.push({ entry: { kind: 'recommendations', period, title: awards.title, path: `${period}/表彰推荐名单.pdf` }, html: render('recommendations', awards) });
    for (const b of await branchReportModels(store, scheme, period, members)) {
      const radar = radarSvg(b.dimensions, [
        { name: b.name, values: b.dimensions.map((d) => d.points) },
        { name: '全系统平均', values: b.dimensions.map((d) => d.average) },
      ]);
      jobs.push({ entry: { kind: 'branch', period, branch: b.orgId, title: b.title, path: `${period}/党组织/${safeFileName([b.orgId, b.name], 'pdf')}` }, html: render('branch', { ...b, radar }) });
    }
    const results = await exportTables(store, period);
    await write({ kind: 'results-xlsx', period, title: `${orgs.periodLabel}评议结果（Excel）`, path: `${period}/results.xlsx` }, results.xlsx);
    for (const c of results.csv) await write({ kind: 'csv', period, title: c.name, path: `${period}/csv/${c.name}` }, c.bytes);
    const recommended = await exportTables(store, period, EXPORT_TABLES.filter((t) => t.name === '表彰推荐名单'));
    await write({ kind: 'recommendations', period, title: awards.title, path: `${period}/表彰推荐名单.xlsx` }, recommended.xlsx);
  }

  const failed: ReportResult['failed'] = [];
  if (jobs.length > 0) {
    // Chromium starts only when there is something to print.
    const printer = o.printer ?? (await Printer.launch());
    try {
      await forEachLimit(jobs, o.jobs ?? availableParallelism(), async (job) => {
        try {
          const pdf = await printer.print(job.html, { footer: job.footer ?? FOOTER, landscape: job.landscape ?? false });
          await write(job.entry, pdf, pdfPages(pdf));
        } catch (e) {
          failed.push({ path: job.entry.path, reason: (e as Error).message });
        }
      });
    } finally {
      if (!o.printer) await printer.close();
    }
  }
  entries.sort((a, b) => a.path.localeCompare(b.path));
  await mkdir(o.outDir, { recursive: true });
  await writeFile(join(o.outDir, 'manifest.json'), `${JSON.stringify({ generatedBy: 'pingyi', outputs: entries }, null, 2)}\n`);
  await writeFile(join(o.outDir, 'index.html'), indexHtml(render, entries));
  return { outputs: entries, failed };
}

/** Runs `work` over the items with at most `limit` at a time. */
async function forEachLimit<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

function indexHtml(render: ReturnType<typeof createRenderer>, entries: ManifestEntry[]): string {
  const periods = [...new Set(entries.map((e) => e.period))].map((period) => ({
    period,
    files: entries.filter((e) => e.period === period).map((e) => ({ ...e, size: e.bytes < 1024 * 1024 ? `${(e.bytes / 1024).toFixed(0)} KB` : `${(e.bytes / 1048576).toFixed(1)} MB` })),
  }));
  return render('index', { title: '评议结果', periods });
}
