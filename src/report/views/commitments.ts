// Each organization's 公开承诺 for one period, as the branch report and the 承诺公示 show it: the
// organization's own commitments and its members', with deadline, status and 评诺; those carried
// in from an earlier period marked; the 兑现率; and what the last period left open that this
// period's form did not report. One query per table for every organization, grouped after.
import type { Scheme } from '../../scheme/schema.ts';
import type { Store } from '../../store/db.ts';
import { tableDate, wording } from '../wording.ts';
import { groupBy } from '../../base/group-by.ts';

interface StatusRow {
  org_id: string;
  level: 'org' | 'member';
  member_id: string | null;
  member_name: string | null;
  category: string | null;
  content: string;
  deadline: Date | null;
  responsible: string | null;
  status: string;
  explanation: string | null;
  rating: string | null;
  reason_accepted: boolean | null;
  made_in: string;
  carried_in: boolean;
  carries_forward: boolean;
  unexcused: boolean;
}

interface RateRow {
  org_id: string;
  level: 'all' | 'org' | 'member';
  commitments: number;
  due: number;
  rate: number | null;
  carries_forward: number;
  committed: number;
  members: number | null;
}

interface DroppedRow {
  org_id: string;
  member_name: string | null;
  content: string;
  made_in: string;
  previous_status: string;
}

export interface CommitmentLine {
  name: string | null;
  category: string | null;
  content: string;
  deadline: string | null;
  responsible: string | null;
  status: string;
  /** Not kept (部分兑现, 未兑现): shown as such. */
  notKept: boolean;
  explanation: string | null;
  rating: string | null;
  reasonAccepted: string | null;
  /** The period it was made in, when earlier than this one. */
  carriedFrom: string | null;
  carriesForward: boolean;
  unexcused: boolean;
}

export interface CommitmentLedger {
  org: CommitmentLine[];
  members: CommitmentLine[];
  /** 兑现率 of all its commitments, with the counts it is made of; null when none was due. */
  rate: { rate: number | null; due: number; commitments: number; carriesForward: number } | null;
  /** Last period's open commitments this period's form left off. */
  dropped: { name: string | null; content: string; madeIn: string; previousStatus: string }[];
  /** Members on the roster without any commitment (when the organization reported members' commitments). */
  withoutCommitment: number;
}

export async function commitmentLedgers(
  store: Store,
  scheme: Scheme,
  period: string,
): Promise<Map<string, CommitmentLedger>> {
  const lines = await store.rows<StatusRow>(
    `SELECT c.org_id, c.level, c.member_id, m.name AS member_name, c.category, c.content, c.deadline, c.responsible,
            c.status, c.explanation, c.rating, c.reason_accepted, c.made_in, c.carried_in, c.carries_forward, c.unexcused
     FROM commitment_status c LEFT JOIN current_roster_member m USING (member_id)
     WHERE c.period = $1 ORDER BY c.org_id, c.level DESC, c.member_id, c.made_in, c.sheet, c.row_no`,
    [period],
  );
  const rates = await store.rows<RateRow>(
    `SELECT org_id, level, commitments, due, rate, carries_forward, committed, members
     FROM commitment_rate WHERE period = $1 AND org_id IS NOT NULL`,
    [period],
  );
  const dropped = await store.rows<DroppedRow>(
    `SELECT c.org_id, m.name AS member_name, c.content, c.made_in, c.previous_status
     FROM commitment_carryover c LEFT JOIN current_roster_member m USING (member_id)
     WHERE c.period = $1 AND NOT c.reported ORDER BY c.org_id, c.level DESC, c.member_id`,
    [period],
  );
  const w = wording(scheme);
  const line = (r: StatusRow): CommitmentLine => ({
    name: r.member_name,
    category: w.commitmentCategory(r.category, r.level),
    content: r.content,
    deadline: r.deadline ? tableDate(r.deadline) : null,
    responsible: r.responsible,
    status: w.commitmentStatus(r.status),
    notKept: r.status === 'partial' || r.status === 'unkept',
    explanation: r.explanation,
    rating: w.commitmentRating(r.rating),
    reasonAccepted: r.status === 'partial' || r.status === 'unkept' ? w.yesNo(r.reason_accepted) : null,
    carriedFrom: r.carried_in ? w.periodName(r.made_in) : null,
    carriesForward: r.carries_forward,
    unexcused: r.unexcused,
  });
  const linesOf = groupBy(lines, (r) => r.org_id);
  const ratesOf = groupBy(rates, (r) => r.org_id);
  const droppedOf = groupBy(dropped, (r) => r.org_id);
  const ledgers = new Map<string, CommitmentLedger>();
  for (const orgId of new Set([...linesOf.keys(), ...droppedOf.keys()])) {
    const rows = linesOf.get(orgId) ?? [];
    const all = ratesOf.get(orgId)?.find((r) => r.level === 'all');
    const member = ratesOf.get(orgId)?.find((r) => r.level === 'member');
    ledgers.set(orgId, {
      org: rows.filter((r) => r.level === 'org').map(line),
      members: rows.filter((r) => r.level === 'member').map(line),
      rate: all
        ? { rate: all.rate, due: all.due, commitments: all.commitments, carriesForward: all.carries_forward }
        : null,
      dropped: (droppedOf.get(orgId) ?? []).map((d) => ({
        name: d.member_name,
        content: d.content,
        madeIn: w.periodName(d.made_in),
        previousStatus: w.commitmentStatus(d.previous_status),
      })),
      withoutCommitment: member ? Math.max(0, (member.members ?? 0) - member.committed) : 0,
    });
  }
  return ledgers;
}
