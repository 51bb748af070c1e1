// Which submission is current, written once. Submissions are ordered newest first by
//   1. their date: the form's fill date, or, without one (a CSV, a form left undated), the
//      day of their file time;
//   2. their file time: the file's modification time, or when pingyi first read this content
//      if that was earlier (copying a folder resets modification times);
//   3. their path, the later name first (…（更正）.xlsx after ….xlsx);
//   4. their content hash, so that no two submissions tie.
// For each organization, period and table, the current rows come from the newest submission
// still in the input folder and usable that holds rows of that table there: a CSV correction
// or a one-sheet re-submission replaces exactly the tables it carries, the rest of the older
// form stays current. The roster is replaced whole. History stays in the tables.
import { RECORD_TABLES, type RecordTable } from '../contract/tables.ts';
import type { Store } from './db.ts';

/** What one submission replaces another in: a record table, or the roster with its three tables. */
export type Unit = Exclude<RecordTable, `roster_${string}`> | 'roster';
export const UNITS: Unit[] = [
  'roster',
  ...RECORD_TABLES.filter((t): t is Exclude<Unit, 'roster'> => !t.startsWith('roster_')),
];
const unitOf = (table: RecordTable): Unit => (table.startsWith('roster_') ? 'roster' : (table as Unit));

/** The macros and the order view; the current_* views and the supersession warnings use them. */
export const ORDER_SQL = [
  `CREATE OR REPLACE MACRO file_time(first_seen, file_mtime) AS least(first_seen, file_mtime)`,
  // timezone('UTC', …) then DATE: the local day of a file time, as fill dates are local days.
  `CREATE OR REPLACE MACRO newness_key(fill_date, first_seen, file_mtime, path, sha256) AS {
    'day': coalesce(fill_date, CAST(timezone('UTC', file_time(first_seen, file_mtime)) AS DATE)),
    'time': file_time(first_seen, file_mtime), 'path': path, 'sha256': sha256}`,
  `CREATE OR REPLACE VIEW submission_order AS
SELECT submission_id,
       row_number() OVER (ORDER BY newness_key(fill_date, first_seen, file_mtime, path, sha256) DESC)::INTEGER AS newness
FROM submission WHERE present AND usable`,
];

function holdersSql(unit: Unit): string {
  return unit === 'roster'
    ? `SELECT submission_id, NULL::VARCHAR AS period, NULL::VARCHAR AS org_id FROM submission WHERE kind = 'roster'`
    : `SELECT DISTINCT submission_id, period, org_id FROM ${unit}`;
}

/** The present, usable submissions holding a unit, by period and organization, with their newness (1 = newest). */
export function rankedHoldersSql(unit: Unit): string {
  return `SELECT h.submission_id, h.period, h.org_id, o.newness
FROM (${holdersSql(unit)}) h JOIN submission_order o USING (submission_id)`;
}

/** The current submission of a unit for each period and organization. */
function currentHoldersSql(unit: Unit): string {
  return `SELECT period, org_id, arg_min(submission_id, newness) AS submission_id
FROM (${rankedHoldersSql(unit)}) GROUP BY period, org_id`;
}

export function currentViewSql(table: RecordTable): string {
  const unit = unitOf(table);
  return unit === 'roster'
    ? `CREATE OR REPLACE VIEW current_${table} AS
SELECT t.* FROM ${table} t WHERE t.submission_id = (SELECT submission_id FROM (${currentHoldersSql(unit)}))`
    : `CREATE OR REPLACE VIEW current_${table} AS
SELECT t.* FROM ${table} t JOIN (${currentHoldersSql(unit)}) c USING (submission_id, period, org_id)`;
}

export interface Candidate {
  sha256: string;
  path: string;
  fillDate: Date | null;
  mtime: Date;
}

/**
 * The same order over files not loaded yet (the roster is chosen before the forms are read):
 * sha256s newest first, as submission_order will have them once they are loaded at `seenAt`.
 */
export async function newestFirst(store: Store, candidates: Candidate[], seenAt: Date): Promise<string[]> {
  if (candidates.length === 0) return [];
  const firstSeen = await store.firstSeen(
    candidates.map((c) => c.sha256),
    seenAt,
  );
  const ms = (d: Date | null | undefined) => (d ? d.getTime() : null);
  const params = candidates.flatMap((c) => [
    c.sha256,
    c.path,
    c.fillDate?.toISOString().slice(0, 10) ?? null,
    c.mtime.getTime(),
    ms(firstSeen.get(c.sha256)),
  ]);
  const values = candidates
    .map((_, i) => `($${i * 5 + 1}, $${i * 5 + 2}, $${i * 5 + 3}::DATE, $${i * 5 + 4}::BIGINT, $${i * 5 + 5}::BIGINT)`)
    .join(', ');
  const rows = await store.rows<{ sha256: string }>(
    `SELECT sha256 FROM (VALUES ${values}) c(sha256, path, fill_date, mtime_ms, first_seen_ms)
     ORDER BY newness_key(fill_date, make_timestamp(first_seen_ms * 1000), make_timestamp(mtime_ms * 1000), path, sha256) DESC`,
    params,
  );
  return rows.map((r) => r.sha256);
}
