// `pingyi export --parquet DIR`: the database's current records, the scheme tables and every
// table the scoring models create, as Parquet in Hive partitions by period and 片区, one
// folder per relation under the name the scoring SQL uses. Another engine (DuckDB,
// MotherDuck, Spark, Trino) can read the folders as tables and run the same models
// (docs/scale.md). The folder is written beside DIR and swapped in whole, like output/.
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { EXIT, ExplainedError } from '../base/errors.ts';
import { acquireLocks, type LockOwner } from './lock.ts';
import { outputLock, publish, recoverOutput, stagingDir, startStaging, type FolderOwner } from './publish.ts';
import { modelTables } from '../score/models.ts';
import { Store } from '../store/db.ts';
import { UNASSIGNED_REGION, WHOLE_SYSTEM_REGION } from '../contract/roster.ts';
import { RECORD_TABLES, SCHEMA_VERSION, SCORING_INPUT_TABLES } from '../contract/tables.ts';

export const EXPORT_MANIFEST = 'pingyi-export.json';

export type TableRole = 'records' | 'scheme' | 'results';

export interface ExportedTable {
  name: string;
  role: TableRole;
  partitionBy: string[];
  rows: number;
  files: number;
}

export interface ExportManifest {
  generatedBy: 'pingyi';
  kind: 'parquet-export';
  schemaVersion: number;
  exportedAt: string;
  database: string;
  regions: { unassigned: string; wholeSystem: string };
  tables: ExportedTable[];
}

export interface ExportOptions {
  db: string;
  dir: string;
  /** Wait for a build holding the database (default), or fail at once with LockBusy. */
  wait?: boolean;
  onWait?: (owner: LockOwner) => void;
}

export class NothingToExport extends ExplainedError {
  readonly exitCode = EXIT.usage;
}

const EXPORTS: FolderOwner = {
  marker: EXPORT_MANIFEST,
  option: '--parquet',
  owns: async (dir) => {
    try {
      const m = JSON.parse(await readFile(join(dir, EXPORT_MANIFEST), 'utf8')) as Partial<ExportManifest>;
      return m.generatedBy === 'pingyi' && m.kind === 'parquet-export';
    } catch {
      return false;
    }
  },
};

const quote = (text: string) => `'${text.replaceAll("'", "''")}'`;

export async function exportParquet(o: ExportOptions): Promise<ExportManifest> {
  const db = resolve(o.db);
  const dir = resolve(o.dir);
  if (!existsSync(db))
    throw new NothingToExport(`数据库文件 ${db} 不存在；请先运行 pingyi build，或用 --db 指定数据库文件`);
  const lock = await acquireLocks([`${db}.lock`, outputLock(dir)], {
    wait: o.wait ?? true,
    onWait: o.onWait,
  });
  try {
    await recoverOutput(dir);
    const tables = await Store.using(db, async (store) => {
      const results = modelTables();
      const present = new Set(
        (await store.rows<{ name: string }>('SELECT table_name AS name FROM duckdb_tables()')).map((t) => t.name),
      );
      if (!results.every((t) => present.has(t)))
        throw new NothingToExport(`数据库 ${db} 中还没有评分结果；请先运行 pingyi build`);
      const plan: [string, TableRole][] = [
        ...RECORD_TABLES.map((t): [string, TableRole] => [`current_${t}`, 'records']),
        ...SCORING_INPUT_TABLES.map((t): [string, TableRole] => [t, 'scheme']),
        ...results.map((t): [string, TableRole] => [t, 'results']),
      ];
      const staging = await startStaging(dir, EXPORTS);
      try {
        const written: ExportedTable[] = [];
        for (const [name, role] of plan)
          written.push({ name, role, ...(await exportTable(store, name, join(staging, name))) });
        return written;
      } catch (e) {
        await rm(staging, { recursive: true, force: true });
        throw e;
      }
    });
    const manifest: ExportManifest = {
      generatedBy: 'pingyi',
      kind: 'parquet-export',
      schemaVersion: SCHEMA_VERSION,
      exportedAt: new Date().toISOString(),
      database: db,
      regions: { unassigned: UNASSIGNED_REGION, wholeSystem: WHOLE_SYSTEM_REGION },
      tables,
    };
    await writeFile(join(stagingDir(dir), EXPORT_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    await publish(dir);
    return manifest;
  } finally {
    lock.release();
  }
}

/** Hive's name for a NULL partition value. */
const HIVE_NULL = '__HIVE_DEFAULT_PARTITION__';

/**
 * One relation as Parquet, partitioned by period and region where it has them. An empty one
 * is still written as one file without rows, so that readers find the folder and its columns;
 * under NULL partitions, so that its folders have the same keys as another region's export of
 * the same table (DuckDB refuses to read files with different partition keys together).
 */
async function exportTable(store: Store, name: string, out: string): Promise<Omit<ExportedTable, 'name' | 'role'>> {
  const columns = (
    await store.rows<{ c: string }>('SELECT column_name AS c FROM information_schema.columns WHERE table_name = $1', [
      name,
    ])
  ).map((r) => r.c);
  const { select, region } = withRegion(name, columns);
  const partitionBy = [...(columns.includes('period') ? ['period'] : []), ...(region ? ['region'] : [])];
  const [{ rows }] = (await store.rows<{ rows: number }>(`SELECT count(*)::DOUBLE AS rows FROM ${name}`)) as [
    { rows: number },
  ];
  if (rows === 0 || partitionBy.length === 0) {
    const folder = join(out, ...(rows === 0 ? partitionBy.map((c) => `${c}=${HIVE_NULL}`) : []));
    await mkdir(folder, { recursive: true });
    const data = partitionBy.length > 0 ? `SELECT * EXCLUDE (${partitionBy.join(', ')}) FROM (${select})` : select;
    await store.con.run(`COPY (${data}) TO ${quote(join(folder, 'data_0.parquet'))} (FORMAT parquet)`);
    return { partitionBy, rows, files: 1 };
  }
  await store.con.run(`COPY (${select}) TO ${quote(out)} (FORMAT parquet, PARTITION_BY (${partitionBy.join(', ')}))`);
  await readablePartitionNames(out);
  return { partitionBy, rows, files: await countFiles(out) };
}

/** The relation's rows with their organization's 片区 as `region`, when it can be known. */
function withRegion(name: string, columns: string[]): { select: string; region: boolean } {
  const unassigned = quote(UNASSIGNED_REGION);
  if (columns.includes('region'))
    return { select: `SELECT t.* REPLACE (coalesce(t.region, ${unassigned}) AS region) FROM ${name} t`, region: true };
  if (columns.includes('org_id')) {
    return {
      select: `SELECT t.*, CASE WHEN t.org_id IS NULL THEN ${quote(WHOLE_SYSTEM_REGION)} ELSE coalesce(o.region, ${unassigned}) END AS region
               FROM ${name} t LEFT JOIN current_roster_org o ON o.org_id = t.org_id`,
      region: true,
    };
  }
  if (columns.includes('member_id')) {
    return {
      select: `SELECT t.*, coalesce(o.region, ${unassigned}) AS region FROM ${name} t
               LEFT JOIN current_roster_member m ON m.member_id = t.member_id LEFT JOIN current_roster_org o ON o.org_id = m.org_id`,
      region: true,
    };
  }
  return { select: `SELECT * FROM ${name}`, region: false };
}

/**
 * DuckDB percent-encodes every byte outside ASCII in partition folder names; Chinese 片区
 * names are given back as they are (Hive, Spark and Trino read them either way), while the
 * escapes of characters a path cannot hold (`/`, `=`, `%`) stay.
 */
async function readablePartitionNames(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const name = entry.name.replace(/(?:%[89A-F][0-9A-F])+/g, (bytes) => decodeURIComponent(bytes));
    if (name !== entry.name) await rename(join(dir, entry.name), join(dir, name));
    await readablePartitionNames(join(dir, name));
  }
}

async function countFiles(dir: string): Promise<number> {
  return (await readdir(dir, { recursive: true, withFileTypes: true })).filter(
    (e) => e.isFile() && e.name.endsWith('.parquet'),
  ).length;
}
