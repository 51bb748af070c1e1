// The previous period's open commitments and pairs, for `pingyi forms` to pre-fill. Which
// commitments carry over is the scoring's rule (commitment_status.carries_forward), so a
// database that has never been scored, or is from before commitments were read, has none.
import { existsSync } from 'node:fs';
import type { Carried, CarriedCommitment, CarriedPair } from '../contract/carry-over.ts';
import { Store } from './db.ts';

/** What the database file holds for `period`; null when there is no such file (never built). */
export async function readCarried(file: string, period: string): Promise<Carried | null> {
  if (!existsSync(file)) return null;
  return Store.using(file, (store) => carriedFrom(store, period));
}

export async function carriedFrom(store: Store, period: string): Promise<Carried> {
  const tables = new Set(
    (await store.rows<{ name: string }>('SELECT table_name AS name FROM duckdb_tables()')).map((t) => t.name),
  );
  const commitments = tables.has('commitment_status')
    ? await store.rows<CarriedCommitment>(
        `SELECT org_id, member_id, category, content, deadline, responsible, status, made_in
         FROM commitment_status WHERE period = $1 AND carries_forward
         ORDER BY org_id, member_id NULLS FIRST, made_in, sheet, row_no`,
        [period],
      )
    : [];
  const pairs = await store.rows<CarriedPair>(
    `SELECT org_id, mentor_id, mentee_id, kind, since FROM current_member_pair WHERE period = $1
     ORDER BY org_id, sheet, row_no`,
    [period],
  );
  return { period, commitments, pairs };
}
