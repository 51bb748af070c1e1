// What `pingyi forms` carries into the new forms from the database: the previous period's open
// commitments and its pairs, said in one line whether there are any or not.
import type { Carried } from '../contract/carry-over.ts';
import { periodLabel, previousPeriod, type Period } from '../scheme/period.ts';
import type { Scheme } from '../scheme/schema.ts';
import { out } from './print.ts';

export async function carriedFromDatabase(db: string, scheme: Scheme, period: Period): Promise<Carried | null> {
  const { readCarried } = await import('../store/carry-over.ts');
  const previous = previousPeriod(period);
  const carried = await readCarried(db, previous.code);
  const commitments = carried?.commitments.length ?? 0;
  const pairs = carried?.pairs.length ?? 0;
  const from = `${periodLabel(scheme, previous)}（${previous.code}）`;
  if (!carried) out(`数据库 ${db} 不存在，没有${from}的承诺和结对可转入，公开承诺和结对子从空白开始。`);
  else if (commitments + pairs === 0)
    out(`数据库 ${db} 中没有${from}未兑现、顺延或未到期的承诺，也没有结对记录，公开承诺和结对子从空白开始。`);
  else out(`从数据库转入${from}未兑现、顺延或未到期的承诺 ${commitments} 条、结对 ${pairs} 对，已预先填入各评议表。`);
  return carried;
}
