// Reads one organization's returned workbook into records, checking every cell and
// the rules across cells: tallies against ballots returned, points against each item's
// maximum, members against the roster.
import {
  branchSheets,
  BALLOT_ROUNDS,
  ballotSheet,
  DAILY_RECORD,
  modelTallySheet,
  PUBLIC_COMMENTS,
  ROUNDS,
  satisfactionSheet,
  SELF_ASSESSMENT,
  tallySheet,
} from '../contract/form-layout.ts';
import type { Grade, RaterCategory } from '../scheme/schema.ts';
import type { NewRecord } from '../contract/tables.ts';
import { normalizeCode, parseChoice, parseCount, parseDate, parseScore, required, toHalfWidth } from './cells.ts';
import { firstTime, resolveMember, type FormContext, type Records } from './form-context.ts';
import { readAwardEndorsements, readAwardProposals } from './read-awards.ts';
import { readMemberCommitments, readOrgCommitments } from './read-commitments.ts';
import { readMemberComments } from './read-member-comments.ts';
import { readPairs } from './read-pairs.ts';
import { readSheetRows, type RowCheck } from './sheet-rows.ts';
import type { SheetBook } from './sheet-book.ts';
import { assignSheets, type SheetMap } from './table.ts';

type Round = 'democraticReview' | 'satisfaction';
/** What an unscored 自评 item costs, said where it is reported. */
const UNSCORED = '，本组织本期总分为“数据不足”，请填写后重新提交';
const ROUND_CHOICES = [
  { key: 'democraticReview' as const, label: ROUNDS.democraticReview, synonyms: ['民主评议', '民主评议党员'] },
  { key: 'satisfaction' as const, label: ROUNDS.satisfaction, synonyms: ['群众满意度', '满意度测评', '满意度'] },
];

/** `partial`: a CSV or a copy holding only some sheets, so absent sheets are not reported. */
export function readBranchForm(wb: SheetBook, ctx: FormContext, orgId: string, partial = false): Records {
  const { scheme } = ctx;
  const missing = partial ? 'ignore' : 'warning';
  const tallySpec = tallySheet(scheme);
  const ballotSpec = ballotSheet(scheme);
  const satSpec = satisfactionSheet(scheme);
  const sheets = assignSheets(wb, branchSheets(scheme));
  const scope = { period: ctx.period, org_id: orgId };
  const at = (c: RowCheck) => ({ sheet: c.sheet, row_no: c.row.row });

  const items = new Map(scheme.org.dimensions.flatMap((d) => d.items.map((it) => [it.key.toUpperCase(), it] as const)));
  const seenItems = new Set<string>();
  const self = readSheetRows(
    sheets,
    SELF_ASSESSMENT,
    ctx.log,
    ctx.counts,
    missing,
    (c): NewRecord<'self_assessment'> | undefined => {
      const key = normalizeCode(c.value('itemKey'));
      const item = items.get(key);
      if (!item) return void c.reject('itemKey', `“${key}”不是本评议方案的考核细则编号`);
      if (!firstTime(seenItems, key, c, 'itemKey', `考核细则 ${key} `)) return undefined;
      const points = c.take('points', required(parseScore(c.value('points'), item.max)));
      if (points === undefined) return undefined;
      return { ...at(c), ...scope, item_key: item.key, points, note: c.text('note') || null };
    },
  );
  // A blank item is an error, never a zero: the organization's total waits for it (数据不足).
  if (self.sheet && seenItems.size > 0) {
    const blank = new Set<string>();
    for (const row of self.unfilled) {
      const key = normalizeCode(row.get('itemKey').value);
      if (!items.has(key) || seenItems.has(key) || blank.has(key)) continue;
      blank.add(key);
      const cell = row.get('points').address || String(row.row);
      ctx.log.error(self.sheet, cell, undefined, `考核细则 ${items.get(key)!.key} 没有填写自评得分${UNSCORED}`);
    }
    const absent = [...items.values()].filter(
      (it) => !seenItems.has(it.key.toUpperCase()) && !blank.has(it.key.toUpperCase()),
    );
    if (absent.length > 0)
      ctx.log.error(
        self.sheet,
        undefined,
        undefined,
        `以下考核细则没有自评得分：${absent.map((it) => it.key).join('、')}${UNSCORED}`,
      );
  }

  const returned = new Map<string, number>();
  const seenRounds = new Set<string>();
  const rounds = readSheetRows(
    sheets,
    BALLOT_ROUNDS,
    ctx.log,
    ctx.counts,
    missing,
    (c): NewRecord<'ballot_round'> | undefined => {
      const round = c.take('round', required(parseChoice(c.value('round'), ROUND_CHOICES)));
      if (!round) return undefined;
      const category = c.take('category', required(parseChoice(c.value('category'), categoriesOf(ctx, round))));
      const eligible = c.take('eligible', parseCount(c.value('eligible')));
      const issued = c.take('issued', parseCount(c.value('issued')));
      const back = c.take('returned', parseCount(c.value('returned')));
      const date = c.take('date', parseDate(c.value('date')));
      if (
        category === undefined ||
        eligible === undefined ||
        issued === undefined ||
        back === undefined ||
        date === undefined
      )
        return undefined;
      if (!firstTime(seenRounds, `${round}|${category}`, c, 'category', '同一轮评议、同一类评议人的票数'))
        return undefined;
      if (back === null) c.warn('returned', '没有填写收回票数，无法核对计票数据');
      if (back !== null && issued !== null && back > issued) {
        c.warn(
          'returned',
          `收回票数（${back}）多于发出票数（${issued}）${scheme.validity.voidWhenReturnedExceedsIssued ? '，按规定该轮评议无效' : ''}`,
        );
      }
      if (issued !== null && eligible !== null && issued > eligible)
        c.warn('issued', `发出票数（${issued}）多于应参加人数（${eligible}）`);
      if (back !== null) returned.set(`${round}|${category}`, back);
      return { ...at(c), ...scope, round, category, eligible, issued, returned: back, round_date: date };
    },
  );

  const seenTally = new Set<string>();
  // Members with a row, accepted or not: the "no data" warning is for those without any.
  const mentionedTally = new Set<string>();
  const tallies = readSheetRows(
    sheets,
    tallySpec,
    ctx.log,
    ctx.counts,
    missing,
    (c): NewRecord<'member_tally'>[] | undefined => {
      const category = c.take('category', required(parseChoice(c.value('category'), scheme.member.raterCategories)));
      const member = resolveMember(ctx, c, orgId);
      if (category !== undefined && member) mentionedTally.add(`${category}|${member.memberId}`);
      const votes = gradeCounts(c, scheme.member.grades);
      if (category === undefined || !member || !votes) return undefined;
      if (
        !firstTime(
          seenTally,
          `${category}|${member.memberId}`,
          c,
          'memberId',
          `${member.name}的${labelOf(scheme.member.raterCategories, category)}计票`,
        )
      )
        return undefined;
      if (
        !withinReturned(
          c,
          'memberId',
          votes,
          returned.get(`democraticReview|${category}`),
          `${member.name}的各等次票数`,
        )
      )
        return undefined;
      return votes.map(([grade, n]) => ({ ...at(c), ...scope, member_id: member.memberId, category, grade, votes: n }));
    },
  );

  const seenBallots = new Set<string>();
  const ballotsPerCategory = new Map<string, Set<string>>();
  const ballots = readSheetRows(
    sheets,
    ballotSpec,
    ctx.log,
    ctx.counts,
    'ignore',
    (c): NewRecord<'member_ballot'> | undefined => {
      const ballotId = toHalfWidth(c.text('ballotId')).replace(/\s+/g, '');
      if (!ballotId) return void c.reject('ballotId', `${c.header('ballotId')}不能为空`);
      const category = c.take('category', required(parseChoice(c.value('category'), scheme.member.raterCategories)));
      const member = resolveMember(ctx, c, orgId);
      const overall = c.take('grade', required(parseChoice(c.value('grade'), scheme.member.grades)));
      const aspects = scheme.member.dimensions.map(
        (d) => [d.key, c.take(`dim_${d.key}`, parseChoice(c.value(`dim_${d.key}`), scheme.member.grades))] as const,
      );
      if (category === undefined || !member || overall === undefined || aspects.some(([, g]) => g === undefined))
        return undefined;
      if (
        !firstTime(
          seenBallots,
          `${ballotId}|${member.memberId}`,
          c,
          'ballotId',
          `票号 ${ballotId} 对${member.name}的评价`,
        )
      )
        return undefined;
      ballotsPerCategory.set(category, (ballotsPerCategory.get(category) ?? new Set()).add(ballotId));
      let graded = '';
      for (const [aspect, grade] of aspects) if (grade) graded += `${graded ? ';' : ''}${aspect}=${grade}`;
      // Written out, not spread from at() and scope: a province has millions of these rows.
      return {
        sheet: c.sheet,
        row_no: c.row.row,
        period: scope.period,
        org_id: scope.org_id,
        ballot_id: ballotId,
        category,
        member_id: member.memberId,
        grade: overall,
        aspects: graded,
      };
    },
  );
  for (const [category, ids] of ballotsPerCategory) {
    const back = returned.get(`democraticReview|${category}`);
    if (back !== undefined && ids.size > back && ballots.sheet) {
      ctx.log.warn(
        ballots.sheet,
        undefined,
        undefined,
        `${labelOf(scheme.member.raterCategories, category)}的电子票有 ${ids.size} 张，多于收回票数 ${back}`,
      );
    }
  }
  if (tallies.rows.length > 0 && ballots.rows.length > 0) {
    ctx.log.warn(
      ballots.sheet ?? undefined,
      undefined,
      undefined,
      '同时填写了“民主评议计票”和“民主评议票”，评分时以电子票为准',
    );
  }
  if (ballots.rows.length === 0 && tallies.sheet && tallies.rows.length > 0)
    warnMissingMembers(ctx, orgId, tallies.sheet, mentionedTally, scheme.member.raterCategories, '计票数据');

  const seenSat = new Set<string>();
  const satisfaction = readSheetRows(
    sheets,
    satSpec,
    ctx.log,
    ctx.counts,
    missing,
    (c): NewRecord<'satisfaction_tally'>[] | undefined => {
      const category = c.take(
        'category',
        required(parseChoice(c.value('category'), scheme.org.satisfaction.raterCategories)),
      );
      const votes = gradeCounts(c, scheme.org.satisfaction.grades);
      if (category === undefined || !votes) return undefined;
      if (
        !firstTime(
          seenSat,
          category,
          c,
          'category',
          `${labelOf(scheme.org.satisfaction.raterCategories, category)}的满意度票数`,
        )
      )
        return undefined;
      if (!withinReturned(c, 'category', votes, returned.get(`satisfaction|${category}`), '各满意等次票数'))
        return undefined;
      return votes.map(([grade, n]) => ({ ...at(c), ...scope, category, grade, votes: n }));
    },
  );

  // Forms written before this sheet existed have none: its absence is not reported.
  const comments = readSheetRows(
    sheets,
    PUBLIC_COMMENTS,
    ctx.log,
    ctx.counts,
    'ignore',
    (c): NewRecord<'public_comment'> | undefined => {
      const category = c.take('category', parseChoice(c.value('category'), scheme.org.satisfaction.raterCategories));
      const comment = c.text('comment');
      if (category === undefined) return undefined;
      if (!comment) return void c.reject('comment', '“意见建议”不能为空');
      return { ...at(c), ...scope, category, comment };
    },
  );

  const seenDaily = new Set<string>();
  const mentionedDaily = new Set<string>();
  const daily = readSheetRows(
    sheets,
    DAILY_RECORD,
    ctx.log,
    ctx.counts,
    missing,
    (c): NewRecord<'daily_record'> | undefined => {
      const member = resolveMember(ctx, c, orgId);
      if (member) mentionedDaily.add(member.memberId);
      const score = c.take('score', required(parseScore(c.value('score'), scheme.member.dailyRecordMax)));
      if (!member || score === undefined) return undefined;
      if (!firstTime(seenDaily, member.memberId, c, 'memberId', `${member.name}的日常量化得分`)) return undefined;
      return { ...at(c), ...scope, member_id: member.memberId, score, note: c.text('note') || null };
    },
  );
  if (daily.sheet && daily.rows.length > 0)
    warnMissingMembers(ctx, orgId, daily.sheet, mentionedDaily, null, '日常量化得分');

  const modelTallies = scheme.member.fiveModels.onTally ? readModelTallies(ctx, sheets, orgId, returned) : [];

  const records = {
    self_assessment: self.rows.map((r) => r.value),
    ballot_round: rounds.rows.map((r) => r.value),
    member_tally: tallies.rows.flatMap((r) => r.value),
    member_ballot: ballots.rows.map((r) => r.value),
    satisfaction_tally: satisfaction.rows.flatMap((r) => r.value),
    public_comment: comments.rows.map((r) => r.value),
    daily_record: daily.rows.map((r) => r.value),
    member_model_tally: modelTallies,
    org_commitment: readOrgCommitments(sheets, ctx, orgId, missing),
    member_commitment: readMemberCommitments(sheets, ctx, orgId, missing),
    member_pair: readPairs(sheets, ctx, orgId),
    member_comment:
      scheme.memberComments.collectedOn === 'branch' ? readMemberComments(sheets, ctx, orgId, missing) : [],
    award_proposal: readAwardProposals(sheets, ctx, orgId),
    award_endorsement: readAwardEndorsements(sheets, ctx, orgId),
  };
  // A 自评 sheet left blank in a form whose evaluation was otherwise filled in (a form blank
  // throughout is reported by the file's reading; one sent back only for its award proposals
  // is not an evaluation).
  const evaluated = [records.ballot_round, records.member_tally, records.member_ballot, records.daily_record];
  if (self.sheet && seenItems.size === 0 && evaluated.some((r) => r.length > 0))
    ctx.log.error(self.sheet, undefined, undefined, `没有填写自评得分${UNSCORED}`);
  return records;
}

/** 五个模范计票: per rater category, member and model, the votes per grade, within the ballots returned. */
function readModelTallies(
  ctx: FormContext,
  sheets: SheetMap,
  orgId: string,
  returned: Map<string, number>,
): NewRecord<'member_model_tally'>[] {
  const { scheme } = ctx;
  const seen = new Set<string>();
  const models = scheme.member.dimensions.map((d) => ({ key: d.key, label: d.label }));
  // Blank when the branch sent electronic ballots, which grade the five models themselves.
  const result = readSheetRows(
    sheets,
    modelTallySheet(scheme),
    ctx.log,
    ctx.counts,
    'ignore',
    (c): NewRecord<'member_model_tally'>[] | undefined => {
      const category = c.take('category', required(parseChoice(c.value('category'), scheme.member.raterCategories)));
      const member = resolveMember(ctx, c, orgId);
      const dimension = c.take('dimension', required(parseChoice(c.value('dimension'), models)));
      const votes = gradeCounts(c, scheme.member.grades);
      if (category === undefined || !member || dimension === undefined || !votes) return undefined;
      const what = `${member.name}“${labelOf(models, dimension)}”的${labelOf(scheme.member.raterCategories, category)}计票`;
      if (!firstTime(seen, `${category}|${member.memberId}|${dimension}`, c, 'dimension', what)) return undefined;
      if (!withinReturned(c, 'dimension', votes, returned.get(`democraticReview|${category}`), `${what}各等次票数`))
        return undefined;
      return votes.map(([grade, n]) => ({
        sheet: c.sheet,
        row_no: c.row.row,
        period: ctx.period,
        org_id: orgId,
        member_id: member.memberId,
        category,
        dimension,
        grade,
        votes: n,
      }));
    },
  );
  return result.rows.flatMap((r) => r.value);
}

function categoriesOf(ctx: FormContext, round: Round): RaterCategory[] {
  return round === 'democraticReview' ? ctx.scheme.member.raterCategories : ctx.scheme.org.satisfaction.raterCategories;
}

function labelOf(list: { key: string; label: string }[], key: string): string {
  return list.find((x) => x.key === key)?.label ?? key;
}

/** Vote counts per grade; blank cells in a filled row count as 0. */
function gradeCounts(c: RowCheck, grades: Grade[]): [string, number][] | undefined {
  const counts = grades.map((g) => [g.key, c.take(`grade_${g.key}`, parseCount(c.value(`grade_${g.key}`)))] as const);
  if (counts.some(([, n]) => n === undefined)) return undefined;
  return counts.map(([k, n]) => [k, n ?? 0]);
}

/** Reported at the row's key cell (member or category), which says whose counts they are. */
function withinReturned(
  c: RowCheck,
  key: string,
  votes: [string, number][],
  returned: number | undefined,
  what: string,
): boolean {
  const sum = votes.reduce((a, [, n]) => a + n, 0);
  if (returned === undefined || sum <= returned) return true;
  c.reject(key, `${what}合计 ${sum}，多于该类评议人的收回票数 ${returned}`);
  return false;
}

/** One warning per category listing the branch's members that have no row. */
function warnMissingMembers(
  ctx: FormContext,
  orgId: string,
  sheet: string,
  seen: Set<string>,
  categories: RaterCategory[] | null,
  what: string,
): void {
  const members = ctx.membersOf.get(orgId) ?? [];
  for (const cat of categories ?? [null]) {
    const absent = members.filter((m) => !seen.has(cat ? `${cat.key}|${m.memberId}` : m.memberId)).map((m) => m.name);
    if (absent.length > 0)
      ctx.log.warn(
        sheet,
        undefined,
        undefined,
        `以下党员没有${cat ? `“${cat.label}”类别的` : ''}${what}：${absent.join('、')}`,
      );
  }
}
