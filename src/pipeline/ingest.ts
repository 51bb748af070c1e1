// The ingest stage of a build: files the database already holds (same content, read against
// the same roster and scheme by the same code: see READER_CODE) are not read again; every other file is read, and loaded with the
// files read before it in batches, each one transaction; then presence and the problems
// across files are brought up to date, the supersessions among them from the database.
import type { Claim } from '../ingest/cross-checks.ts';
import { FileCache } from '../ingest/file-cache.ts';
import type { FileReading } from '../ingest/read-file.ts';
import { readInput, type InputSummary } from '../ingest/read-input.ts';
import type { Scheme } from '../scheme/schema.ts';
import type { FileLoad, Store } from '../store/db.ts';
import { supersessionProblems } from '../store/supersession.ts';
import { newestFirst } from '../store/views.ts';
import { QUIET, type Effects } from './effects.ts';

export interface LoadSummary extends InputSummary {
  rows: { read: number; accepted: number; rejected: number };
}

export interface IngestContext {
  store: Store;
  /** The input folder. */
  input: string;
  scheme: Scheme;
  schemeText: string;
  /** Folders and files inside the input folder that are never input (the output, the database). */
  skip?: string[];
  /** Read every file again, even those the database holds under the same roster and scheme. */
  force?: boolean;
  /** Told once, as soon as some file is found that must be read, with how many files there are (a build may then start Chromium). */
  onFirstRead?: (files: number) => void;
  /** Told of every reading before it is loaded (`pingyi validate` reports them). */
  onReading?: (reading: FileReading) => void;
  /** Where the code the ingest key covers is read from; src/ unless a test points it at a changed copy. */
  codeRoot?: string;
  /**
   * Where what this build learns of the input files is kept for the next (ingest/file-cache.ts):
   * beside the database. Without it every file is hashed and looked at again.
   */
  cacheFile?: string;
}

/** A batch is loaded when it holds this many records, or this many files: memory stays bounded. */
const BATCH_RECORDS = 50_000;
const BATCH_FILES = 200;

export async function ingest(ctx: IngestContext, effects: Effects = QUIET): Promise<LoadSummary> {
  const { store } = ctx;
  // Content first read in this run counts as first seen now, all of it at the same time.
  const seenAt = new Date();
  const rows = { read: 0, accepted: 0, rejected: 0 };
  let batch: FileLoad[] = [];
  let batchRecords = 0;
  const flush = async () => {
    const files = batch;
    batch = [];
    batchRecords = 0;
    await store.loadFiles(files, { seenAt, beforeCommit: async () => effects.pause?.('ingest') });
  };
  // One query for all files rather than one per file: a build where nothing changed asks it for every file.
  const held = new Map(
    (await store.rows<{ sha256: string; context_hash: string }>('SELECT sha256, context_hash FROM submission')).map(
      (s) => [s.sha256, s.context_hash],
    ),
  );
  let submissionKind: ((r: FileReading) => string) | undefined;
  let firstRead = false;
  let listed = 0;
  const cache = new FileCache(ctx.cacheFile ?? null, ctx.force === true);
  const input = {
    dir: ctx.input,
    scheme: ctx.scheme,
    schemeText: ctx.schemeText,
    skip: ctx.skip ?? [],
    codeRoot: ctx.codeRoot,
    cache,
  };
  const summary = await readInput(input, {
    shouldRead: async (file, contextHash) => {
      const read = ctx.force === true || held.get(file.sha256) !== contextHash;
      if (read && !firstRead) {
        firstRead = true;
        ctx.onFirstRead?.(listed);
      }
      return read;
    },
    progress: (done, total) => {
      listed = total;
      effects.progress?.('ingest', done, total);
    },
    newestFirst: (files) => newestFirst(store, files, seenAt),
    onReading: async (r: FileReading, contextHash: string) => {
      // Loaded with the readers already; not by a build that reads nothing.
      submissionKind ??= (await import('../ingest/read-file.ts')).submissionKind;
      ctx.onReading?.(r);
      rows.read += r.counts.read;
      rows.accepted += r.counts.accepted;
      rows.rejected += r.counts.rejected;
      const load: FileLoad = {
        submission: {
          sha256: r.file.sha256,
          path: r.file.name,
          kind: submissionKind(r),
          period: r.recognition?.period ?? null,
          org_id: r.recognition?.orgId ?? null,
          recognized_by: r.recognition?.by ?? 'none',
          fill_date: r.fields.fillDate,
          fill_by: r.fields.fillBy,
          phone: r.fields.phone,
          file_size: r.file.size,
          file_mtime: r.file.mtime,
          context_hash: contextHash,
          ingested_at: new Date(),
          present: true,
          usable: r.usable,
          rows_read: r.counts.read,
          rows_accepted: r.counts.accepted,
          rows_rejected: r.counts.rejected,
        },
        records: r.roster ? rosterRecords(r) : r.records,
        problems: r.problems,
      };
      batch.push(load);
      batchRecords += Object.values(load.records).reduce((n, t) => n + t.length, 0);
      if (batchRecords >= BATCH_RECORDS || batch.length >= BATCH_FILES) await flush();
    },
    knownClaims: async (files) => {
      if (files.length === 0) return [];
      // Hex digests only, so they can be written into the query as literals.
      const shas = files.map((f) => `'${f.sha256}'`).join(',');
      return store.rows<Claim>(
        `SELECT path AS name, kind, period, org_id AS "orgId" FROM submission WHERE usable AND sha256 IN (${shas})`,
      );
    },
  });
  await flush();
  // Only once the readings are in the database: a run killed before keeps the old cache, which is still true.
  cache.save();
  await store.markPresent(summary.files.map((f) => ({ sha256: f.sha256, path: f.name, mtime: f.mtime })));
  const problems = [...summary.problems, ...(await supersessionProblems(store, ctx.scheme))];
  await store.replaceScanProblems(problems);
  return { ...summary, problems, rows };
}

function rosterRecords(r: FileReading) {
  // Fields written out, not spread: a province's roster is 150,000 members.
  const { roster, rows } = r.roster!;
  return {
    roster_org: roster.orgs.map((o, i) => ({
      sheet: rows.orgs[i]!.sheet,
      row_no: rows.orgs[i]!.row,
      org_id: o.orgId,
      name: o.name,
      level: o.level,
      type: o.type,
      parent_id: o.parentId,
      secretary: o.secretary,
      secretary_phone: o.secretaryPhone ?? null,
      secretary_email: o.secretaryEmail ?? null,
      contact: o.contact ?? null,
      contact_phone: o.contactPhone ?? null,
      contact_email: o.contactEmail ?? null,
      region: o.region,
    })),
    roster_member: roster.members.map((m, i) => ({
      sheet: rows.members[i]!.sheet,
      row_no: rows.members[i]!.row,
      member_id: m.memberId,
      name: m.name,
      sex: m.sex,
      birth_date: m.birthDate,
      join_date: m.joinDate,
      status: m.status,
      org_id: m.orgId,
      post: m.post,
      party_worker: m.partyWorker,
    })),
    roster_sanction: roster.sanctions.map((s, i) => ({
      sheet: rows.sanctions[i]!.sheet,
      row_no: rows.sanctions[i]!.row,
      member_id: s.memberId,
      period: s.period,
      sanction: s.sanction,
      sanction_date: s.date,
      note: s.note,
    })),
  };
}
