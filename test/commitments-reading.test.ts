// Reading 公开承诺 (the organization's and the members'), 结对子 pairs, 领导点评 of members and
// the five models on the paper tally: each check of the issue is a problem located to its cell.
import type ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fullYears } from '../src/base/age.ts';
import { formatProblem, ProblemLog } from '../src/contract/problem.ts';
import { membersOf, type Member, type Roster } from '../src/contract/roster.ts';
import { buildBranchWorkbook, modelTallyKey, roundKey, type BranchFormData } from '../src/forms/branch-form.ts';
import { buildBureauWorkbook } from '../src/forms/bureau-form.ts';
import { ROUNDS } from '../src/contract/form-layout.ts';
import { formContext } from '../src/ingest/form-context.ts';
import { readBranchForm } from '../src/ingest/read-branch.ts';
import { readBureauForm } from '../src/ingest/read-bureau.ts';
import { emptyCounts } from '../src/ingest/sheet-rows.ts';
import { parsePeriod, type Period } from '../src/scheme/period.ts';
import type { Scheme } from '../src/scheme/schema.ts';
import { Random } from '../src/sample/random.ts';
import { makeSystem } from '../src/sample/system.ts';
import { ExcelJSBook } from './exceljs-book.ts';
import { headerColumn, scheme, sheet } from './helpers.ts';

const period = parsePeriod('2011H1') as Period;
const END = new Date(Date.UTC(2011, 5, 30));
let roster: Roster;
let members: Member[];
let young: Member[];
let old: Member[];

beforeAll(() => {
  roster = makeSystem(new Random(3)).roster;
  members = membersOf(roster, 'X02');
  young = members.filter((m) => fullYears(m.birthDate, END) < 35);
  old = members.filter((m) => fullYears(m.birthDate, END) >= 40);
});

const kept = { content: '上好公开课', status: '已兑现' };

/** Only the sheets under test: one organization commitment, each member's, one pair. */
function data(): BranchFormData {
  return {
    orgCommitments: [{ category: '工作业绩好', content: '建成特色学科', deadline: END, status: '已兑现' }],
    commitments: Object.fromEntries(members.map((m) => [m.memberId, { ...kept }])),
    pairs: [
      {
        mentorId: old[0]!.memberId,
        mentorName: old[0]!.name,
        menteeId: young[0]!.memberId,
        menteeName: young[0]!.name,
        activity: '听课指导',
      },
    ],
  };
}

const SHEETS = ['党组织承诺', '党员承诺', '结对子', '五个模范计票', '党员点评'];

async function read(d: BranchFormData, o: { scheme?: Scheme; edit?: (wb: ExcelJS.Workbook) => void } = {}) {
  const s = o.scheme ?? scheme;
  const wb = await buildBranchWorkbook({
    scheme: s,
    roster,
    org: roster.orgs.find((x) => x.orgId === 'X02')!,
    period,
    generatedAt: new Date(),
    data: d,
  });
  o.edit?.(wb);
  const log = new ProblemLog('x02.xlsx');
  const records = readBranchForm(new ExcelJSBook(wb), formContext(s, roster, '2011H1', log, emptyCounts()), 'X02');
  // The other sheets of these forms are blank on purpose: their problems are not under test here.
  const problems = log.problems.filter((p) => p.sheet && SHEETS.includes(p.sheet)).map(formatProblem);
  return { records, problems };
}

const set = (wb: ExcelJS.Workbook, name: string, row: number, header: string, value: ExcelJS.CellValue) => {
  const ws = sheet(wb, name);
  ws.getCell(row, headerColumn(ws, header)).value = value;
};

const where = (sheetName: string, cell: string, value: string) =>
  `x02.xlsx，工作表“${sheetName}”，单元格 ${cell}（填写的是“${value}”）`;

describe('reading commitments', () => {
  it('reads both levels with status, deadline, 评诺 and the period each was made in', async () => {
    const d = data();
    d.carried = {
      orgCommitments: [],
      memberCommitments: [
        {
          memberId: members[0]!.memberId,
          name: members[0]!.name,
          aspect: '学习钻研的模范',
          content: '完成课题研究',
          deadline: new Date(Date.UTC(2010, 11, 31)),
          madeIn: '2010年下半年',
          status: '部分兑现',
          explanation: '结题推迟',
          rating: '基本满意',
          reasonAccepted: '是',
        },
      ],
      pairs: [],
    };
    const { records, problems } = await read(d);
    expect(problems).toEqual([]);
    expect(records.org_commitment).toMatchObject([{ category: 'performance', status: 'kept', made_in: '2011H1' }]);
    expect(records.member_commitment).toHaveLength(members.length + 1);
    expect(records.member_commitment![0]).toEqual({
      sheet: '党员承诺',
      row_no: 4,
      period: '2011H1',
      org_id: 'X02',
      member_id: members[0]!.memberId,
      category: 'study',
      content: '完成课题研究',
      deadline: new Date(Date.UTC(2010, 11, 31)),
      status: 'partial',
      explanation: '结题推迟',
      rating: 'basicallySatisfied',
      reason_accepted: true,
      made_in: '2010H2',
    });
  });

  it('rejects a commitment without content, or without a 兑现 status, at the cell', async () => {
    const d = data();
    d.commitments![members[0]!.memberId] = { status: '已兑现' };
    d.commitments![members[1]!.memberId] = { content: '家访十户' };
    d.orgCommitments = [{ content: '改造接送区', status: '办完了' }];
    const { records, problems } = await read(d);
    expect(problems).toEqual([
      `错误：${where('党组织承诺', 'E4', '办完了')}：“兑现情况”应为 已兑现、部分兑现、未兑现、顺延、未到期 之一`,
      `错误：${where('党员承诺', 'D4', '')}：“承诺内容”不能为空`.replace('（填写的是“”）', ''),
      `错误：${where('党员承诺', 'F5', '')}：“兑现情况”不能为空`.replace('（填写的是“”）', ''),
    ]);
    expect(records.org_commitment).toEqual([]);
    expect(records.member_commitment).toHaveLength(members.length - 2);
  });

  it('asks for an explanation of 部分兑现, 未兑现 and 顺延, and of 已兑现 when the scheme requires it', async () => {
    const d = data();
    d.commitments![members[0]!.memberId] = { content: '家访十户', status: '未兑现' };
    d.commitments![members[1]!.memberId] = { content: '家访十户', status: '顺延', explanation: '病假' };
    const { problems } = await read(d);
    expect(problems).toEqual([
      `提醒：${where('党员承诺', 'G4', '')}：兑现情况为“未兑现”，请在“兑现情况说明”中写明情况`.replace(
        '（填写的是“”）',
        '',
      ),
    ]);

    const strict: Scheme = {
      ...scheme,
      commitments: { ...scheme.commitments, explanationRequired: ['kept', 'partial', 'unkept', 'postponed'] },
    };
    const { problems: all } = await read(data(), { scheme: strict });
    expect(all).toHaveLength(1 + members.length);
    expect(all[0]).toBe(
      '提醒：x02.xlsx，工作表“党组织承诺”，单元格 F4：兑现情况为“已兑现”，请在“兑现情况说明”中写明情况',
    );
  });

  it('names the members without any commitment', async () => {
    const d = data();
    delete d.commitments![members[2]!.memberId];
    delete d.commitments![members[5]!.memberId];
    const { problems } = await read(d);
    expect(problems).toEqual([
      `提醒：x02.xlsx，工作表“党员承诺”：以下党员没有公开承诺：${members[2]!.name}、${members[5]!.name}`,
    ]);
  });

  it('warns about a deadline before the period, but not on a commitment carried from an earlier one', async () => {
    const d = data();
    const early = new Date(Date.UTC(2010, 11, 1));
    d.commitments![members[0]!.memberId] = { ...kept, deadline: early };
    d.commitments![members[1]!.memberId] = { ...kept, deadline: early, madeIn: '2010H2' };
    const { records, problems } = await read(d);
    expect(problems).toEqual([
      `提醒：${where('党员承诺', 'E4', '2010-12-01')}：承诺时限 2010-12-01 早于本评议期的开始（2011-01-01），请核对`,
    ]);
    expect(records.member_commitment![1]!.made_in).toBe('2010H2');
  });

  it('rejects a commitment of a member not on the roster, or of another branch', async () => {
    const other = roster.members.find((m) => m.orgId === 'X01')!;
    const { problems } = await read(data(), {
      edit: (wb) => {
        set(wb, '党员承诺', 4, '党员编号', 'Q-999');
        set(wb, '党员承诺', 4, '姓名', '王小二');
        set(wb, '党员承诺', 5, '党员编号', other.memberId);
        set(wb, '党员承诺', 5, '姓名', other.name);
      },
    });
    expect(problems).toEqual([
      `错误：${where('党员承诺', 'A4', 'Q-999')}：党员编号“Q-999”不在名册中，请核对名册`,
      `错误：${where('党员承诺', 'A5', other.memberId)}：${other.name}（${other.memberId}）在名册中属于东湖区实验小学党支部，不属于本党组织`,
      `提醒：x02.xlsx，工作表“党员承诺”：以下党员没有公开承诺：${members[0]!.name}、${members[1]!.name}`,
    ]);
  });

  it('rejects a 承诺期 that is not a period, or later than this one', async () => {
    const d = data();
    d.commitments![members[0]!.memberId] = { ...kept, madeIn: '去年' };
    d.commitments![members[1]!.memberId] = { ...kept, madeIn: '2011年下半年' };
    const { problems } = await read(d);
    expect(problems).toEqual([
      `错误：${where('党员承诺', 'J4', '去年')}：“承诺期”应填写评议期，如 2010年下半年 或 2010H2；本期新作的承诺不填`,
      `错误：${where('党员承诺', 'J5', '2011年下半年')}：“承诺期”不能晚于本评议期 2011H1`,
    ]);
  });

  it('warns about a commitment sheet left blank, naming it', async () => {
    const { records, problems } = await read({ pairs: data().pairs });
    expect(problems).toEqual([
      '提醒：x02.xlsx，工作表“党组织承诺”：“党组织承诺”工作表没有填写，本期没有党组织的公开承诺',
      '提醒：x02.xlsx，工作表“党员承诺”：“党员承诺”工作表没有填写，本期没有党员的公开承诺',
    ]);
    expect(records.member_commitment).toEqual([]);
  });

  it('reads an older form’s 公开承诺 sheet, whose 是否兑现 column says 是 or 否', async () => {
    const d = data();
    d.commitments![members[0]!.memberId] = { content: '家访十户', status: '否', explanation: '病假' };
    const { records, problems } = await read(d, {
      edit: (wb) => {
        const ws = sheet(wb, '党员承诺');
        ws.name = '公开承诺';
        ws.getCell('F3').value = '是否兑现';
        ws.getCell('F5').value = '是';
      },
    });
    expect(problems).toEqual([]);
    expect(records.member_commitment!.slice(0, 2).map((c) => c.status)).toEqual(['unkept', 'kept']);
  });
});

describe('reading pairs', () => {
  it('checks each pair: a young mentee of this branch, a mentor on the roster, two people', async () => {
    const other = roster.members.find((m) => m.orgId === 'X01')!;
    const d = data();
    const pair = (mentor: Member | { memberId: string; name: string }, mentee: Member) => ({
      mentorId: mentor.memberId,
      mentorName: mentor.name,
      menteeId: mentee.memberId,
      menteeName: mentee.name,
    });
    d.pairs = [
      pair({ memberId: 'X99-001', name: '' }, young[0]!),
      pair(old[0]!, other),
      pair(young[0]!, young[0]!),
      pair(old[0]!, old[1]!),
      { ...pair(other, young[1] ?? young[0]!), kind: '一带一' },
    ];
    const { records, problems } = await read(d);
    const age = fullYears(old[1]!.birthDate, END);
    expect(problems).toEqual([
      `错误：${where('结对子', 'B4', 'X99-001')}：党员编号“X99-001”不在名册中，请核对名册`,
      `错误：${where('结对子', 'D5', other.memberId)}：${other.name}（${other.memberId}）在名册中属于东湖区实验小学党支部，不属于本党组织`,
      `错误：${where('结对子', 'D6', young[0]!.memberId)}：导师和青年党员是同一人`,
      `提醒：${where('结对子', 'D7', old[1]!.memberId)}：${old[1]!.name}在评议期末（2011-06-30）已满 ${age} 岁，不是 35 岁以下的青年党员`,
    ]);
    // A mentor from another branch is allowed: 一带一 across a 党总支.
    expect(records.member_pair!.map((p) => p.mentor_id)).toEqual([old[0]!.memberId, other.memberId]);
  });

  it('warns when a branch with young members records no pair', async () => {
    const d = data();
    d.pairs = [];
    const { problems } = await read(d);
    expect(problems).toEqual([
      `提醒：x02.xlsx，工作表“结对子”：本组织有 ${young.length} 名 35 岁以下的青年党员，“结对子”工作表没有填写结对情况`,
    ]);
  });
});

describe('reading 领导点评', () => {
  async function readBureau(d: Parameters<typeof buildBureauWorkbook>[0]['data']) {
    const wb = await buildBureauWorkbook({ scheme, roster, period, generatedAt: new Date(), data: d });
    const log = new ProblemLog('bureau.xlsx');
    const records = readBureauForm(new ExcelJSBook(wb), formContext(scheme, roster, '2011H1', log, emptyCounts()));
    return { records, problems: log.problems.filter((p) => p.sheet !== '上级考评').map(formatProblem) };
  }

  it('names the organizations left without a 点评, and a blank 党员点评 sheet', async () => {
    const comments = Object.fromEntries(
      roster.orgs.filter((o) => o.orgId !== 'Y02').map((o) => [o.orgId, { problems: '问题' }]),
    );
    const { problems } = await readBureau({ comments });
    expect(problems).toEqual([
      '提醒：bureau.xlsx，工作表“领导点评”：以下党组织没有领导点评：东湖区启明幼儿园党支部（Y02）',
      '提醒：bureau.xlsx，工作表“党员点评”：“党员点评”工作表没有填写，本期没有党员的领导点评',
    ]);
  });

  it('reads members’ 点评 into their own organization, naming organizations none of whose members has one', async () => {
    const comments = Object.fromEntries(roster.orgs.map((o) => [o.orgId, { problems: '问题' }]));
    const memberComments = Object.fromEntries(
      roster.members
        .filter((m) => m.orgId !== 'X01')
        .map((m) => [m.memberId, { strengths: '好', problems: '不足', direction: '方向', reviewer: '刘建国' }]),
    );
    const { records, problems } = await readBureau({ comments, memberComments });
    expect(problems).toEqual(['提醒：bureau.xlsx，工作表“党员点评”：以下党组织的党员都没有点评：东湖区实验小学党支部']);
    expect(records.member_comment).toHaveLength(Object.keys(memberComments).length);
    expect(records.member_comment!.find((c) => c.member_id === members[0]!.memberId)).toMatchObject({
      org_id: 'X02',
      strengths: '好',
      problems: '不足',
      direction: '方向',
      reviewer: '刘建国',
    });
  });

  it('reads the secretary’s 点评 on the branch form when the scheme collects it there, naming members without one', async () => {
    const onBranch: Scheme = { ...scheme, memberComments: { collectedOn: 'branch' } };
    const d = data();
    d.memberComments = { [members[0]!.memberId]: { strengths: '好', reviewer: '书记' } };
    const { records, problems } = await read(d, { scheme: onBranch });
    expect(problems).toEqual([
      `提醒：x02.xlsx，工作表“党员点评”：以下党员没有点评：${members
        .slice(1)
        .map((m) => m.name)
        .join('、')}`,
    ]);
    expect(records.member_comment).toMatchObject([
      { member_id: members[0]!.memberId, strengths: '好', reviewer: '书记' },
    ]);
  });
});

describe('reading the five models on the paper tally', () => {
  const onTally: Scheme = {
    ...scheme,
    member: { ...scheme.member, fiveModels: { ...scheme.member.fiveModels, onTally: true } },
  };

  it('is a sheet of its own only when the scheme says so; its counts stay within the ballots returned', async () => {
    const d = data();
    d.rounds = { [roundKey(ROUNDS.democraticReview, '党员')]: { eligible: 20, issued: 20, returned: 10 } };
    const m = members[0]!;
    d.modelTallies = {
      [modelTallyKey('member', m.memberId, 'study')]: { grade_excellent: 6, grade_competent: 4 },
      [modelTallyKey('member', m.memberId, 'service')]: { grade_excellent: 9, grade_competent: 4 },
    };
    const { records, problems } = await read(d, { scheme: onTally });
    expect(problems).toEqual([
      `错误：${where('五个模范计票', 'D8', '服务群众的模范')}：${m.name}“服务群众的模范”的党员计票各等次票数合计 13，多于该类评议人的收回票数 10`,
    ]);
    expect(records.member_model_tally!.filter((t) => t.votes > 0)).toMatchObject([
      { member_id: m.memberId, category: 'member', dimension: 'study', grade: 'excellent', votes: 6 },
      { member_id: m.memberId, category: 'member', dimension: 'study', grade: 'competent', votes: 4 },
    ]);
    const { records: off } = await read(d);
    expect(off.member_model_tally).toEqual([]);
  });
});
