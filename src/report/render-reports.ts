// The report stage: for every period with results, the documents as PDF (template →
// HTML → Chromium), the exports, and a manifest and index of everything written.
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Scheme } from '../scheme/schema.ts';
import type { Store } from '../store/db.ts';
import { Printer } from './browser.ts';
import { exportResults } from './exports.ts';
import { createRenderer } from './templates.ts';
import { memberRankingModel, orgRankingModel, resultPeriods } from './view-models.ts';

export interface ManifestEntry {
  kind: 'org-ranking' | 'member-ranking' | 'results-xlsx' | 'csv';
  period: string;
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
}

const FOOTER = '<div style="width:100%;text-align:center;font-size:8pt;font-family:\'WenQuanYi Zen Hei\',sans-serif;color:#555">第 <span class="pageNumber"></span> 页 / 共 <span class="totalPages"></span> 页</div>';

/** Pages in a PDF written by Chromium: its page objects. */
export function pdfPages(pdf: Uint8Array): number {
  return (Buffer.from(pdf).toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
}

export async function renderReports(store: Store, scheme: Scheme, o: ReportOptions): Promise<ManifestEntry[]> {
  const render = createRenderer(o.templates);
  const periods = await resultPeriods(store);
  const entries: ManifestEntry[] = [];
  const write = async (entry: Omit<ManifestEntry, 'sha256' | 'bytes'>, bytes: Uint8Array) => {
    const file = join(o.outDir, entry.path);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, bytes);
    entries.push({ ...entry, sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length });
  };
  if (periods.length > 0) {
    // Chromium starts only when there is something to print.
    const printer = o.printer ?? (await Printer.launch());
    try {
      for (const period of periods) {
        const orgs = await orgRankingModel(store, scheme, period);
        const orgPdf = await printer.print(render('org-ranking', orgs), { footer: FOOTER, landscape: true });
        await write({ kind: 'org-ranking', period, title: orgs.title, path: `${period}/党组织排名.pdf`, pages: pdfPages(orgPdf) }, orgPdf);

        const members = await memberRankingModel(store, scheme, period);
        const memberPdf = await printer.print(render('member-ranking', members), { footer: FOOTER });
        await write({ kind: 'member-ranking', period, title: members.title, path: `${period}/党员排名.pdf`, pages: pdfPages(memberPdf) }, memberPdf);

        const exported = await exportResults(store, period);
        await write({ kind: 'results-xlsx', period, title: `${orgs.periodLabel}评议结果（Excel）`, path: `${period}/results.xlsx` }, exported.xlsx);
        for (const c of exported.csv) await write({ kind: 'csv', period, title: c.name, path: `${period}/csv/${c.name}` }, c.bytes);
      }
    } finally {
      if (!o.printer) await printer.close();
    }
  }
  await mkdir(o.outDir, { recursive: true });
  await writeFile(join(o.outDir, 'manifest.json'), `${JSON.stringify({ generatedBy: 'pingyi', outputs: entries }, null, 2)}\n`);
  await writeFile(join(o.outDir, 'index.html'), indexHtml(render, entries));
  return entries;
}

function indexHtml(render: ReturnType<typeof createRenderer>, entries: ManifestEntry[]): string {
  const periods = [...new Set(entries.map((e) => e.period))].map((period) => ({
    period,
    files: entries.filter((e) => e.period === period).map((e) => ({ ...e, size: e.bytes < 1024 * 1024 ? `${(e.bytes / 1024).toFixed(0)} KB` : `${(e.bytes / 1048576).toFixed(1)} MB` })),
  }));
  return render('index', { title: '评议结果', periods });
}
