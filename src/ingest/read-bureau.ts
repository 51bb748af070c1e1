// Reads the bureau's 上级考评 and 领导点评 for every organization, and the 领导点评 of members
// when the scheme collects them on this form. Organizations left without a 点评 are named.
import { BUREAU_REVIEW, bureauSheets, REVIEW_COMMENTS } from '../contract/form-layout.ts';
import type { NewRecord } from '../contract/tables.ts';
import { normalizeCode, parseScore, required } from './cells.ts';
import { firstTime, resolveOrg, type FormContext, type Records } from './form-context.ts';
import { readMemberComments } from './read-member-comments.ts';
import { readSheetRows, warnIfBlank, type RowCheck } from './sheet-rows.ts';
import type { SheetBook } from './sheet-book.ts';
import { assignSheets } from './table.ts';

/** `partial`: a CSV holding only some sheets, so absent sheets are not reported. */
export function readBureauForm(wb: SheetBook, ctx: FormContext, partial = false): Records {
  const sheets = assignSheets(wb, bureauSheets(ctx.scheme));
  const at = (c: RowCheck) => ({ sheet: c.sheet, row_no: c.row.row, period: ctx.period });
  const items = new Map(
    ctx.scheme.org.dimensions.flatMap((d) => d.items.map((it) => [it.key.toUpperCase(), it] as const)),
  );

  const seen = new Set<string>();
  const scored = new Map<string, number>();
  const review = readSheetRows(
    sheets,
    BUREAU_REVIEW,
    ctx.log,
    ctx.counts,
    partial ? 'ignore' : 'error',
    (c): NewRecord<'bureau_review'> | undefined => {
      const org = resolveOrg(ctx, c);
      const key = normalizeCode(c.value('itemKey'));
      const item = items.get(key);
      if (!item) c.reject('itemKey', `“${key}”不是本评议方案的考核细则编号`);
      const points = item ? c.take('points', required(parseScore(c.value('points'), item.max))) : undefined;
      if (!org || !item || points === undefined) return undefined;
      if (!firstTime(seen, `${org.orgId}|${item.key}`, c, 'itemKey', `${org.name}的考核细则 ${item.key} `))
        return undefined;
      scored.set(org.orgId, (scored.get(org.orgId) ?? 0) + 1);
      return { ...at(c), org_id: org.orgId, item_key: item.key, points, note: c.text('note') || null };
    },
  );
  if (review.sheet) {
    for (const org of ctx.roster.orgs) {
      const n = scored.get(org.orgId) ?? 0;
      if (n < items.size)
        ctx.log.warn(
          review.sheet,
          undefined,
          undefined,
          `${org.name}（${org.orgId}）有 ${items.size - n} 条考核细则没有考评得分`,
        );
    }
  }

  const commented = new Set<string>();
  const comments = readSheetRows(
    sheets,
    REVIEW_COMMENTS,
    ctx.log,
    ctx.counts,
    partial ? 'ignore' : 'warning',
    (c): NewRecord<'review_comment'> | undefined => {
      const org = resolveOrg(ctx, c);
      if (!org || !firstTime(commented, org.orgId, c, 'orgId', `${org.name}的点评`)) return undefined;
      const text = (k: string) => c.text(k) || null;
      return {
        ...at(c),
        org_id: org.orgId,
        strengths: text('strengths'),
        problems: text('problems'),
        direction: text('direction'),
        reviewer: text('reviewer'),
      };
    },
  );

  // A CSV correction holds some organizations' 点评 only: who is missing is the whole form's question.
  if (!partial && !warnIfBlank(comments, ctx.log, '党组织的领导点评') && comments.sheet) {
    const none = ctx.roster.orgs.filter((o) => !commented.has(o.orgId)).map((o) => `${o.name}（${o.orgId}）`);
    if (none.length > 0)
      ctx.log.warn(comments.sheet, undefined, undefined, `以下党组织没有领导点评：${none.join('、')}`);
  }

  return {
    bureau_review: review.rows.map((r) => r.value),
    review_comment: comments.rows.map((r) => r.value),
    member_comment:
      ctx.scheme.memberComments.collectedOn === 'bureau'
        ? readMemberComments(sheets, ctx, null, partial ? 'ignore' : 'warning')
        : [],
  };
}
