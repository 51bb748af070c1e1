// The score stage: the scheme and the overrides go into tables, then every model in
// models/ runs in file-name order, each creating the table it is named for. All of it is
// one transaction, so a run killed halfway leaves the previous results; and it is skipped
// when nothing it depends on has changed since the last scoring.
import type { DuckDBConnection } from '@duckdb/node-api';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pausePoint } from '../build/fault.ts';
import type { Scheme } from '../scheme/schema.ts';
import type { Store } from '../store/db.ts';
import { loadOverrideTable, type Override } from './overrides.ts';
import { loadSchemeTables } from './scheme-tables.ts';

const SCORE_DIR = dirname(fileURLToPath(import.meta.url));
export const MODELS_DIR = join(SCORE_DIR, 'models');

export interface ScoreSummary {
  periods: string[];
  orgs: number;
  members: number;
  /** Nothing had changed since the last scoring: the results were kept as they are. */
  skipped: boolean;
}

/** Statements of a model file; only the macros file holds more than one. */
export function modelStatements(sql: string): string[] {
  return sql
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter(Boolean);
}

const modelFiles = () =>
  readdirSync(MODELS_DIR)
    .filter((f) => f.endsWith('.sql'))
    .sort();

/** The tables the models create, in the order they run (the macros file creates none). */
export function modelTables(): string[] {
  return modelFiles().flatMap(
    (f) => /CREATE OR REPLACE TABLE (\w+)/.exec(readFileSync(join(MODELS_DIR, f), 'utf8'))?.[1] ?? [],
  );
}

/**
 * Runs every model in order on a connection that has the current_* records, the scheme_*
 * tables and the override table — the database's own, or the same relations read from a
 * Parquet export.
 */
export async function runModels(con: DuckDBConnection): Promise<void> {
  const files = modelFiles();
  for (const [i, file] of files.entries()) {
    if (i === Math.floor(files.length / 2)) await pausePoint('score');
    for (const statement of modelStatements(readFileSync(join(MODELS_DIR, file), 'utf8'))) {
      try {
        await con.run(statement);
      } catch (e) {
        throw new Error(`评分模型 ${file} 执行失败：${(e as Error).message}`, { cause: e });
      }
    }
  }
}

/**
 * A hash of everything the results depend on: the scheme, the overrides, the scoring code
 * and SQL, and which submissions are present (by content, path and date).
 */
async function scoreInputs(store: Store, scheme: Scheme, overrides: Override[]): Promise<string> {
  const hash = createHash('sha256').update(JSON.stringify([scheme, overrides]));
  for (const entry of readdirSync(SCORE_DIR, { recursive: true, encoding: 'utf8' }).sort()) {
    if (/\.(ts|sql)$/.test(entry)) hash.update(`\0${entry}\0`).update(readFileSync(join(SCORE_DIR, entry)));
  }
  const [state] = await store.rows<{ s: string | null }>(`
    SELECT string_agg(concat_ws('|', sha256, path, present, usable, context_hash, epoch_ms(file_mtime), fill_date), ',' ORDER BY sha256, path) AS s
    FROM submission`);
  return hash.update(state?.s ?? '').digest('hex');
}

export async function score(
  store: Store,
  scheme: Scheme,
  overrides: Override[],
  o: { force?: boolean } = {},
): Promise<ScoreSummary> {
  await store.con.run('CREATE TABLE IF NOT EXISTS score_run (inputs VARCHAR NOT NULL, scored_at TIMESTAMP NOT NULL)');
  const inputs = await scoreInputs(store, scheme, overrides);
  const [last] = await store.rows<{ inputs: string }>('SELECT inputs FROM score_run');
  if (!o.force && last?.inputs === inputs) return { ...(await counts(store)), skipped: true };

  await store.inTransaction(async () => {
    await loadSchemeTables(store, scheme);
    await loadOverrideTable(store, overrides);
    await runModels(store.con);
    await store.con.run('DELETE FROM score_run');
    await store.con.run('INSERT INTO score_run VALUES ($1, current_timestamp)', [inputs]);
  });
  return { ...(await counts(store)), skipped: false };
}

async function counts(store: Store): Promise<Omit<ScoreSummary, 'skipped'>> {
  const [row] = await store.rows<Omit<ScoreSummary, 'skipped'>>(`
    SELECT coalesce((SELECT list(DISTINCT period ORDER BY period) FROM org_result), []::VARCHAR[]) AS periods,
           (SELECT count(*)::INTEGER FROM org_result WHERE total IS NOT NULL) AS orgs,
           (SELECT count(*)::INTEGER FROM member_result WHERE total IS NOT NULL) AS members`);
  return row!;
}
