// The facts 回收情况 is computed from, read from the database as the last build (or status
// run) left it: the roster's organizations, every file read as one of their forms, what the
// current records hold per part of the form, and the problems of the files in use.
import type { Store } from '../store/db.ts';
import type { FormPart, OrgFacts, StatusFacts, VersionFacts } from './status.ts';

/** Per part, what is counted in the records that count now: items, rounds, members, categories. */
const FILLED: Record<FormPart, string> = {
  self: 'SELECT org_id, count(DISTINCT item_key) AS n FROM current_self_assessment WHERE period = $1 GROUP BY org_id',
  rounds:
    'SELECT org_id, count(DISTINCT (round, category)) AS n FROM current_ballot_round WHERE period = $1 GROUP BY org_id',
  votes: `SELECT org_id, count(DISTINCT member_id) AS n FROM (
            SELECT org_id, member_id FROM current_member_tally WHERE period = $1
            UNION ALL SELECT org_id, member_id FROM current_member_ballot WHERE period = $1) GROUP BY org_id`,
  satisfaction:
    'SELECT org_id, count(DISTINCT category) AS n FROM current_satisfaction_tally WHERE period = $1 GROUP BY org_id',
  daily: 'SELECT org_id, count(DISTINCT member_id) AS n FROM current_daily_record WHERE period = $1 GROUP BY org_id',
  commitments:
    'SELECT org_id, count(DISTINCT member_id) AS n FROM current_member_commitment WHERE period = $1 GROUP BY org_id',
};

/** The parts in one query: each of them alone cost a round trip and a plan (a build reads every period's). */
const FILLED_SQL = (Object.entries(FILLED) as [FormPart, string][])
  .map(([part, sql]) => `SELECT '${part}' AS part, org_id, n FROM (${sql})`)
  .join('\nUNION ALL ');

/**
 * Periods the office may ask about: those any file was read for — even one refused, such as a
 * blank form sent back as the only file of its period — and those with a due date.
 */
export async function knownPeriods(store: Store, withDueDates: string[]): Promise<string[]> {
  const read = await store.rows<{ period: string }>('SELECT DISTINCT period FROM submission WHERE period IS NOT NULL');
  return [...new Set([...read.map((r) => r.period), ...withDueDates])].sort();
}

export async function statusFacts(store: Store, period: string): Promise<StatusFacts> {
  const orgs = await store.rows<OrgFacts>(`
    SELECT o.org_id AS "orgId", o.name, o.parent_id AS "parentId", o.secretary,
           o.secretary_phone AS "secretaryPhone", o.secretary_email AS "secretaryEmail", o.contact,
           o.contact_phone AS "contactPhone", o.contact_email AS "contactEmail",
           (SELECT count(*) FROM current_roster_member m WHERE m.org_id = o.org_id)::INTEGER AS members
    FROM current_roster_org o ORDER BY o.row_no, o.org_id`);
  const files = await store.rows<VersionFacts & { kind: string }>(
    `SELECT kind, org_id AS "orgId", path, present, usable, rows_read AS "rowsRead", fill_date AS "fillDate",
            file_time(first_seen, file_mtime) AS mtime
     FROM submission WHERE period = $1 AND kind IN ('branch', 'csv', 'bureau') ORDER BY submission_id`,
    [period],
  );
  const filled = (await store.rows<{ part: FormPart; org_id: string; n: number | bigint }>(FILLED_SQL, [period])).map(
    (r) => ({ orgId: r.org_id, part: r.part, count: Number(r.n) }),
  );
  const problems = await store.rows<{ orgId: string; errors: number; warnings: number }>(
    `SELECT s.org_id AS "orgId", count(*) FILTER (WHERE p.severity = 'error')::INTEGER AS errors,
            count(*) FILTER (WHERE p.severity = 'warning')::INTEGER AS warnings
     FROM problem p JOIN submission s USING (submission_id)
     WHERE s.present AND s.period = $1 AND s.org_id IS NOT NULL GROUP BY s.org_id`,
    [period],
  );
  return {
    period,
    orgs,
    versions: files.filter((f) => f.kind !== 'bureau' && f.orgId !== null).map(({ kind: _, ...v }) => v),
    filled,
    problems,
    bureau: files.filter((f) => f.kind === 'bureau').map(({ kind: _, orgId: __, ...v }) => v),
  };
}

/** The facts of every period any file was read for, on a connection of their own (to be read beside other work). */
export async function everyPeriodsFacts(store: Store): Promise<Map<string, StatusFacts>> {
  const reader = await store.reader();
  try {
    const facts = new Map<string, StatusFacts>();
    for (const period of await knownPeriods(reader, [])) facts.set(period, await statusFacts(reader, period));
    return facts;
  } finally {
    reader.close();
  }
}
