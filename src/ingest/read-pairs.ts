// 结对子 / 一带一 on a branch form: a mentor anywhere on the roster, a young member of this
// branch (under cohort.youngAgeBelow in full years at the period's end), since when, and what
// they did this period. A branch with young members and a blank sheet is warned about.
import { fullYears } from '../base/age.ts';
import { MEMBER_PAIRS, PAIR_KINDS } from '../contract/form-layout.ts';
import type { NewRecord } from '../contract/tables.ts';
import { parsePeriod, periodEnd } from '../scheme/period.ts';
import { formatDate, parseChoice, parseDate } from './cells.ts';
import { firstTime, resolveMember, type FormContext } from './form-context.ts';
import { readSheetRows } from './sheet-rows.ts';
import type { SheetMap } from './table.ts';

const MENTOR = { id: 'mentorId', name: 'mentorName' };
const MENTEE = { id: 'menteeId', name: 'menteeName' };

export function readPairs(sheets: SheetMap, ctx: FormContext, orgId: string): NewRecord<'member_pair'>[] {
  const end = periodEnd(parsePeriod(ctx.period)!);
  const below = ctx.scheme.cohort.youngAgeBelow;
  const seen = new Set<string>();
  // Forms written before this sheet existed have none: its absence is not reported.
  const result = readSheetRows(
    sheets,
    MEMBER_PAIRS,
    ctx.log,
    ctx.counts,
    'ignore',
    (c): NewRecord<'member_pair'> | undefined => {
      const kind = c.take('kind', parseChoice(c.value('kind'), PAIR_KINDS));
      const mentor = resolveMember(ctx, c, null, MENTOR);
      const mentee = resolveMember(ctx, c, orgId, MENTEE);
      const since = c.take('since', parseDate(c.value('since')));
      if (kind === undefined || !mentor || !mentee || since === undefined) return undefined;
      if (mentor.memberId === mentee.memberId) return void c.reject('menteeId', '导师和青年党员是同一人');
      if (
        !firstTime(seen, `${mentor.memberId}|${mentee.memberId}`, c, 'menteeId', `${mentor.name}与${mentee.name}的结对`)
      )
        return undefined;
      const age = fullYears(mentee.birthDate, end);
      if (age >= below)
        c.warn(
          'menteeId',
          `${mentee.name}在评议期末（${formatDate(end)}）已满 ${age} 岁，不是 ${below} 岁以下的青年党员`,
        );
      if (since && since > end) c.warn('since', `结对时间晚于本评议期的结束（${formatDate(end)}），请核对`);
      return {
        sheet: c.sheet,
        row_no: c.row.row,
        period: ctx.period,
        org_id: orgId,
        mentor_id: mentor.memberId,
        mentee_id: mentee.memberId,
        kind,
        since,
        activity: c.text('activity') || null,
      };
    },
  );
  if (result.sheet && result.read === 0) {
    const young = (ctx.membersOf.get(orgId) ?? []).filter((m) => fullYears(m.birthDate, end) < below);
    if (young.length > 0)
      ctx.log.warn(
        result.sheet,
        undefined,
        undefined,
        `本组织有 ${young.length} 名 ${below} 岁以下的青年党员，“${result.sheet}”工作表没有填写结对情况`,
      );
  }
  return result.rows.map((r) => r.value);
}
