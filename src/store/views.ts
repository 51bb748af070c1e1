// current_<table> views: the records that count now. History stays in the tables;
// for each organization and period, a table's current rows come from the newest file
// still in the input folder that holds rows for that table (newest by the form's fill
// date, then the file's modification time, then the order of reading).
import type { RecordTable } from '../contract/tables.ts';

const NEWEST_FIRST = 's.fill_date DESC NULLS LAST, s.file_mtime DESC, s.submission_id DESC';

export function currentViewSql(table: RecordTable): string {
  if (table.startsWith('roster_')) {
    return `CREATE OR REPLACE VIEW current_${table} AS
SELECT t.* FROM ${table} t
WHERE t.submission_id = (
  SELECT s.submission_id FROM submission s
  WHERE s.kind = 'roster' AND s.present AND s.usable
  ORDER BY ${NEWEST_FIRST} LIMIT 1)`;
  }
  return `CREATE OR REPLACE VIEW current_${table} AS
WITH holders AS (
  SELECT DISTINCT submission_id, period, org_id FROM ${table}
), ranked AS (
  SELECT h.submission_id, h.period, h.org_id,
         row_number() OVER (PARTITION BY h.period, h.org_id ORDER BY ${NEWEST_FIRST}) AS rank
  FROM holders h JOIN submission s USING (submission_id)
  WHERE s.present AND s.usable
)
SELECT t.* FROM ${table} t JOIN ranked r USING (submission_id, period, org_id) WHERE r.rank = 1`;
}
