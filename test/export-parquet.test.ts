// `pingyi export --parquet`: the small sample ingested and scored by the real stages, exported,
// read back with DuckDB, and scored again from the Parquet files alone by the same models.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireLock, LockBusy } from '../src/pipeline/lock.ts';
import { ForeignOutputFolder } from '../src/pipeline/publish.ts';
import { exportParquet, NothingToExport, type ExportManifest } from '../src/pipeline/export-parquet.ts';
import { loadScheme } from '../src/scheme/load.ts';
import type { Override } from '../src/score/overrides.ts';
import { modelTables, runModels } from '../src/score/models.ts';
import { score } from '../src/pipeline/score.ts';
import { Store } from '../src/store/db.ts';
import { ingest } from '../src/pipeline/ingest.ts';
import { smallInput, tempDir } from './helpers.ts';

const { scheme, text: schemeText } = loadScheme();
// J01 has no 片区; X01, X02 and Y02 are in 城东片, 城西片 and 滨江片.
const ORGS = ['J01', 'X01', 'X02', 'Y02'];
const REGIONS = ['region=城东片', 'region=城西片', 'region=未分片', 'region=滨江片'];
const PERIODS = ['period=2010H2', 'period=2011H1'];
const OVERRIDE: Override = {
  period: '2011H1',
  target: 'org',
  id: 'X02',
  field: 'band',
  value: '一般',
  by: '领导小组',
  date: new Date(Date.UTC(2011, 5, 28)),
  reason: '整改未完成',
};

let dir: string;
let db: string;
let out: string;
let manifest: ExportManifest;
let con: DuckDBConnection;

beforeAll(async () => {
  dir = await tempDir('pingyi-export-');
  db = join(dir, 'pingyi.duckdb');
  const input = await smallInput(join(dir, 'input'), { orgs: ORGS });
  await Store.using(db, async (store) => {
    await ingest({ store: store, input: input, scheme, schemeText });
    await score({ store, scheme, overrides: [OVERRIDE] });
  });
  out = join(dir, 'parquet');
  manifest = await exportParquet({ db, dir: out });
  con = await (await DuckDBInstance.create(':memory:')).connect();
}, 300_000);
afterAll(() => con?.closeSync());

const parquet = (table: string) => `read_parquet('${join(out, table)}/**/*.parquet', hive_partitioning = true)`;

async function rows(c: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  return (await c.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
}

/** Folders below a table's folder, as `period=…/region=…` paths. */
function partitions(table: string): string[] {
  const root = join(out, table);
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(root, e.parentPath))
    .sort();
}

/**
 * Rows in a total order with numbers to nine decimals: DuckDB's parallel sums may differ in
 * the last bits between two runs of the same SQL.
 */
function canonical(list: Record<string, unknown>[]): string[] {
  const value = (v: unknown): unknown =>
    typeof v === 'bigint'
      ? Number(v)
      : typeof v === 'number'
        ? Number(v.toFixed(9))
        : v instanceof Date
          ? v.toISOString()
          : Array.isArray(v)
            ? v.map(value)
            : v;
  return list
    .map((r) =>
      JSON.stringify(
        Object.keys(r)
          .sort()
          .map((k) => [k, value(r[k])]),
      ),
    )
    .sort();
}

describe('a Parquet export of a scored database', () => {
  it('holds every current record table, the scheme tables and every table the scoring models create, with the database row counts', async () => {
    const names = manifest.tables.map((t) => t.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'current_roster_org',
        'current_member_tally',
        'scheme_param',
        'override',
        ...modelTables(),
      ]),
    );
    const counts = await Store.using(db, async (store) => {
      const n: Record<string, number> = {};
      for (const t of names) n[t] = (await store.rows<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${t}`))[0]!.n;
      return n;
    });
    expect(counts['org_result']).toBe(ORGS.length * 2);
    for (const t of manifest.tables) {
      const [read] = await rows(con, `SELECT count(*)::INTEGER AS n FROM ${parquet(t.name)}`);
      expect({ table: t.name, rows: read!.n }).toEqual({ table: t.name, rows: counts[t.name] });
      expect(t.rows).toBe(counts[t.name]);
    }
  });

  it('partitions by period and 片区, organizations without a 片区 under 未分片 and system-wide rows under 全系统', async () => {
    expect(partitions('org_result')).toEqual(PERIODS.flatMap((p) => REGIONS.map((r) => `${p}/${r}`)).sort());
    expect(partitions('current_roster_org')).toEqual(REGIONS);
    expect(partitions('member_rank').every((p) => /^period=\d{4}H[12]\/region=/.test(p))).toBe(true);
    expect(partitions('young_cohort')).toContain('period=2011H1/region=全系统');
    expect(partitions('scheme_param')).toEqual(['']);
    // No electronic ballots in this sample: one file without rows under NULL partitions.
    expect(partitions('current_member_ballot')).toEqual([
      'period=__HIVE_DEFAULT_PARTITION__/region=__HIVE_DEFAULT_PARTITION__',
    ]);
    const regions = await rows(con, `SELECT DISTINCT org_id, region FROM ${parquet('org_result')} ORDER BY org_id`);
    expect(regions).toEqual([
      { org_id: 'J01', region: '未分片' },
      { org_id: 'X01', region: '城东片' },
      { org_id: 'X02', region: '城西片' },
      { org_id: 'Y02', region: '滨江片' },
    ]);
    const members = await rows(
      con,
      `SELECT DISTINCT region FROM ${parquet('current_daily_record')} WHERE org_id = 'X02'`,
    );
    expect(members).toEqual([{ region: '城西片' }]);
  });

  it("lets an empty table be read together with rows in the same layout, as another region's export would have them", async () => {
    const together = `read_parquet(['${join(out, 'current_member_ballot')}/**/*.parquet', '${join(out, 'current_member_tally')}/**/*.parquet'], hive_partitioning = true, union_by_name = true)`;
    const [both] = await rows(con, `SELECT count(*)::INTEGER AS n FROM ${together}`);
    const [tally] = await rows(con, `SELECT count(*)::INTEGER AS n FROM ${parquet('current_member_tally')}`);
    expect(both!.n).toBe(tally!.n);
    const types = await rows(
      con,
      `SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM ${parquet('current_member_ballot')}) WHERE column_name IN ('period', 'region') ORDER BY 1`,
    );
    expect(types).toEqual([
      { column_name: 'period', column_type: 'VARCHAR' },
      { column_name: 'region', column_type: 'VARCHAR' },
    ]);
  });

  it('gives the same results when the same scoring SQL runs on the exported records and scheme tables alone', async () => {
    const fresh = await (await DuckDBInstance.create(':memory:')).connect();
    try {
      for (const t of manifest.tables.filter((t) => t.role !== 'results'))
        await fresh.run(`CREATE VIEW ${t.name} AS SELECT * FROM ${parquet(t.name)}`);
      await runModels(fresh);
      const original = await Store.using(db, async (store) => {
        const all: Record<string, Record<string, unknown>[]> = {};
        for (const t of modelTables()) all[t] = await store.rows(`SELECT * FROM ${t}`);
        return all;
      });
      for (const t of modelTables())
        expect(canonical(await rows(fresh, `SELECT * FROM ${t}`)), t).toEqual(canonical(original[t]!));
      const [overridden] = await rows(
        fresh,
        "SELECT final_band, override_reason FROM org_result WHERE org_id = 'X02' AND period = '2011H1'",
      );
      expect(overridden).toEqual({ final_band: '一般', override_reason: '整改未完成' });
    } finally {
      fresh.closeSync();
    }
  }, 120_000);

  it('replaces a previous export whole and leaves no staging folder', async () => {
    const again = await exportParquet({ db, dir: out });
    expect(again.tables.map((t) => [t.name, t.rows])).toEqual(manifest.tables.map((t) => [t.name, t.rows]));
    expect(existsSync(`${out}.staging`)).toBe(false);
    expect(existsSync(`${out}.previous`)).toBe(false);
    expect(existsSync(`${out}.lock`)).toBe(false);
  });
});

describe('what the export refuses', () => {
  it('does not overwrite a folder holding other files', async () => {
    const foreign = join(dir, 'documents');
    await mkdir(foreign);
    await writeFile(join(foreign, '工作总结.docx'), 'x');
    await expect(exportParquet({ db, dir: foreign })).rejects.toThrow(ForeignOutputFolder);
    expect(readdirSync(foreign)).toEqual(['工作总结.docx']);
    expect(existsSync(`${foreign}.staging`)).toBe(false);
  });

  it('says to build first when the database is missing or holds no results', async () => {
    await expect(exportParquet({ db: join(dir, 'none.duckdb'), dir: join(dir, 'x') })).rejects.toThrow(NothingToExport);
    const empty = join(dir, 'empty.duckdb');
    await Store.using(empty, async () => undefined);
    await expect(exportParquet({ db: empty, dir: join(dir, 'y') })).rejects.toThrow(/还没有评分结果/);
    expect(existsSync(join(dir, 'y'))).toBe(false);
    expect(existsSync(join(dir, 'y.staging'))).toBe(false);
  });

  it('does not wait for a build holding the database with wait off', async () => {
    const lock = await acquireLock(`${db}.lock`, { wait: false });
    try {
      await expect(exportParquet({ db, dir: join(dir, 'z'), wait: false })).rejects.toThrow(LockBusy);
    } finally {
      lock.release();
    }
  });
});

describe('pingyi export', () => {
  const pingyi = (...args: string[]) =>
    spawnSync(process.execPath, ['bin/pingyi.js', 'export', ...args], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });

  it('prints each table with its rows and files, and a total, and exits 0', () => {
    const target = join(dir, 'cli');
    const r = pingyi('--db', db, '--parquet', target);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/org_result\s+8 行\s+8 个文件\s+按 period、region 分区/);
    expect(r.stdout).toMatch(
      new RegExp(`已导出 ${manifest.tables.length} 张表，共 \\d+ 行、\\d+ 个 Parquet 文件，到 ${target}`),
    );
  });

  it('exits 2 without --parquet or without a database', () => {
    const none = pingyi('--db', db);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('请用 --parquet 指定导出文件夹');
    const missing = pingyi('--db', join(dir, 'none.duckdb'), '--parquet', join(dir, 'w'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('请先运行 pingyi build');
  });
});
