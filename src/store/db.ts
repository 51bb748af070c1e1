// The embedded DuckDB database: schema creation, one transaction per file, bulk loads
// through the appender, and the bookkeeping that keeps history (every version of every
// file stays; views pick the current one).
import type * as DuckDB from '@duckdb/node-api';
import type { DuckDBAppender, DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { createRequire } from 'node:module';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { EXIT, ExplainedError } from '../base/errors.ts';
import { sha256 } from '../base/hash.ts';
import { folderNotMadeReason } from '../base/unreadable-reason.ts';
import {
  columnsOf,
  createTableSql,
  RECORD_TABLES,
  SCHEMA_VERSION,
  TABLES,
  type NewRecord,
  type RecordTable,
  type Row,
  type ScoringInputTable,
  type TableName,
} from '../contract/tables.ts';
import { problemColumns, type Problem, type ProblemColumns } from '../contract/problem.ts';
import { currentViewSql, ORDER_SQL } from './views.ts';

// Required, not imported: as an ES import, Node's lexer reads every one of the package's
// CommonJS files for their export names first, 0.3 s of every run's start (issue #21).
const {
  DuckDBDateValue,
  DuckDBInstance: Instance,
  DuckDBTimestampValue,
} = createRequire(import.meta.url)('@duckdb/node-api') as typeof DuckDB;

/** A submission as the caller knows it: the store numbers it and keeps when it was first seen. */
export type SubmissionInput = Omit<Row<'submission'>, 'submission_id' | 'first_seen'>;
export type RecordSet = { [T in RecordTable]?: NewRecord<T>[] };

/** One file's reading, as the database takes it. */
export interface FileLoad {
  submission: SubmissionInput;
  records: RecordSet;
  problems: Problem[];
}

export interface LoadOptions {
  /** When content the database has never held counts as first seen; default now. */
  seenAt?: Date;
  beforeCommit?: () => Promise<void>;
}

const DAY_MS = 86400000;

/** Relative to the working folder, beside input/ and output/. */
export const DEFAULT_DB = 'data/pingyi.duckdb';

/** The database file is held by a process that is not a pingyi build (which would wait for the lock). */
export class DatabaseLocked extends ExplainedError {
  readonly exitCode = EXIT.failed;
  /** `detail`: DuckDB's message, which names the program holding the file and its process number. */
  constructor(file: string, detail: string) {
    const holder = /held in (.+?) \(PID (\d+)\)/.exec(detail);
    super(
      `数据库文件 ${file} 正被其他程序占用，无法打开${holder ? `（占用它的是进程 ${holder[2]}：${holder[1]}）` : ''}；` +
        '请关闭正在使用它的程序（如 DuckDB 命令行）后再运行',
    );
  }
}

/** The file given as the database is not one pingyi can use: not a DuckDB file, a folder, or newer. */
export class DatabaseUnusable extends ExplainedError {
  readonly exitCode = EXIT.usage;
  constructor(file: string, reason: string) {
    super(`不能用 ${file} 作为数据库：${reason}；请检查 --db，或换一个文件名（不存在的文件会新建）`);
  }
}

/** DuckDB's reasons a file will not open, in words; others are not the file's fault and stay as they are. */
function unusableReason(message: string): string | null {
  if (/not a valid DuckDB database file/.test(message)) return '它不是 DuckDB 数据库文件';
  if (/Is a directory/.test(message)) return '这是一个文件夹';
  if (/Permission denied/.test(message)) return '没有读写它的权限';
  return null;
}

/**
 * DuckDB's buffer memory. Its default, 80 % of RAM, let a province's scoring (4.5 million ballots)
 * take 1.7 GB on top of the reading; capped, it spills to disk and took the same time here.
 */
const MEMORY_LIMIT = '1GB';

/**
 * Not tried when a checkpoint writes strings: FSST. Trying it on every string column of every table
 * written was half of each checkpoint (a district's scoring: 320 → 150 ms; a cold build's close 530–580
 * → 280 ms), and it won 5 of a district database's 321 string segments: the file is the same size
 * (16.8 MB). Those already written stay as they are.
 */
const DISABLED_COMPRESSION = 'fsst';

/** Record tables a schema version replaced, with the version that did. */
const REPLACED_TABLES = [
  // 公开承诺 read into org_commitment and member_commitment.
  { before: 6, table: 'commitment' },
  // One row per ballot and member, the five models in one column (tables.ts).
  { before: 7, table: 'member_ballot' },
];

export class Store {
  /**
   * Each table's columns in the order the database file holds them. A column added by a later
   * version sits at the end of an older file's table, wherever the contract declares it, so the
   * appender follows the file, not the declaration.
   */
  private readonly storedColumns = new Map<TableName, string[]>();

  private constructor(
    private readonly instance: DuckDBInstance,
    readonly con: DuckDBConnection,
    /** False for a reader(): closing it leaves the database open. */
    private readonly ownsInstance = true,
  ) {}

  static async open(file: string): Promise<Store> {
    if (file !== ':memory:')
      await mkdir(dirname(file), { recursive: true }).catch((e: unknown) => {
        throw new DatabaseUnusable(file, `不能建立它所在的文件夹（${folderNotMadeReason(e)}）`);
      });
    const instance = await Instance.create(file, { memory_limit: MEMORY_LIMIT }).catch((e: Error) => {
      if (/Could not set lock/.test(e.message)) throw new DatabaseLocked(file, e.message);
      const reason = unusableReason(e.message);
      throw reason ? new DatabaseUnusable(file, reason) : e;
    });
    const store = new Store(instance, await instance.connect());
    try {
      await store.prepare(file);
    } catch (e) {
      store.close();
      throw e;
    }
    return store;
  }

  private async prepare(file: string): Promise<void> {
    // For every connection of this instance (this process), not kept in the file; Instance.create's
    // option of the same name is ignored.
    await this.con.run(`SET disabled_compression_methods = '${DISABLED_COMPRESSION}'`);
    await this.migrate(file);
  }

  /** Opens the database for `work` and closes it after, whatever happens. */
  static async using<T>(file: string, work: (store: Store) => Promise<T>): Promise<T> {
    const store = await Store.open(file);
    try {
      return await work(store);
    } finally {
      store.close();
    }
  }

  private async migrate(file: string): Promise<void> {
    await this.con.run('CREATE TABLE IF NOT EXISTS schema_info (version INTEGER NOT NULL)');
    const version =
      (await this.rows<{ version: number }>('SELECT max(version) AS version FROM schema_info'))[0]?.version ?? null;
    if (version !== null && version > SCHEMA_VERSION) {
      throw new DatabaseUnusable(
        file,
        `它由较新的 pingyi 建立（数据库版本 ${version}，本程序只认到版本 ${SCHEMA_VERSION}），请使用新版 pingyi`,
      );
    }
    // Versions add tables and nullable columns only: an older table gets the new columns empty.
    const ddl = [
      'CREATE SEQUENCE IF NOT EXISTS submission_seq START 1',
      ...(Object.keys(TABLES) as TableName[]).flatMap((name) => [
        createTableSql(name),
        ...columnsOf(name)
          .filter(([, def]) => 'nullable' in def)
          .map(([column, def]) => `ALTER TABLE ${name} ADD COLUMN IF NOT EXISTS ${column} ${def.type}`),
      ]),
      ...ORDER_SQL,
      ...RECORD_TABLES.map(currentViewSql),
    ];
    // A table a version replaced goes, with its view, before the schema is made (the changed
    // readers read every form again).
    for (const { before, table } of REPLACED_TABLES) {
      if (version === null || version >= before) continue;
      await this.con.run(`DROP VIEW IF EXISTS current_${table}`);
      await this.con.run(`DROP TABLE IF EXISTS ${table}`);
    }
    // A database that has exactly this schema is left as it is: making its views and macros again
    // on every open wrote to the file on every run, even when nothing else changed. What it has is
    // read from its catalog (every declared column, the views) and from the fingerprint of the
    // statements that made it (the views' and macros' text).
    const fingerprint = sha256(ddl.join(';\n'));
    await this.con.run('CREATE TABLE IF NOT EXISTS schema_ddl (fingerprint VARCHAR NOT NULL)');
    const [held] = await this.rows<{ fingerprint: string; views: number }>(
      `SELECT (SELECT max(fingerprint) FROM schema_ddl) AS fingerprint,
              (SELECT count(*)::INTEGER FROM duckdb_views() WHERE database_name = current_database() AND view_name LIKE 'current_%') AS views`,
    );
    const columns = await this.tableColumns();
    const complete = (Object.keys(TABLES) as TableName[]).every((name) =>
      columnsOf(name).every(([column]) => columns.get(name)?.includes(column)),
    );
    if (
      !complete ||
      held?.fingerprint !== fingerprint ||
      held.views !== RECORD_TABLES.length ||
      version !== SCHEMA_VERSION
    ) {
      for (const sql of ddl) await this.con.run(sql);
      await this.con.run('DELETE FROM schema_ddl');
      await this.con.run('INSERT INTO schema_ddl VALUES ($1)', [fingerprint]);
    }
    for (const [name, list] of complete ? columns : await this.tableColumns()) this.storedColumns.set(name, list);
    if (version === null) await this.con.run(`INSERT INTO schema_info VALUES (${SCHEMA_VERSION})`);
    else if (version < SCHEMA_VERSION) await this.con.run(`UPDATE schema_info SET version = ${SCHEMA_VERSION}`);
  }

  /** The columns of pingyi's tables in this database, in their order. */
  private async tableColumns(): Promise<Map<TableName, string[]>> {
    const rows = await this.rows<{ table_name: string; columns: string[] }>(
      `SELECT table_name, list(column_name ORDER BY column_index) AS columns FROM duckdb_columns()
       WHERE database_name = current_database() AND schema_name = 'main' GROUP BY table_name`,
    );
    return new Map(rows.filter((r) => r.table_name in TABLES).map((r) => [r.table_name as TableName, r.columns]));
  }

  async rows<T>(sql: string, params?: (string | number | boolean | null)[]): Promise<T[]> {
    const reader = await this.con.runAndReadAll(sql, params);
    return reader.getRowObjectsJS() as T[];
  }

  async inTransaction<T>(work: () => Promise<T>): Promise<T> {
    await this.con.run('BEGIN TRANSACTION');
    try {
      const result = await work();
      await this.con.run('COMMIT');
      return result;
    } catch (e) {
      await this.con.run('ROLLBACK');
      throw e;
    }
  }

  /** Loads one file's submission, records and problems atomically: all of the file or none. */
  async loadFile(
    submission: SubmissionInput,
    records: RecordSet,
    problems: Problem[],
    options?: LoadOptions,
  ): Promise<number> {
    return (await this.loadFiles([{ submission, records, problems }], options))[0]!;
  }

  /**
   * Loads several files in one transaction — all of them or none: a commit and an appender per
   * table cost more than the rows of a typical form, so a build loads its files in batches.
   */
  async loadFiles(files: FileLoad[], options: LoadOptions = {}): Promise<number[]> {
    if (files.length === 0) return [];
    return this.inTransaction(async () => {
      const shas = files.map((f) => f.submission.sha256);
      const firstSeen = await this.firstSeen(shas, options.seenAt ?? new Date());
      await this.deleteSubmissions(shas);
      const ids = (
        await this.rows<{ id: bigint | number }>(
          `SELECT id FROM (SELECT nextval('submission_seq') AS id FROM range(${files.length})) ORDER BY id`,
        )
      ).map((r) => Number(r.id));
      await this.append(
        'submission',
        files.map((f, i) => ({
          submission_id: ids[i]!,
          ...f.submission,
          first_seen: firstSeen.get(f.submission.sha256) ?? null,
        })),
      );
      for (const table of RECORD_TABLES) {
        const rows = files.flatMap((f, i) =>
          ((f.records[table] ?? []) as NewRecord<typeof table>[]).map((r) => ({ ...r, submission_id: ids[i]! })),
        );
        if (rows.length > 0) await this.append(table, rows);
      }
      await this.append(
        'problem',
        files.flatMap((f, i) =>
          f.problems.map((p) => ({ ...problemColumns(p), submission_id: ids[i]!, scope: 'file' })),
        ),
      );
      await options.beforeCommit?.();
      return ids;
    });
  }

  /**
   * When each content was first seen: content the database holds keeps its time across
   * readings (a content read before that time was kept has none); new content is seen `now`.
   */
  async firstSeen(sha256s: string[], now: Date): Promise<Map<string, Date | null>> {
    const seen = new Map<string, Date | null>(sha256s.map((s) => [s, now]));
    if (sha256s.length === 0) return seen;
    const held = await this.rows<{ sha256: string; first_seen: Date | null }>(
      `SELECT sha256, first_seen FROM submission WHERE sha256 IN (${hexLiterals(sha256s)})`,
    );
    for (const h of held) seen.set(h.sha256, h.first_seen);
    return seen;
  }

  /** The same content read again under another roster or scheme replaces its old reading. */
  private async deleteSubmissions(sha256s: string[]): Promise<void> {
    const old = await this.rows<{ submission_id: number }>(
      `SELECT submission_id FROM submission WHERE sha256 IN (${hexLiterals(sha256s)})`,
    );
    if (old.length === 0) return;
    const ids = old.map((o) => Number(o.submission_id)).join(',');
    for (const table of [...RECORD_TABLES, 'problem'] as const)
      await this.con.run(`DELETE FROM ${table} WHERE submission_id IN (${ids})`);
    await this.con.run(`DELETE FROM submission WHERE submission_id IN (${ids})`);
  }

  /**
   * Marks which submissions are in the input folder now, under which path and modification
   * time: the order of submissions (views.ts) reads the folder as it is.
   */
  async markPresent(seen: { sha256: string; path: string; mtime: Date }[]): Promise<void> {
    await this.inTransaction(async () => {
      await this.con.run('CREATE OR REPLACE TEMP TABLE seen_file (sha256 VARCHAR, path VARCHAR, mtime TIMESTAMP)');
      const appender = await this.con.createAppender('seen_file');
      for (const s of seen) {
        appender.appendVarchar(s.sha256);
        appender.appendVarchar(s.path);
        appendValue(appender, 'TIMESTAMP', s.mtime);
        appender.endRow();
      }
      appender.closeSync();
      // Only rows that change: a build where nothing changed writes nothing to the database file.
      await this.con.run(
        `UPDATE submission SET present = false WHERE present AND sha256 NOT IN (SELECT sha256 FROM seen_file)`,
      );
      await this.con.run(
        `UPDATE submission SET present = true, path = seen_file.path, file_mtime = seen_file.mtime FROM seen_file
         WHERE submission.sha256 = seen_file.sha256
           AND (NOT submission.present OR submission.path <> seen_file.path OR submission.file_mtime <> seen_file.mtime)`,
      );
    });
  }

  /** Problems across files are recomputed on every run, and written when they differ from those held. */
  async replaceScanProblems(problems: Problem[]): Promise<void> {
    const held = await this.rows<ProblemColumns>(
      "SELECT path, sheet, cell, value, severity, message FROM problem WHERE scope = 'scan'",
    );
    const key = (rows: ProblemColumns[]) => rows.map((r) => JSON.stringify(r)).sort();
    if (JSON.stringify(key(held)) === JSON.stringify(key(problems.map(problemColumns)))) return;
    await this.inTransaction(async () => {
      await this.con.run("DELETE FROM problem WHERE scope = 'scan'");
      await this.append(
        'problem',
        problems.map((p) => ({ ...problemColumns(p), submission_id: null, scope: 'scan' })),
      );
    });
  }

  /** Rows of a bookkeeping table (the delivery log), in one transaction. */
  async insert<T extends TableName>(table: T, rows: Row<T>[]): Promise<void> {
    await this.inTransaction(() => this.append(table, rows));
  }

  /** Replaces every row of a table the scoring writes; the caller holds the transaction. */
  async replaceTable<T extends ScoringInputTable>(table: T, rows: Row<T>[]): Promise<void> {
    await this.con.run(`DELETE FROM ${table}`);
    await this.append(table, rows);
  }

  private async append<T extends TableName>(table: T, rows: Row<T>[]): Promise<void> {
    if (rows.length === 0) return;
    const appender = await this.con.createAppender(table);
    const defs = new Map(columnsOf(table));
    const columns = (this.storedColumns.get(table) ?? [...defs.keys()]).map((name) => [name, defs.get(name)!] as const);
    for (const row of rows) {
      for (const [name, def] of columns) appendValue(appender, def.type, (row as Record<string, unknown>)[name]);
      appender.endRow();
    }
    appender.closeSync();
  }

  /** Another connection to the same database, to query side by side with this one; closed before it. */
  async reader(): Promise<Store> {
    return new Store(this.instance, await this.instance.connect(), false);
  }

  close(): void {
    this.con.closeSync();
    if (this.ownsInstance) this.instance.closeSync();
  }
}

/** Hex digests only, so they can be written into a query as literals. */
function hexLiterals(sha256s: string[]): string {
  return sha256s.map((s) => `'${s.replace(/[^0-9a-f]/gi, '')}'`).join(',');
}

function appendValue(a: DuckDBAppender, type: string, v: unknown): void {
  if (v === null || v === undefined) return a.appendNull();
  switch (type) {
    case 'VARCHAR':
      return a.appendVarchar(String(v));
    case 'INTEGER':
      return a.appendInteger(v as number);
    case 'BIGINT':
      return a.appendBigInt(BigInt(Math.round(v as number)));
    case 'DOUBLE':
      return a.appendDouble(v as number);
    case 'BOOLEAN':
      return a.appendBoolean(v as boolean);
    case 'DATE':
      return a.appendDate(new DuckDBDateValue(Math.floor((v as Date).getTime() / DAY_MS)));
    case 'TIMESTAMP':
      return a.appendTimestamp(new DuckDBTimestampValue(BigInt((v as Date).getTime()) * 1000n));
    default:
      throw new Error(`store: no appender for ${type}`);
  }
}
