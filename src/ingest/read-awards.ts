// Reads the awards' sheets: a branch's 推荐 (its candidates within its places), a 党总支's
// 推荐审核 (its opinion on its branches' candidates) and the committee's 评先选优审定表.
// What the roster settles is checked here, cell by cell; what needs the period's results
// (待核实, 一票否决, a repeated award) is the committee's check in the scoring.
import {
  AGREE,
  AWARD_DECISIONS,
  AWARD_DOCUMENT,
  AWARD_ENDORSEMENTS,
  AWARD_PROPOSALS,
  awardChoices,
  DECISION_SHEETS,
} from '../contract/form-layout.ts';
import type { NewRecord } from '../contract/tables.ts';
import type { Member, Org } from '../contract/roster.ts';
import { awardRound, branchPlaces } from '../scheme/awards.ts';
import type { AwardKind } from '../scheme/schema.ts';
import { normalizeCode, parseChoice, parseDate, required } from './cells.ts';
import { firstTime, type FormContext, type Records } from './form-context.ts';
import { readSheetRows, type RowCheck } from './sheet-rows.ts';
import type { SheetBook } from './sheet-book.ts';
import { assignSheets } from './table.ts';

type Sheets = ReturnType<typeof assignSheets>;
const OPINIONS = [
  { key: 'yes' as const, label: AGREE.yes, synonyms: ['同意推荐', '同意表彰', '是', '√'] },
  { key: 'no' as const, label: AGREE.no, synonyms: ['不同意推荐', '否', '×'] },
];

const isOrgAward = (award: AwardKind) => award === 'advanced_org';

/** The candidate a row names: an organization for 先进基层党组织, else a member; reported when unknown. */
function resolveCandidate(ctx: FormContext, c: RowCheck, award: AwardKind): Org | Member | undefined {
  const id = normalizeCode(c.value('candidateId'));
  if (!id) return void c.reject('candidateId', `${c.header('candidateId')}不能为空`);
  const found = isOrgAward(award) ? ctx.orgs.get(id) : ctx.members.get(id);
  if (!found)
    return void c.reject(
      'candidateId',
      `${isOrgAward(award) ? '组织编号' : '党员编号'}“${id}”不在名册中（先进基层党组织填组织编号，个人奖项填党员编号）`,
    );
  const name = c.text('name');
  if (name && name !== found.name) c.warn('name', `“${name}”与名册中的“${found.name}”不一致，已按编号 ${id} 对应`);
  return found;
}

/** The award of a row, which must be one this period's round gives. */
function roundAward(ctx: FormContext, c: RowCheck): AwardKind | undefined {
  const award = c.take('award', required(parseChoice(c.value('award'), awardChoices(ctx.scheme))));
  if (!award) return undefined;
  const round = awardRound(ctx.scheme, ctx.period);
  if (!round?.awards.some((a) => a.kind === award))
    return void c.reject('award', `${ctx.period} 的评先日程中没有“${c.text('award')}”，本行未采用`);
  return award;
}

/** A branch's 推荐 sheet. */
export function readAwardProposals(sheets: Sheets, ctx: FormContext, orgId: string): NewRecord<'award_proposal'>[] {
  const { scheme } = ctx;
  const round = awardRound(scheme, ctx.period);
  const members = ctx.membersOf.get(orgId)?.length ?? 0;
  const used = new Map<string, number>();
  const seen = new Set<string>();
  const { min, max } = scheme.awards.narrativeChars;
  const read = readSheetRows(
    sheets,
    AWARD_PROPOSALS,
    ctx.log,
    ctx.counts,
    'ignore',
    (c): NewRecord<'award_proposal'> | undefined => {
      const award = roundAward(ctx, c);
      if (!award || !round) return undefined;
      const candidate = resolveCandidate(ctx, c, award);
      const meeting = c.take('meetingDate', required(parseDate(c.value('meetingDate'))));
      const narrative = c.text('narrative');
      if (!narrative) c.reject('narrative', `${c.header('narrative')}不能为空`);
      if (!candidate || meeting === undefined || !narrative) return undefined;
      const id = 'memberId' in candidate ? candidate.memberId : candidate.orgId;
      const own = 'memberId' in candidate ? candidate.orgId === orgId : id === orgId || candidate.parentId === orgId;
      if (!own)
        return void c.reject(
          'candidateId',
          `${candidate.name}（${id}）不是本党组织或本党组织的党员，不能由本党组织推荐`,
        );
      if ('memberId' in candidate && !memberEligible(ctx, c, candidate)) return undefined;
      if (award === 'party_worker') {
        for (const k of ['partyRole', 'partyWork'])
          if (!c.text(k)) return void c.reject(k, `推荐优秀党务工作者须填写${c.header(k)}`);
      }
      if (!firstTime(seen, `${award}|${id}`, c, 'candidateId', `${candidate.name}的推荐`)) return undefined;
      const places = branchPlaces(scheme, round, award, members);
      const n = (used.get(award) ?? 0) + 1;
      if (n > places)
        return void c.reject(
          'candidateId',
          `超过本党组织的推荐名额：${awardLabel(ctx, award)}最多推荐 ${places} 名，本行未采用`,
        );
      used.set(award, n);
      const length = [...narrative].length;
      if (length < min || length > max) c.warn('narrative', `事迹材料 ${length} 字，评议方案要求 ${min}–${max} 字`);
      return {
        sheet: c.sheet,
        row_no: c.row.row,
        period: ctx.period,
        org_id: orgId,
        award,
        candidate_id: id,
        party_role: c.text('partyRole') || null,
        party_work: c.text('partyWork') || null,
        narrative,
        meeting_date: meeting,
      };
    },
  );
  return read.rows.map((r) => r.value);
}

/** What the roster alone makes ineligible: a probationary member, a sanction this period. */
function memberEligible(ctx: FormContext, c: RowCheck, m: Member): boolean {
  if (m.status === 'probationary') {
    c.reject('candidateId', `${m.name}是${ctx.scheme.memberStatuses.probationary}，不能推荐评优`);
    return false;
  }
  const sanction = ctx.roster.sanctions.find((s) => s.memberId === m.memberId && s.period === ctx.period);
  if (sanction && ctx.scheme.veto.sanctionMakesIneligible) {
    c.reject('candidateId', `${m.name}本期受到${sanction.sanction}处分，不能推荐评优`);
    return false;
  }
  return true;
}

const awardLabel = (ctx: FormContext, award: AwardKind) =>
  awardChoices(ctx.scheme).find((a) => a.key === award)?.label ?? award;

/** A 党总支's 推荐审核 sheet: its opinion on each of its branches' candidates. */
export function readAwardEndorsements(
  sheets: Sheets,
  ctx: FormContext,
  orgId: string,
): NewRecord<'award_endorsement'>[] {
  const seen = new Set<string>();
  const read = readSheetRows(
    sheets,
    AWARD_ENDORSEMENTS,
    ctx.log,
    ctx.counts,
    'ignore',
    (c): NewRecord<'award_endorsement'> | undefined => {
      const branchId = normalizeCode(c.value('orgId'));
      const branch = ctx.orgs.get(branchId);
      if (!branch || branch.parentId !== orgId)
        return void c.reject('orgId', `“${branchId}”不是本党总支所属的党支部，本行未采用`);
      const award = roundAward(ctx, c);
      const candidate = award && resolveCandidate(ctx, c, award);
      const opinion = c.take('opinion', required(parseChoice(c.value('opinion'), OPINIONS)));
      if (!award || !candidate || !opinion) return undefined;
      const id = 'memberId' in candidate ? candidate.memberId : candidate.orgId;
      if (!firstTime(seen, `${award}|${id}`, c, 'candidateId', `对${candidate.name}的审核意见`)) return undefined;
      const note = c.text('note') || null;
      if (opinion === 'no' && !note) c.warn('note', '不同意推荐时请写明理由');
      return {
        sheet: c.sheet,
        row_no: c.row.row,
        period: ctx.period,
        org_id: orgId,
        branch_id: branchId,
        award,
        candidate_id: id,
        endorsed: opinion === 'yes',
        note,
      };
    },
  );
  return read.rows.map((r) => r.value);
}

/** The committee's 评先选优审定表. */
export function readDecisionForm(wb: SheetBook, ctx: FormContext): Records {
  const sheets = assignSheets(wb, DECISION_SHEETS);
  const scope = { period: ctx.period, org_id: '' };
  const seen = new Set<string>();
  const decisions = readSheetRows(
    sheets,
    AWARD_DECISIONS,
    ctx.log,
    ctx.counts,
    'error',
    (c): NewRecord<'award_decision'> | undefined => {
      const award = roundAward(ctx, c);
      const candidate = award && resolveCandidate(ctx, c, award);
      const opinion = c.take('opinion', required(parseChoice(c.value('opinion'), OPINIONS)));
      if (!award || !candidate || !opinion) return undefined;
      const id = 'memberId' in candidate ? candidate.memberId : candidate.orgId;
      if (!firstTime(seen, `${award}|${id}`, c, 'candidateId', `对${candidate.name}的审定意见`)) return undefined;
      const reason = c.text('reason') || null;
      if (opinion === 'no' && !reason) c.warn('reason', '不同意时请写明理由');
      return {
        sheet: c.sheet,
        row_no: c.row.row,
        ...scope,
        award,
        candidate_id: id,
        agreed: opinion === 'yes',
        reason,
      };
    },
  );
  const docs = readSheetRows(
    sheets,
    AWARD_DOCUMENT,
    ctx.log,
    ctx.counts,
    'warning',
    (c): NewRecord<'award_document'> | undefined => {
      const docNo = c.text('docNo');
      if (!docNo) return void c.reject('docNo', `${c.header('docNo')}不能为空`);
      const docDate = c.take('docDate', required(parseDate(c.value('docDate'))));
      const meetingDate = c.take('meetingDate', parseDate(c.value('meetingDate')));
      if (docDate === undefined || meetingDate === undefined) return undefined;
      return {
        sheet: c.sheet,
        row_no: c.row.row,
        ...scope,
        doc_no: docNo,
        doc_date: docDate,
        meeting_date: meetingDate,
      };
    },
  );
  return {
    award_decision: decisions.rows.map((r) => r.value),
    award_document: docs.rows.slice(0, 1).map((r) => r.value),
  };
}
