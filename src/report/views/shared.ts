// What the documents' view models share: the header every document opens with, the periods
// that have results, and grouping rows by organization in one pass.
import { parsePeriod, periodEnd, periodLabel } from '../../scheme/period.ts';
import type { Scheme } from '../../scheme/schema.ts';
import type { Store } from '../../store/db.ts';
import type { DocumentsSettings } from '../documents-file.ts';
import { chineseDate } from '../wording.ts';
import { UNASSIGNED_REGION } from '../../contract/roster.ts';

export interface DocumentHeader {
  title: string;
  issuer: string;
  period: string;
  periodLabel: string;
}

export function header(scheme: Scheme, period: string, title: string): DocumentHeader {
  const p = parsePeriod(period);
  const label = p ? periodLabel(scheme, p) : period;
  return { title: `${label}${title}`, issuer: scheme.issuer, period, periodLabel: label };
}

export async function resultPeriods(store: Store): Promise<string[]> {
  return (
    await store.rows<{ period: string }>(
      'SELECT DISTINCT period FROM org_result WHERE total IS NOT NULL ORDER BY period',
    )
  ).map((r) => r.period);
}

/**
 * Up to how many organizations a system's documents are made whole: every organization's own
 * PDFs without being asked, and the lists of every organization or candidate in one file. Above
 * it those lists are issued per 片区: a province's 总体情况报告 with its 6,000 organizations
 * was 957 pages and its 推荐情况汇总 780, each taking Chromium past 12 GB to lay out.
 */
export const LARGE_SYSTEM_ORGANIZATIONS = 1000;

/** An organization's 片区 as lists and file names say it: its own, or 未分片. */
export const regionName = (region: string | null) => region ?? UNASSIGNED_REGION;

/** The 片区 of these organizations' rows, in the order of their first organization's number, 未分片 last. */
export function regionsOf(rows: { region: string; org_id: string }[]): string[] {
  const first = new Map<string, string>();
  for (const r of rows) {
    const f = first.get(r.region);
    if (f === undefined || r.org_id < f) first.set(r.region, r.org_id);
  }
  const last = (region: string) => (region === UNASSIGNED_REGION ? 1 : 0);
  return [...first.keys()].sort((a, b) => last(a) - last(b) || (first.get(a)! < first.get(b)! ? -1 : 1));
}

/** Organizations with a result in the largest period. */
export async function organizationCount(store: Store): Promise<number> {
  const [row] = await store.rows<{ n: bigint | number | null }>(
    'SELECT max(n) AS n FROM (SELECT count(*) AS n FROM org_result GROUP BY period)',
  );
  return Number(row?.n ?? 0);
}

/** The end of a ranking or a branch's report: who issues it, when, and whom to tell of an error. */
export interface Closing {
  organ: string;
  date: string;
  /** For corrections, from documents.yaml's contact; null without one. */
  contact: string | null;
}

/** The issuing organ (documents.yaml, else the scheme's issuer) and the date (documentDate). */
export async function closing(
  store: Store,
  scheme: Scheme,
  period: string,
  documents: DocumentsSettings,
): Promise<Closing> {
  const c = documents.contact;
  return {
    organ: documents.organ ?? scheme.issuer,
    date: chineseDate(await documentDate(store, period)),
    contact: c ? `如对本文件中的数据有疑问或发现差错，请与${c.name}联系（电话：${c.phone}）。` : null,
  };
}

/** The day a period's documents are dated: the day the bureau's forms were filled, else the period's end. */
export async function documentDate(store: Store, period: string): Promise<Date> {
  const [fill] = await store.rows<{ d: Date | null }>(
    "SELECT max(fill_date) AS d FROM submission WHERE period = $1 AND kind = 'bureau' AND present",
    [period],
  );
  const p = parsePeriod(period);
  return fill?.d ?? (p ? periodEnd(p) : new Date(0));
}
