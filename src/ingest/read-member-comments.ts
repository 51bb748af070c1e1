// 领导点评 of members, on the bureau's form (every member of every organization) or on a
// branch's (its own members, the secretary's 点评), as the scheme says. A blank sheet is
// warned about; on a branch's form, members without a 点评 are named; on the bureau's,
// organizations none of whose members has one.
import { MEMBER_COMMENTS } from '../contract/form-layout.ts';
import type { NewRecord } from '../contract/tables.ts';
import { firstTime, resolveMember, type FormContext } from './form-context.ts';
import { readSheetRows, warnIfBlank } from './sheet-rows.ts';
import type { SheetMap } from './table.ts';

/** `orgId`: the branch whose form it is; null on the bureau's form. */
export function readMemberComments(
  sheets: SheetMap,
  ctx: FormContext,
  orgId: string | null,
  missing: 'warning' | 'ignore',
): NewRecord<'member_comment'>[] {
  const seen = new Set<string>();
  const result = readSheetRows(
    sheets,
    MEMBER_COMMENTS,
    ctx.log,
    ctx.counts,
    missing,
    (c): NewRecord<'member_comment'> | undefined => {
      const member = resolveMember(ctx, c, orgId);
      if (!member || !firstTime(seen, member.memberId, c, 'memberId', `${member.name}的点评`)) return undefined;
      const text = (k: string) => c.text(k) || null;
      return {
        sheet: c.sheet,
        row_no: c.row.row,
        period: ctx.period,
        org_id: member.orgId,
        member_id: member.memberId,
        strengths: text('strengths'),
        problems: text('problems'),
        direction: text('direction'),
        reviewer: text('reviewer'),
      };
    },
  );
  // A partial copy (a CSV correction) is not the whole form: who is missing is not its question.
  if (missing === 'ignore' || warnIfBlank(result, ctx.log, '党员的领导点评') || !result.sheet)
    return result.rows.map((r) => r.value);
  if (orgId !== null) {
    const absent = (ctx.membersOf.get(orgId) ?? []).filter((m) => !seen.has(m.memberId)).map((m) => m.name);
    if (absent.length > 0) ctx.log.warn(result.sheet, undefined, undefined, `以下党员没有点评：${absent.join('、')}`);
  } else {
    const none = ctx.roster.orgs
      .filter((o) => (ctx.membersOf.get(o.orgId) ?? []).every((m) => !seen.has(m.memberId)))
      .filter((o) => (ctx.membersOf.get(o.orgId) ?? []).length > 0)
      .map((o) => o.name);
    if (none.length > 0)
      ctx.log.warn(result.sheet, undefined, undefined, `以下党组织的党员都没有点评：${none.join('、')}`);
  }
  return result.rows.map((r) => r.value);
}
