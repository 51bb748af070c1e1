// The score stage: the scheme and the overrides go into tables, then every model in
// models/ runs in file-name order, each creating the table it is named for.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Scheme } from '../scheme/schema.ts';
import type { Store } from '../store/db.ts';
import { loadOverrideTable, type Override } from './overrides.ts';
import { loadSchemeTables } from './scheme-tables.ts';

export const MODELS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'models');

export interface ScoreSummary {
  periods: string[];
  orgs: number;
  members: number;
}

/** Statements of a model file; only the macros file holds more than one. */
export function modelStatements(sql: string): string[] {
  return sql
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter(Boolean);
}

export async function score(store: Store, scheme: Scheme, overrides: Override[]): Promise<ScoreSummary> {
  await loadSchemeTables(store, scheme);
  await loadOverrideTable(store, overrides);
  for (const file of readdirSync(MODELS_DIR).filter((f) => f.endsWith('.sql')).sort()) {
    for (const statement of modelStatements(readFileSync(join(MODELS_DIR, file), 'utf8'))) {
      try {
        await store.con.run(statement);
      } catch (e) {
        throw new Error(`评分模型 ${file} 执行失败：${(e as Error).message}`, { cause: e });
      }
    }
  }
  const counts = await store.rows<{ periods: string[]; orgs: number; members: number }>(`
    SELECT coalesce((SELECT list(DISTINCT period ORDER BY period) FROM org_result), []::VARCHAR[]) AS periods,
           (SELECT count(*)::INTEGER FROM org_result WHERE total IS NOT NULL) AS orgs,
           (SELECT count(*)::INTEGER FROM member_result WHERE total IS NOT NULL) AS members`);
  return counts[0]!;
}
