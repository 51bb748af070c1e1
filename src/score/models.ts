// The scoring models: every .sql file in models/ runs in file-name order, each creating the
// table it is named for (00_macros.sql creates macros only).
import type { DuckDBConnection } from '@duckdb/node-api';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const MODELS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'models');

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
 * Parquet export. `halfway` runs once in the middle (the crash tests stop there).
 */
export async function runModels(con: DuckDBConnection, halfway?: () => Promise<void>): Promise<void> {
  const files = modelFiles();
  for (const [i, file] of files.entries()) {
    if (i === Math.floor(files.length / 2)) await halfway?.();
    for (const statement of modelStatements(readFileSync(join(MODELS_DIR, file), 'utf8'))) {
      try {
        await con.run(statement);
      } catch (e) {
        throw new Error(`评分模型 ${file} 执行失败：${(e as Error).message}`, { cause: e });
      }
    }
  }
}
