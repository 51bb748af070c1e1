import { beforeAll, describe, expect, it } from 'vitest';
import { buildBranchWorkbook, type BranchFormData } from '../src/forms/branch-form.ts';
import { buildDecisionWorkbook } from '../src/forms/decision-form.ts';
import { AGREE, AWARD_LABELS } from '../src/contract/form-layout.ts';
import { formContext } from '../src/ingest/form-context.ts';
import { formatProblem, ProblemLog } from '../src/contract/problem.ts';
import { readBranchForm } from '../src/ingest/read-branch.ts';
import { readDecisionForm } from '../src/ingest/read-awards.ts';
import { emptyCounts } from '../src/ingest/sheet-rows.ts';
import { membersOf, type Roster } from '../src/contract/roster.ts';
import { awardRound, branchPlaces } from '../src/scheme/awards.ts';
import { parsePeriod, type Period } from '../src/scheme/period.ts';
import { Random } from '../src/sample/random.ts';
import { makeSystem } from '../src/sample/system.ts';
import { scheme } from './helpers.ts';
import { ExcelJSBook } from './exceljs-book.ts';

const period = parsePeriod('2011H1') as Period;
let roster: Roster;
const story = '认真学习，爱岗敬业，带头践诺，群众评价好。'.repeat(20);
const meetingDate = new Date(Date.UTC(2011, 5, 10));

beforeAll(() => {
  roster = makeSystem(new Random(3)).roster;
});

async function read(orgId: string, data: BranchFormData) {
  const wb = await buildBranchWorkbook({
    scheme,
    roster,
    org: roster.orgs.find((o) => o.orgId === orgId)!,
    period,
    generatedAt: new Date(),
    data,
  });
  const log = new ProblemLog('form.xlsx');
  const records = readBranchForm(
    new ExcelJSBook(wb),
    formContext(scheme, roster, period.code, log, emptyCounts()),
    orgId,
    true,
  );
  // The proposals' own sheets: a form made for this test leaves the others (承诺, 结对子) blank.
  const own = log.problems.filter((p) => p.sheet?.startsWith('推荐'));
  return { records, problems: own.map(formatProblem) };
}

const member = (orgId: string, status: 'full' | 'probationary' = 'full') =>
  membersOf(roster, orgId).find((m) => m.status === status && !m.partyWorker)!;
const propose = (id: string, extra: Record<string, unknown> = {}) => ({
  award: AWARD_LABELS.excellent_member,
  candidateId: id,
  narrative: story,
  meetingDate,
  ...extra,
});

describe('the award calendar', () => {
  it('gives 2010H2 only the 先进单位 recommendation and 2011H1 the bureau’s three awards', () => {
    expect(awardRound(scheme, '2010H2')).toMatchObject({ level: 'recommend', awards: [{ kind: 'advanced_org' }] });
    expect(awardRound(scheme, '2011H1')?.awards.map((a) => a.kind)).toEqual([
      'advanced_org',
      'excellent_member',
      'party_worker',
    ]);
    expect(awardRound(scheme, '2011H2')).toBeUndefined();
  });
});

describe('reading proposals from below', () => {
  it('reads a candidate within the places with the meeting date and the 事迹', async () => {
    const m = member('X02');
    const { records, problems } = await read('X02', { proposals: [propose(m.memberId)] });
    expect(problems).toEqual([]);
    expect(records.award_proposal).toMatchObject([
      { org_id: 'X02', award: 'excellent_member', candidate_id: m.memberId, narrative: story },
    ]);
  });

  it('rejects a candidate over the branch’s places at the candidate cell', async () => {
    const round = awardRound(scheme, '2011H1')!;
    const places = branchPlaces(scheme, round, 'excellent_member', membersOf(roster, 'X02').length);
    const full = membersOf(roster, 'X02').filter((m) => m.status === 'full');
    const { records, problems } = await read('X02', {
      proposals: full.slice(0, places + 1).map((m) => propose(m.memberId)),
    });
    expect(records.award_proposal).toHaveLength(places);
    expect(problems).toEqual([
      expect.stringMatching(new RegExp(`“推荐”，单元格 B${4 + places}.*超过本党组织的推荐名额`)),
    ]);
  });

  it('rejects a candidate not on the roster, and one of another organization', async () => {
    const { records, problems } = await read('X02', {
      proposals: [propose('X02-999'), propose(member('Z02').memberId)],
    });
    expect(records.award_proposal).toEqual([]);
    expect(problems).toEqual([
      expect.stringMatching(/“推荐”，单元格 B4.*不在名册中/),
      expect.stringMatching(/“推荐”，单元格 B5.*不是本党组织或本党组织的党员/),
    ]);
  });

  it('rejects a probationary member and a member sanctioned this period', async () => {
    const probationary = roster.members.find((m) => m.status === 'probationary')!;
    const sanctioned = member(probationary.orgId);
    roster.sanctions.push({
      memberId: sanctioned.memberId,
      period: '2011H1',
      sanction: '警告',
      date: null,
      note: null,
    });
    try {
      const { records, problems } = await read(probationary.orgId, {
        proposals: [propose(probationary.memberId), propose(sanctioned.memberId)],
      });
      expect(records.award_proposal).toEqual([]);
      expect(problems).toEqual([
        expect.stringMatching(/“推荐”，单元格 B4.*预备党员，不能推荐评优/),
        expect.stringMatching(/“推荐”，单元格 B5.*本期受到警告处分/),
      ]);
    } finally {
      roster.sanctions.pop();
    }
  });

  it('warns at the 事迹 cell when it is shorter or longer than the scheme allows, and keeps the row', async () => {
    const { max } = scheme.awards.narrativeChars;
    const [a, b] = membersOf(roster, 'X02').filter((m) => m.status === 'full');
    const data = {
      proposals: [
        propose(a!.memberId, { narrative: '表现好' }),
        propose(b!.memberId, { narrative: '好'.repeat(max + 1) }),
      ],
    };
    const places = branchPlaces(
      scheme,
      awardRound(scheme, '2011H1')!,
      'excellent_member',
      membersOf(roster, 'X02').length,
    );
    const { records, problems } = await read('X02', data);
    expect(records.award_proposal).toHaveLength(Math.min(2, places));
    expect(problems[0]).toMatch(/“推荐”，单元格 F4.*事迹材料 3 字/);
  });

  it('asks a 优秀党务工作者 proposal for the party role and the party work', async () => {
    const worker = membersOf(roster, 'X02').find((m) => m.partyWorker)!;
    const { records, problems } = await read('X02', {
      proposals: [{ ...propose(worker.memberId), award: AWARD_LABELS.party_worker }],
    });
    expect(records.award_proposal).toEqual([]);
    expect(problems).toEqual([expect.stringMatching(/“推荐”，单元格 D4.*须填写“党内职务”/)]);
  });

  it('reads a 党总支’s endorsement of its own branches only', async () => {
    const parent = roster.orgs.find((o) => roster.orgs.some((c) => c.parentId === o.orgId))!;
    const child = roster.orgs.find((o) => o.parentId === parent.orgId)!;
    const m = member(child.orgId);
    const { records, problems } = await read(parent.orgId, {
      endorsements: [
        { orgId: child.orgId, award: AWARD_LABELS.excellent_member, candidateId: m.memberId, opinion: AGREE.yes },
        { orgId: 'X02', award: AWARD_LABELS.excellent_member, candidateId: member('X02').memberId, opinion: AGREE.yes },
      ],
    });
    expect(records.award_endorsement).toMatchObject([{ org_id: parent.orgId, branch_id: child.orgId, endorsed: true }]);
    expect(problems).toEqual([expect.stringMatching(/“推荐审核”，单元格 A5.*不是本党总支所属的党支部/)]);
  });
});

describe('the committee’s decision file', () => {
  it('reads each candidate’s 同意 or 不同意 and the 表彰决定’s 文号 and date', async () => {
    const m = member('X02');
    const wb = await buildDecisionWorkbook({
      scheme,
      period,
      round: awardRound(scheme, '2011H1')!,
      generatedAt: new Date(),
      data: {
        decisions: [
          { award: AWARD_LABELS.excellent_member, candidateId: m.memberId, opinion: AGREE.yes },
          { award: AWARD_LABELS.advanced_org, candidateId: 'Z02', opinion: AGREE.no },
        ],
        document: { docNo: '东教体党〔2011〕20号', docDate: new Date(Date.UTC(2011, 5, 28)) },
      },
    });
    const log = new ProblemLog('decision.xlsx');
    const records = readDecisionForm(new ExcelJSBook(wb), formContext(scheme, roster, '2011H1', log, emptyCounts()));
    expect(records.award_decision).toMatchObject([
      { candidate_id: m.memberId, agreed: true },
      { candidate_id: 'Z02', agreed: false },
    ]);
    expect(records.award_document).toMatchObject([{ doc_no: '东教体党〔2011〕20号' }]);
    expect(log.problems.map(formatProblem)).toEqual([expect.stringMatching(/“审定”，单元格 E5.*不同意时请写明理由/)]);
  });
});
