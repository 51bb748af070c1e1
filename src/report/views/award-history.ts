// Each organization's awards and its members' (award_history: decided lists only, never a
// 草案) of the periods up to the one reported on, as its report lists them.
import { parsePeriod, periodLabel } from '../../scheme/period.ts';
import type { Scheme } from '../../scheme/schema.ts';
import type { Store } from '../../store/db.ts';
import { chineseDate, wording } from '../wording.ts';
import { groupBy } from '../../base/group-by.ts';

export interface AwardHistoryLine {
  period: string;
  award: string;
  /** The organization itself, or the member's name. */
  who: string;
  /** 表彰决定's 文号 and date, or the recommendation's. */
  document: string;
}

interface HistoryRow {
  period: string;
  award: string;
  target: string;
  name: string;
  org_id: string;
  level: string;
  doc_no: string | null;
  doc_date: Date | null;
}

/** By organization: its own awards and its members', oldest first, organization before members. */
export async function awardHistoryByOrg(
  store: Store,
  scheme: Scheme,
  period: string,
): Promise<Map<string, AwardHistoryLine[]>> {
  const rows = await store.rows<HistoryRow>(
    `SELECT period, award, target, name, org_id, level, doc_no, doc_date FROM award_history
     WHERE period <= $1 ORDER BY org_id, period, target DESC, award, candidate_id`,
    [period],
  );
  const w = wording(scheme);
  const label = (p: string) => {
    const parsed = parsePeriod(p);
    return parsed ? periodLabel(scheme, parsed) : p;
  };
  const lines = rows.map((r) => ({
    orgId: r.org_id,
    line: {
      period: label(r.period),
      award: `${w.awardName(r.award, r.period)}${r.level === 'recommend' ? `（${w.awardLevel(r.level)}）` : ''}`,
      who: r.target === 'org' ? '本组织' : r.name,
      document: [r.doc_no, r.doc_date && chineseDate(r.doc_date)].filter(Boolean).join('，'),
    },
  }));
  const byOrg = groupBy(lines, (l) => l.orgId);
  return new Map([...byOrg].map(([org, ls]) => [org, ls.map((l) => l.line)]));
}
