// Both levels of 公开承诺 on a branch form: the organization's own commitments (its 承诺书)
// and its members', each with its 兑现 status and 评诺. A commitment needs its content and
// status; the scheme says which statuses need an explanation; a new commitment's deadline
// cannot fall before the period; a carried one names the period it was made in. A blank
// sheet, and members without any commitment, are warned about by name.
import {
  commitmentStatusChoices,
  MEMBER_COMMITMENTS,
  ORG_COMMITMENTS,
  orgCommitmentCategories,
} from '../contract/form-layout.ts';
import type { NewRecord } from '../contract/tables.ts';
import { findPeriodIn, parsePeriod, periodStart } from '../scheme/period.ts';
import {
  cleanText,
  formatDate,
  parseChoice,
  parseDate,
  parseYesNo,
  required,
  type Choice,
  type Parsed,
  type Scalar,
} from './cells.ts';
import { firstTime, resolveMember, type FormContext } from './form-context.ts';
import { readSheetRows, warnIfBlank, type RowCheck } from './sheet-rows.ts';
import type { SheetMap } from './table.ts';

type Missing = 'warning' | 'ignore';
type Followed = Omit<NewRecord<'org_commitment'>, 'sheet' | 'row_no' | 'period' | 'org_id' | 'responsible'>;

export function readOrgCommitments(
  sheets: SheetMap,
  ctx: FormContext,
  orgId: string,
  missing: Missing,
): NewRecord<'org_commitment'>[] {
  const seen = new Set<string>();
  const result = readSheetRows(
    sheets,
    ORG_COMMITMENTS,
    ctx.log,
    ctx.counts,
    missing,
    (c): NewRecord<'org_commitment'> | undefined => {
      const fields = readFollowed(ctx, c, 'category', orgCommitmentCategories(ctx.scheme));
      if (!fields || !firstTime(seen, fields.content, c, 'content', '同一承诺内容')) return undefined;
      return {
        sheet: c.sheet,
        row_no: c.row.row,
        period: ctx.period,
        org_id: orgId,
        ...fields,
        responsible: c.text('responsible') || null,
      };
    },
  );
  warnIfBlank(result, ctx.log, '党组织的公开承诺');
  return result.rows.map((r) => r.value);
}

export function readMemberCommitments(
  sheets: SheetMap,
  ctx: FormContext,
  orgId: string,
  missing: Missing,
): NewRecord<'member_commitment'>[] {
  const seen = new Set<string>();
  const mentioned = new Set<string>();
  const models = ctx.scheme.member.dimensions.map((d) => ({ key: d.key, label: d.label }));
  const result = readSheetRows(
    sheets,
    MEMBER_COMMITMENTS,
    ctx.log,
    ctx.counts,
    missing,
    (c): NewRecord<'member_commitment'> | undefined => {
      const member = resolveMember(ctx, c, orgId);
      if (member) mentioned.add(member.memberId);
      const fields = readFollowed(ctx, c, 'aspect', models);
      if (!member || !fields) return undefined;
      if (!firstTime(seen, `${member.memberId}|${fields.content}`, c, 'content', `${member.name}的同一承诺`))
        return undefined;
      return {
        sheet: c.sheet,
        row_no: c.row.row,
        period: ctx.period,
        org_id: orgId,
        member_id: member.memberId,
        ...fields,
      };
    },
  );
  // A 党总支 without members of its own has no member to promise anything.
  const members = ctx.membersOf.get(orgId) ?? [];
  if (members.length > 0 && !warnIfBlank(result, ctx.log, '党员的公开承诺') && result.sheet) {
    const absent = members.filter((m) => !mentioned.has(m.memberId)).map((m) => m.name);
    if (absent.length > 0)
      ctx.log.warn(result.sheet, undefined, undefined, `以下党员没有公开承诺：${absent.join('、')}`);
  }
  return result.rows.map((r) => r.value);
}

/** The cells both sheets share: 承诺, 时限, 兑现, 评诺 and the period the commitment was made in. */
function readFollowed(ctx: FormContext, c: RowCheck, categoryKey: string, categories: Choice[]): Followed | undefined {
  const { scheme } = ctx;
  const statuses = commitmentStatusChoices(scheme);
  const content = c.text('content');
  if (!content) c.reject('content', `${c.header('content')}不能为空`);
  const category = c.take(categoryKey, parseChoice(c.value(categoryKey), categories));
  const status = c.take('status', required(parseChoice(c.value('status'), statuses)));
  const deadline = c.take('deadline', parseDate(c.value('deadline')));
  const rating = c.take('rating', parseChoice(c.value('rating'), scheme.commitments.ratings));
  const reasonAccepted = c.take('reasonAccepted', parseYesNo(c.value('reasonAccepted'), scheme.yesNo));
  const madeIn = c.take('madeIn', parseMadeIn(c.value('madeIn'), ctx.period));
  if (
    !content ||
    category === undefined ||
    status === undefined ||
    deadline === undefined ||
    rating === undefined ||
    reasonAccepted === undefined ||
    madeIn === undefined
  )
    return undefined;
  const explanation = c.text('explanation') || null;
  if (!explanation && scheme.commitments.explanationRequired.includes(status)) {
    const label = statuses.find((s) => s.key === status)!.label;
    c.warn('explanation', `兑现情况为“${label}”，请在${c.header('explanation')}中写明情况`);
  }
  const start = periodStart(parsePeriod(ctx.period)!);
  // A carried commitment keeps the deadline it was given in its own period.
  if (deadline && madeIn === ctx.period && deadline < start)
    c.warn('deadline', `承诺时限 ${formatDate(deadline)} 早于本评议期的开始（${formatDate(start)}），请核对`);
  return {
    category,
    content,
    deadline,
    status,
    explanation,
    rating,
    reason_accepted: reasonAccepted,
    made_in: madeIn,
  };
}

/** 承诺期: blank for a commitment made this period; a carried one names an earlier period. */
function parseMadeIn(value: Scalar, current: string): Parsed<string> {
  const text = cleanText(value);
  if (!text) return { ok: true, value: current };
  const period = findPeriodIn(text);
  if (!period) return { ok: false, reason: '应填写评议期，如 2010年下半年 或 2010H2；本期新作的承诺不填' };
  if (period.code > current) return { ok: false, reason: `不能晚于本评议期 ${current}` };
  return { ok: true, value: period.code };
}
