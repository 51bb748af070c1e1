// 承诺公示: each organization's commitments and its members', with their deadlines and status,
// to be posted on its 公示栏 (示诺 and the progress of 践诺). No scores and no ballots: it is for
// the public. Dated from the organization's form, never from the clock.
import { parsePeriod, periodEnd } from '../../scheme/period.ts';
import type { Scheme } from '../../scheme/schema.ts';
import type { Store } from '../../store/db.ts';
import { chineseDate } from '../wording.ts';
import { commitmentLedgers } from './commitments.ts';
import { header } from './shared.ts';

export async function commitmentNoticeModels(store: Store, scheme: Scheme, period: string) {
  const ledgers = await commitmentLedgers(store, scheme, period);
  const orgs = await store.rows<{ org_id: string; name: string; filled: Date | null }>(
    `SELECT o.org_id, o.name,
            (SELECT max(s.fill_date) FROM submission s WHERE s.period = $1 AND s.org_id = o.org_id AND s.present AND s.usable) AS filled
     FROM current_roster_org o ORDER BY o.org_id`,
    [period],
  );
  const p = parsePeriod(period);
  const base = header(scheme, period, '');
  return orgs.flatMap((o) => {
    const ledger = ledgers.get(o.org_id);
    if (!ledger || ledger.org.length + ledger.members.length === 0) return [];
    return [
      {
        ...base,
        title: `${base.periodLabel}${o.name}公开承诺公示`,
        // A title longer than a line breaks only between these (as the branch report's): never 公示 / 示.
        titlePhrases: [base.periodLabel, o.name, '公开承诺公示'],
        orgId: o.org_id,
        name: o.name,
        org: ledger.org,
        members: ledger.members,
        date: chineseDate(o.filled ?? (p ? periodEnd(p) : new Date(0))),
      },
    ];
  });
}
