import type ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildBranchWorkbook, roundKey, tallyKey, type BranchFormData } from '../src/forms/branch-form.ts';
import { buildBureauWorkbook, reviewKey } from '../src/forms/bureau-form.ts';
import { ROUNDS } from '../src/contract/form-layout.ts';
import { formContext } from '../src/ingest/form-context.ts';
import { formatProblem, ProblemLog } from '../src/contract/problem.ts';
import { readBranchForm } from '../src/ingest/read-branch.ts';
import { readBureauForm } from '../src/ingest/read-bureau.ts';
import { emptyCounts } from '../src/ingest/sheet-rows.ts';
import { membersOf, type Member, type Roster } from '../src/contract/roster.ts';
import { parsePeriod, type Period } from '../src/scheme/period.ts';
import { Random } from '../src/sample/random.ts';
import { makeSystem } from '../src/sample/system.ts';
import { fullYears } from '../src/base/age.ts';
import { headerColumn, scheme, sheet } from './helpers.ts';
import { ExcelJSBook } from './exceljs-book.ts';

const period = parsePeriod('2011H1') as Period;
let roster: Roster;
let members: Member[];
/** A member under 35 at the period's end and one over 40, for a 一带一 pair. */
let mentee: Member;
let mentor: Member;

beforeAll(() => {
  roster = makeSystem(new Random(3)).roster;
  members = membersOf(roster, 'X02');
  const age = (m: Member) => fullYears(m.birthDate, new Date(Date.UTC(2011, 5, 30)));
  mentee = members.find((m) => age(m) < 35)!;
  mentor = members.find((m) => age(m) >= 40)!;
});

/** A complete, consistent form for X02: 20 party ballots and 8 public ones returned. */
function goodData(): BranchFormData {
  const data: BranchFormData = {
    fields: { fillDate: new Date(Date.UTC(2011, 6, 2)), fillBy: '张三' },
    self: {},
    rounds: {},
    tallies: {},
    satisfaction: {},
    daily: {},
    commitments: {},
    orgCommitments: [
      {
        category: '为群众办实事',
        content: '开设课后托管服务',
        deadline: new Date(Date.UTC(2011, 5, 30)),
        responsible: '张三',
        status: '已兑现',
      },
    ],
    pairs: [
      {
        kind: '一带一',
        mentorId: mentor.memberId,
        mentorName: mentor.name,
        menteeId: mentee.memberId,
        menteeName: mentee.name,
        since: new Date(Date.UTC(2010, 8, 1)),
        activity: '听课指导六次',
      },
    ],
  };
  for (const d of scheme.org.dimensions) for (const it of d.items) data.self![it.key] = { points: it.max };
  data.rounds![roundKey(ROUNDS.democraticReview, '党员')] = { eligible: 20, issued: 20, returned: 20 };
  data.rounds![roundKey(ROUNDS.democraticReview, '群众代表')] = { eligible: 8, issued: 8, returned: 8 };
  data.rounds![roundKey(ROUNDS.satisfaction, '党员')] = { eligible: 20, issued: 20, returned: 19 };
  data.rounds![roundKey(ROUNDS.satisfaction, '群众')] = { eligible: 30, issued: 30, returned: 30 };
  for (const m of members) {
    data.tallies![tallyKey('member', m.memberId)] = {
      grade_excellent: 5,
      grade_competent: 14,
      grade_basicallyCompetent: 1,
      grade_incompetent: 0,
    };
    data.tallies![tallyKey('public', m.memberId)] = {
      grade_excellent: 2,
      grade_competent: 6,
      grade_basicallyCompetent: 0,
      grade_incompetent: 0,
    };
    data.daily![m.memberId] = { score: 88 };
    data.commitments![m.memberId] = { content: '上好公开课', status: '已兑现' };
  }
  data.satisfaction!.member = {
    grade_satisfied: 10,
    grade_fairlySatisfied: 6,
    grade_basicallySatisfied: 2,
    grade_dissatisfied: 0,
    grade_unknown: 1,
  };
  data.satisfaction!.public = {
    grade_satisfied: 15,
    grade_fairlySatisfied: 10,
    grade_basicallySatisfied: 3,
    grade_dissatisfied: 1,
    grade_unknown: 1,
  };
  return data;
}

async function read(data: BranchFormData, edit?: (wb: ExcelJS.Workbook) => void) {
  const wb = await buildBranchWorkbook({
    scheme,
    roster,
    org: roster.orgs.find((o) => o.orgId === 'X02')!,
    period,
    generatedAt: new Date(),
    data,
  });
  edit?.(wb);
  const log = new ProblemLog('x02.xlsx');
  const counts = emptyCounts();
  const records = readBranchForm(new ExcelJSBook(wb), formContext(scheme, roster, '2011H1', log, counts), 'X02');
  return { records, problems: log.problems.map(formatProblem), counts };
}

function set(wb: ExcelJS.Workbook, sheetName: string, row: number, header: string, value: ExcelJS.CellValue): void {
  const ws = sheet(wb, sheetName);
  ws.getCell(row, headerColumn(ws, header)).value = value;
}

describe('reading a branch form', () => {
  it('reads a complete form into records with provenance and no problems', async () => {
    const { records, problems, counts } = await read(goodData());
    expect(problems).toEqual([]);
    expect(records.self_assessment).toHaveLength(35);
    expect(records.self_assessment![0]).toEqual({
      sheet: '支部自评',
      row_no: 4,
      period: '2011H1',
      org_id: 'X02',
      item_key: 'L1',
      points: 3,
      note: null,
    });
    expect(records.member_tally).toHaveLength(members.length * 2 * 4);
    expect(
      records
        .member_tally!.filter((t) => t.grade === 'excellent' && t.category === 'member')
        .every((t) => t.votes === 5),
    ).toBe(true);
    expect(records.ballot_round!.map((r) => [r.round, r.category, r.returned])).toEqual([
      ['democraticReview', 'member', 20],
      ['democraticReview', 'public', 8],
      ['satisfaction', 'member', 19],
      ['satisfaction', 'public', 30],
    ]);
    expect(records.satisfaction_tally).toHaveLength(10);
    expect(records.daily_record).toHaveLength(members.length);
    expect(records.member_commitment!.every((c) => c.status === 'kept' && c.made_in === '2011H1')).toBe(true);
    expect(records.org_commitment).toEqual([
      {
        sheet: '党组织承诺',
        row_no: 4,
        period: '2011H1',
        org_id: 'X02',
        category: 'publicWorks',
        content: '开设课后托管服务',
        deadline: new Date(Date.UTC(2011, 5, 30)),
        status: 'kept',
        explanation: null,
        rating: null,
        reason_accepted: null,
        made_in: '2011H1',
        responsible: '张三',
      },
    ]);
    expect(records.member_pair).toMatchObject([
      { mentor_id: mentor.memberId, mentee_id: mentee.memberId, kind: 'oneOnOne', activity: '听课指导六次' },
    ]);
    expect(counts.read).toBe(counts.accepted + counts.rejected);
    expect(counts).toEqual({
      // 自评, 票数, 计票 (two categories), 满意度, 日常量化, 党组织承诺, 党员承诺, 结对子.
      read: 35 + 4 + members.length * 2 + 2 + members.length + 1 + members.length + 1,
      accepted: counts.read,
      rejected: 0,
    });
  });

  it('reports a blank 自评 item as an error at its cell, never reading it as 0', async () => {
    const data = goodData();
    delete data.self!.M2;
    delete data.self!.Q7;
    const { records, problems, counts } = await read(data);
    expect(records.self_assessment).toHaveLength(33);
    expect(records.self_assessment!.some((r) => r.item_key === 'M2' || r.item_key === 'Q7')).toBe(false);
    // Rows 4–10 are 领导班子好's L1–L7, 11–17 党员队伍好's: M2 on row 12; Q7 the last, row 38.
    expect(problems).toEqual([
      '错误：x02.xlsx，工作表“支部自评”，单元格 E12：考核细则 M2 没有填写自评得分，本组织本期总分为“数据不足”，请填写后重新提交',
      '错误：x02.xlsx，工作表“支部自评”，单元格 E38：考核细则 Q7 没有填写自评得分，本组织本期总分为“数据不足”，请填写后重新提交',
    ]);
    // The blank rows are no data: the identity holds without them.
    expect(counts.read).toBe(counts.accepted + counts.rejected);
  });

  it('reports a 自评 item whose row was deleted, and a 自评 sheet left blank, as errors', async () => {
    const data = goodData();
    delete data.self!.L1;
    const { problems } = await read(data, (wb) => sheet(wb, '支部自评').spliceRows(4, 1));
    expect(problems).toEqual([
      '错误：x02.xlsx，工作表“支部自评”：以下考核细则没有自评得分：L1，本组织本期总分为“数据不足”，请填写后重新提交',
    ]);
    const blank = goodData();
    blank.self = {};
    expect((await read(blank)).problems).toEqual([
      '错误：x02.xlsx，工作表“支部自评”：没有填写自评得分，本组织本期总分为“数据不足”，请填写后重新提交',
    ]);
  });

  it('rejects a tally larger than the ballots returned, naming the member and both numbers', async () => {
    const data = goodData();
    data.tallies![tallyKey('member', members[2]!.memberId)] = {
      grade_excellent: 5,
      grade_competent: 16,
      grade_basicallyCompetent: 1,
      grade_incompetent: 0,
    };
    const { records, problems, counts } = await read(data);
    expect(problems).toEqual([
      `错误：x02.xlsx，工作表“民主评议计票”，单元格 B6（填写的是“${members[2]!.memberId}”）：${members[2]!.name}的各等次票数合计 22，多于该类评议人的收回票数 20`,
    ]);
    expect(records.member_tally!.some((t) => t.member_id === members[2]!.memberId && t.category === 'member')).toBe(
      false,
    );
    expect(counts.rejected).toBe(1);
  });

  it('warns that returned ballots above issued void the round, and keeps the row', async () => {
    const data = goodData();
    data.rounds![roundKey(ROUNDS.democraticReview, '群众代表')] = { eligible: 8, issued: 8, returned: 9 };
    const { records, problems } = await read(data);
    expect(problems).toEqual([
      '提醒：x02.xlsx，工作表“评议票数”，单元格 E5（填写的是“9”）：收回票数（9）多于发出票数（8），按规定该轮评议无效',
    ]);
    expect(records.ballot_round).toHaveLength(4);
  });

  it('rejects points above an item’s maximum and counts that are not whole numbers ≥ 0', async () => {
    const data = goodData();
    data.self!.L2 = { points: 2.5 };
    data.tallies![tallyKey('public', members[0]!.memberId)] = { grade_excellent: -1, grade_competent: 6 };
    data.tallies![tallyKey('public', members[1]!.memberId)] = { grade_excellent: 1.5, grade_competent: 6 };
    const { problems } = await read(data);
    const tallyRow = 4 + members.length;
    expect(problems).toEqual([
      '错误：x02.xlsx，工作表“支部自评”，单元格 E5（填写的是“2.5”）：“自评得分”不能大于 2',
      `错误：x02.xlsx，工作表“民主评议计票”，单元格 D${tallyRow}（填写的是“-1”）：“优秀”不能为负数`,
      `错误：x02.xlsx，工作表“民主评议计票”，单元格 D${tallyRow + 1}（填写的是“1.5”）：“优秀”应为整数`,
    ]);
  });

  it('reads 85分 and full-width numbers, and warns about a misspelt name while matching by code', async () => {
    const data = goodData();
    data.daily![members[3]!.memberId] = { score: '85分', name: `${members[3]!.name}` };
    data.daily![members[4]!.memberId] = { score: '９０' };
    data.tallies![tallyKey('member', members[5]!.memberId)]!.name = '王小二';
    const { records, problems } = await read(data);
    expect(records.daily_record!.find((d) => d.member_id === members[3]!.memberId)?.score).toBe(85);
    expect(records.daily_record!.find((d) => d.member_id === members[4]!.memberId)?.score).toBe(90);
    expect(problems).toEqual([
      `提醒：x02.xlsx，工作表“民主评议计票”，单元格 C9（填写的是“王小二”）：姓名“王小二”与名册中的“${members[5]!.name}”不一致，已按党员编号 ${members[5]!.memberId} 对应`,
    ]);
  });

  it('rejects unknown member codes with the nearest roster entry, members of another branch, and duplicates', async () => {
    const other = roster.members.find((m) => m.orgId === 'X01')!;
    const { problems } = await read(goodData(), (wb) => {
      set(wb, '日常量化', 4, '党员编号', 'X02-0O1');
      set(wb, '日常量化', 5, '党员编号', other.memberId);
      set(wb, '日常量化', 5, '姓名', other.name);
      set(wb, '日常量化', 6, '党员编号', members[3]!.memberId);
      set(wb, '日常量化', 6, '姓名', members[3]!.name);
    });
    expect(problems).toEqual([
      `错误：x02.xlsx，工作表“日常量化”，单元格 A4（填写的是“X02-0O1”）：党员编号“X02-0O1”不在名册中，名册中“${members[0]!.name}”的编号是 ${members[0]!.memberId}`,
      `错误：x02.xlsx，工作表“日常量化”，单元格 A5（填写的是“${other.memberId}”）：${other.name}（${other.memberId}）在名册中属于东湖区实验小学党支部，不属于本党组织`,
      `错误：x02.xlsx，工作表“日常量化”，单元格 A7（填写的是“${members[3]!.memberId}”）：${members[3]!.name}的日常量化得分重复出现，本行未采用（以前面一行为准）`,
      `提醒：x02.xlsx，工作表“日常量化”：以下党员没有日常量化得分：${members[0]!.name}、${members[1]!.name}、${members[2]!.name}`,
    ]);
  });

  it('reports a formula without a cached result instead of reading 0', async () => {
    const { problems } = await read(goodData(), (wb) =>
      set(wb, '日常量化', 4, '日常量化得分', { formula: 'AVERAGE(Z1:Z9)' } as ExcelJS.CellValue),
    );
    expect(problems[0]).toContain('单元格 D4');
    expect(problems[0]).toContain('公式没有计算结果');
  });

  it('reads merged cells as people make them: a group header above the header row, a category merged down the rows', async () => {
    const { records, problems } = await read(goodData(), (wb) => {
      const ws = sheet(wb, '民主评议计票');
      ws.spliceRows(3, 0, ['', '', '', '各等次票数']);
      ws.mergeCells('D3:G3');
      ws.mergeCells(`A5:A${4 + members.length}`);
    });
    expect(problems).toEqual([]);
    expect(records.member_tally!.filter((t) => t.category === 'member')).toHaveLength(members.length * 4);
  });

  it('reads a form whose sheets were renamed, columns reordered and title rows added', async () => {
    const { records, problems } = await read(goodData(), (wb) => {
      const ws = sheet(wb, '日常量化');
      ws.name = '日常考核';
      ws.spliceRows(1, 0, ['某校党支部'], []);
      ws.spliceColumns(4, 1);
      ws.spliceColumns(1, 0, []);
      ws.getRow(5).getCell(1).value = '得分';
      members.forEach((_, i) => (ws.getRow(6 + i).getCell(1).value = 77));
    });
    expect(problems).toEqual([]);
    expect(records.daily_record!.map((d) => d.score)).toEqual(members.map(() => 77));
  });
});

describe('reading the bureau form', () => {
  it('reads every organization’s points and comments, and rejects unknown organization codes with a suggestion', async () => {
    const review: Record<string, { points: number }> = {};
    for (const o of roster.orgs)
      for (const d of scheme.org.dimensions)
        for (const it of d.items) review[reviewKey(o.orgId, it.key)] = { points: it.max - 0.5 };
    const wb = await buildBureauWorkbook({
      scheme,
      roster,
      period,
      generatedAt: new Date(),
      data: { review, comments: { X01: { strengths: '好', problems: '少', direction: '继续' } } },
    });
    set(wb, '上级考评', 4, '党组织编号', 'J1');
    const log = new ProblemLog('bureau.xlsx');
    const records = readBureauForm(new ExcelJSBook(wb), formContext(scheme, roster, '2011H1', log, emptyCounts()));
    expect(records.bureau_review).toHaveLength(roster.orgs.length * 35 - 1);
    expect(records.review_comment?.find((c) => c.org_id === 'X01')).toMatchObject({
      strengths: '好',
      problems: '少',
      direction: '继续',
      reviewer: null,
    });
    expect(log.problems.map(formatProblem)[0]).toBe(
      '错误：bureau.xlsx，工作表“上级考评”，单元格 A4（填写的是“J1”）：党组织编号“J1”不在名册中，是否为 东湖区教科体局机关党支部（J01）？',
    );
  });
});
