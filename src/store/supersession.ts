// Every supersession, reported: where several files in the input folder hold the same table
// for the same organization and period, the newest one (views.ts) is current and the warning
// names them all, newest first — CSV corrections and one-sheet re-submissions included.
// Computed from the database after loading, so it is the very choice the current_* views make.
import {
  AWARD_DECISIONS,
  AWARD_DOCUMENT,
  AWARD_ENDORSEMENTS,
  AWARD_PROPOSALS,
  BALLOT_ROUNDS,
  BUREAU_REVIEW,
  DAILY_RECORD,
  FORM_KIND_LABELS,
  MEMBER_COMMENTS,
  MEMBER_COMMITMENTS,
  MEMBER_PAIRS,
  ORG_COMMITMENTS,
  PUBLIC_COMMENTS,
  REVIEW_COMMENTS,
  SELF_ASSESSMENT,
  ballotSheet,
  modelTallySheet,
  satisfactionSheet,
  tallySheet,
} from '../contract/form-layout.ts';
import type { Problem } from '../contract/problem.ts';
import type { Scheme } from '../scheme/schema.ts';
import type { Store } from './db.ts';
import { rankedHoldersSql, UNITS, type Unit } from './views.ts';

interface Supersession {
  period: string | null;
  org_ids: string[];
  units: Unit[];
  /** Every older file is replaced in all it holds (not just some of its tables). */
  whole: boolean;
  /** Newest first: the first is current. */
  files: { path: string; fill_date: Date | null; file_time: Date }[];
}

const supersessionSql = () => `
WITH held AS (
  ${UNITS.map((u) => `SELECT '${u}' AS unit, * FROM (${rankedHoldersSql(u)})`).join('\n  UNION ALL ')}
), contested AS (
  SELECT unit, period, org_id, list(submission_id ORDER BY newness) AS ids
  FROM held GROUP BY unit, period, org_id HAVING count(*) > 1
), grouped AS (
  SELECT period, ids, list(DISTINCT unit ORDER BY unit) AS units,
         coalesce(list(DISTINCT org_id ORDER BY org_id) FILTER (WHERE org_id IS NOT NULL), []) AS org_ids,
         count(*) AS cells
  FROM contested GROUP BY period, ids
), holdings AS (
  SELECT submission_id, count(*) AS cells FROM held GROUP BY submission_id
), found AS (
SELECT g.period, g.org_ids, g.units,
       (SELECT bool_and(h.cells = g.cells) FROM holdings h WHERE list_contains(g.ids[2:], h.submission_id)) AS whole,
       (SELECT list({'path': s.path, 'fill_date': s.fill_date, 'file_time': file_time(s.first_seen, s.file_mtime)}
                    ORDER BY list_position(g.ids, s.submission_id))
        FROM submission s WHERE list_contains(g.ids, s.submission_id)) AS files
FROM grouped g
)
SELECT * FROM found ORDER BY files[1].path, period, org_ids`;

const ORGS_NAMED = 5;
const day = (d: Date) => d.toISOString().slice(0, 10);

function unitLabels(scheme: Scheme): Record<Unit, string> {
  return {
    roster: FORM_KIND_LABELS.roster,
    self_assessment: SELF_ASSESSMENT.name,
    bureau_review: BUREAU_REVIEW.name,
    review_comment: REVIEW_COMMENTS.name,
    ballot_round: BALLOT_ROUNDS.name,
    member_tally: tallySheet(scheme).name,
    member_ballot: ballotSheet(scheme).name,
    satisfaction_tally: satisfactionSheet(scheme).name,
    public_comment: PUBLIC_COMMENTS.name,
    daily_record: DAILY_RECORD.name,
    member_model_tally: modelTallySheet(scheme).name,
    org_commitment: ORG_COMMITMENTS.name,
    member_commitment: MEMBER_COMMITMENTS.name,
    member_comment: MEMBER_COMMENTS.name,
    member_pair: MEMBER_PAIRS.name,
    award_proposal: AWARD_PROPOSALS.name,
    award_endorsement: AWARD_ENDORSEMENTS.name,
    award_decision: AWARD_DECISIONS.name,
    award_document: AWARD_DOCUMENT.name,
  };
}

function subject(s: Supersession, labels: Record<Unit, string>): string {
  if (s.units.includes('roster')) return labels.roster;
  const orgs =
    s.org_ids.length <= ORGS_NAMED
      ? s.org_ids.join('、')
      : `${s.org_ids.slice(0, ORGS_NAMED).join('、')} 等 ${s.org_ids.length} 个党组织`;
  const tables = UNITS.filter((u) => s.units.includes(u)).map((u) => labels[u]);
  return `${s.period ?? ''} ${orgs} 的${s.whole ? '表格' : tables.join('、')}`;
}

const when = (f: Supersession['files'][number]) =>
  f.fill_date ? `填表日期 ${day(f.fill_date)}` : `未填填表日期，文件时间 ${f.file_time.toLocaleString('sv-SE')}`;

export async function supersessionProblems(store: Store, scheme: Scheme): Promise<Problem[]> {
  const labels = unitLabels(scheme);
  const found = await store.rows<Supersession>(supersessionSql());
  return found.map((s): Problem => {
    const newest = s.files[0]!;
    return {
      severity: 'warning',
      file: newest.path,
      message: `${subject(s, labels)}有 ${s.files.length} 份：${s.files.map((f) => `“${f.path}”（${when(f)}）`).join('、')}，采用最新的“${newest.path}”，其余保留在历史记录中`,
    };
  });
}
