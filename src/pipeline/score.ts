// The score stage: the scheme and the overrides go into tables, then the models run (see
// score/models.ts). All of it is one transaction, so a run killed halfway leaves the
// previous results; and it is skipped when nothing it depends on has changed since the
// last scoring.
import { codeFingerprint, fingerprint, type Code } from '../base/hash.ts';
import type { Scheme } from '../scheme/schema.ts';
import { runModels } from '../score/models.ts';
import { loadOverrideTable, type Override } from '../score/overrides.ts';
import { loadSchemeTables } from '../score/scheme-tables.ts';
import type { Store } from '../store/db.ts';
import { QUIET, type Effects } from './effects.ts';

export interface ScoreSummary {
  periods: string[];
  orgs: number;
  members: number;
  /** Nothing had changed since the last scoring: the results were kept as they are. */
  skipped: boolean;
}

/**
 * The code the results come from: the models and the scheme and override tables they read
 * (score/, TypeScript and SQL), the current_* views the models read the records through
 * (store/views.ts), the record tables those views select from (contract/tables.ts), and DuckDB,
 * which runs the SQL.
 */
const SCORE_CODE: Code = {
  source: ['score', 'store/views.ts', 'contract/tables.ts'],
  packages: ['@duckdb/node-api'],
};

/** Submissions as the keys see them: which are present, by content, path and dates, in one order. */
const SUBMISSION_STATE = `string_agg(concat_ws('|', sha256, path, present, usable, context_hash, epoch_ms(file_mtime), epoch_ms(first_seen), fill_date), ',' ORDER BY sha256, path)`;

/** The score key: the scheme, the overrides, the code, and the submissions. */
async function scoreKey(ctx: ScoreContext): Promise<string> {
  const [state] = await ctx.store.rows<{ s: string | null }>(`SELECT ${SUBMISSION_STATE} AS s FROM submission`);
  return fingerprint(ctx.scheme, ctx.overrides, codeFingerprint(SCORE_CODE, ctx.codeRoot), state?.s ?? '');
}

/**
 * What each period's results come from, for the render stage: the score key's parts, with only
 * the submissions and overrides of that period, of earlier periods and of none (the roster). The
 * models compute a period from it and the periods before (changes against the previous period,
 * history up to it), never from a later one: a later period's form leaves these keys as they are.
 */
export async function periodScoreKeys(
  store: Store,
  scheme: Scheme,
  periods: string[],
  codeRoot?: string,
): Promise<Map<string, string>> {
  const code = codeFingerprint(SCORE_CODE, codeRoot);
  const keys = new Map<string, string>();
  for (const period of periods) {
    const [state] = await store.rows<{ s: string | null }>(
      `SELECT ${SUBMISSION_STATE} AS s FROM submission WHERE period IS NULL OR period <= $1`,
      [period],
    );
    // The override table as the last scoring loaded it, which is the scoring these results are from.
    const overrides = await store.rows('SELECT * FROM override WHERE period <= $1 ORDER BY ALL', [period]);
    keys.set(period, fingerprint(scheme, code, state?.s ?? '', overrides));
  }
  return keys;
}

export interface ScoreContext {
  store: Store;
  scheme: Scheme;
  overrides: Override[];
  /** Score again even when nothing changed. */
  force?: boolean;
  /** Where SCORE_CODE is read from: src/ unless a test points it at a changed copy. */
  codeRoot?: string;
}

export async function score(ctx: ScoreContext, effects: Effects = QUIET): Promise<ScoreSummary> {
  const { store, scheme, overrides } = ctx;
  const inputs = await scoreKey(ctx);
  const [last] = await store.rows<{ inputs: string }>('SELECT inputs FROM score_run');
  if (!ctx.force && last?.inputs === inputs) return { ...(await counts(store)), skipped: true };

  await store.inTransaction(async () => {
    await loadSchemeTables(store, scheme);
    await loadOverrideTable(store, overrides);
    await runModels(store.con, async () => effects.pause?.('score'));
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
