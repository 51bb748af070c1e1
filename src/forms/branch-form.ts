// The workbook one Party organization fills in for one period: self-assessment,
// ballot counts, the 民主评议 tally pre-filled with its members, electronic ballots,
// satisfaction tally, 日常量化, 公开承诺 of the organization and of its members (the previous
// period's open ones carried over on top), 结对子 pairs, and — per scheme — the five models
// on the tally and the secretary's 点评 of members.
import type ExcelJS from 'exceljs';
import type { Period } from '../scheme/period.ts';
import { periodLabel } from '../scheme/period.ts';
import type { Scheme } from '../scheme/schema.ts';
import { membersOf, type Org, type Roster } from '../contract/roster.ts';
import { addInstructionsSheet, gradeStep, type FieldValues } from './instructions.ts';
import {
  AWARD_ENDORSEMENTS,
  AWARD_PROPOSALS,
  BALLOT_ROUNDS,
  ballotSheet,
  DAILY_RECORD,
  MEMBER_COMMENTS,
  MEMBER_COMMITMENTS,
  MEMBER_PAIRS,
  modelTallySheet,
  ORG_COMMITMENTS,
  PUBLIC_COMMENTS,
  ROUNDS,
  satisfactionSheet,
  SELF_ASSESSMENT,
  tallySheet,
} from '../contract/form-layout.ts';
import type { CarriedRows } from './carry-over.ts';
import { addTableSheet, type RowInput } from './sheet-writer.ts';
import { finishFormWorkbook, newFormWorkbook } from './workbook.ts';
import { awardRound, branchPlaces } from '../scheme/awards.ts';
import { AWARD_LABELS } from '../contract/form-layout.ts';

/** Values people typed, keyed as in the row helpers below; absent = a blank form. */
export interface BranchFormData {
  fields?: FieldValues;
  /** By item key. */
  self?: Record<string, RowInput>;
  /** By roundKey(). */
  rounds?: Record<string, RowInput>;
  /** By tallyKey(). */
  tallies?: Record<string, RowInput>;
  ballots?: RowInput[];
  /** By satisfaction rater category key. */
  satisfaction?: Record<string, RowInput>;
  /** Comments from the satisfaction ballots, in the order written. */
  comments?: RowInput[];
  /** By member id. */
  daily?: Record<string, RowInput>;
  /** The previous period's open commitments and pairs, written first (see carry-over.ts). */
  carried?: CarriedRows;
  /** The organization's new commitments, below the carried ones. */
  orgCommitments?: RowInput[];
  /** A new commitment typed into each member's row; by member id. */
  commitments?: Record<string, RowInput>;
  /** New pairs, below the carried ones. */
  pairs?: RowInput[];
  /** By modelTallyKey(); written when the scheme puts the five models on the tally. */
  modelTallies?: Record<string, RowInput>;
  /** The secretary's 点评 by member id; written when the scheme collects it on this form. */
  memberComments?: Record<string, RowInput>;
  /** 推荐: the candidates proposed, in order. */
  proposals?: RowInput[];
  /** 推荐审核 (a 党总支's form): its opinion on its branches' candidates. */
  endorsements?: RowInput[];
}

export interface BranchFormInput {
  scheme: Scheme;
  roster: Roster;
  org: Org;
  period: Period;
  generatedAt: Date;
  data?: BranchFormData;
}

export const roundKey = (round: string, categoryLabel: string) => `${round}|${categoryLabel}`;
export const tallyKey = (categoryKey: string, memberId: string) => `${categoryKey}|${memberId}`;
export const modelTallyKey = (categoryKey: string, memberId: string, model: string) =>
  `${categoryKey}|${memberId}|${model}`;

/** Empty rows offered for electronic ballots in a blank form. */
const BLANK_BALLOT_ROWS = 300;
/** Empty rows below the commitments and pairs, for more of them. */
const BLANK_EXTRA_ROWS = 10;

export async function buildBranchWorkbook(input: BranchFormInput): Promise<ExcelJS.Workbook> {
  const { scheme, org, period, data = {} } = input;
  const members = membersOf(input.roster, org.orgId);
  const full = members.filter((m) => m.status === 'full');
  const label = periodLabel(scheme, period);
  const who = `${org.name}（${org.orgId}）`;
  const wb = newFormWorkbook(
    `${label} 创先争优评议表 · ${org.name}`,
    `${label}${org.name}创先争优评议表`,
    input.generatedAt,
  );
  const statusLabel = (s: 'full' | 'probationary') =>
    s === 'full' ? scheme.memberStatuses.full : scheme.memberStatuses.probationary;

  addInstructionsSheet(wb, {
    scheme,
    title: `${label}创先争优活动评议表`,
    facts: [
      ['党组织', org.name],
      ['组织编号', org.orgId],
      ['评议期', `${label}（${period.code}）`],
      ['党员人数', `${members.length} 人（正式党员 ${full.length} 人，预备党员 ${members.length - full.length} 人）`],
      ['评议方案', `${scheme.name}（${scheme.version}）`],
    ],
    fields: data.fields ?? {},
    steps: [
      '先在本页填写填表日期、填表人和联系电话。灰色单元格由系统预先填好，请勿修改；白色单元格为填写区。',
      `“支部自评”：对照“五个好”考核细则逐项自评打分，每项不超过该项分值，扣分的请写明原因。`,
      '“评议票数”：分别填写民主评议党员和群众满意度测评的应参加人数、发出票数和收回票数。收回票数不能多于发出票数；参加人数应达到应参加人数的三分之二。',
      '“民主评议计票”：纸质票按评议人类别分别统计每名党员各等次的票数。每名党员各等次票数之和不能多于该类别的收回票数（未评等次的票视为弃权）。',
      '“民主评议票”：仅在采用电子评议时填写，每张票对每名党员一行，同一张票用同一票号；填写了本表可不填“民主评议计票”。',
      '“群众满意度”：按评议人类别填写对本党组织各满意等次的票数。“意见建议”：照录测评票上的意见建议，不写评议人姓名，报告中匿名列出。',
      '“日常量化”：填写每名党员本期日常量化考核得分（百分制）。',
      '“党组织承诺”和“党员承诺”（公开承诺）：上期未兑现、顺延或未到期的承诺已列在最前面（“承诺期”为上期），请填写其本期兑现情况；本期新作的承诺写在下面，写明内容和时限，“承诺期”不填。每条都要选择兑现情况；部分兑现、未兑现或顺延的写明原因，并填写评诺时是否认可其原因。每名党员都应有承诺。',
      `“结对子”：党支部与 ${scheme.cohort.youngAgeBelow} 岁以下青年党员结对子、优秀党员教师“一带一”青年党员教师，每对一行，写明本期结对活动；上期的结对已列出。`,
      ...(scheme.member.fiveModels.onTally
        ? ['“五个模范计票”：纸质票上对“五个模范”各项的评价，按评议人类别分别统计每名党员每一项各等次的票数。']
        : []),
      ...(scheme.memberComments.collectedOn === 'branch'
        ? ['“党员点评”：支部书记对每名党员写明主要成绩、存在不足和努力方向，并署名。']
        : []),
      gradeStep(scheme),
      '填好后保存为 .xlsx 格式（不要另存为 .xls 或 .et），文件名可以修改，系统按表内信息识别。如需增加行，可在“审阅”中撤销工作表保护（无密码）。',
    ],
    criteria: ['org', 'member'],
  });

  const dimensionOf = new Map(scheme.org.dimensions.flatMap((d) => d.items.map((it) => [it.key, d.label] as const)));
  const items = scheme.org.dimensions.flatMap((d) => d.items);
  addTableSheet(wb, {
    scheme,
    spec: SELF_ASSESSMENT,
    title: `${label}“五个好”先进基层党组织自评表`,
    subtitle: `党组织：${who}    满分 ${items.reduce((a, it) => a + it.max, 0)} 分`,
    rows: items.map((it) => ({
      dimension: dimensionOf.get(it.key),
      itemKey: it.key,
      text: it.text,
      max: it.max,
      ...data.self?.[it.key],
    })),
    maxPoints: (row) => Number(row.max),
  });

  // A 党总支 without members of its own has no 民主评议 round.
  const reviewCategories = members.length > 0 ? scheme.member.raterCategories : [];
  const roundRows: RowInput[] = [
    ...reviewCategories.map((c) => ({
      round: ROUNDS.democraticReview,
      category: c.label,
      ...data.rounds?.[roundKey(ROUNDS.democraticReview, c.label)],
    })),
    ...scheme.org.satisfaction.raterCategories.map((c) => ({
      round: ROUNDS.satisfaction,
      category: c.label,
      ...data.rounds?.[roundKey(ROUNDS.satisfaction, c.label)],
    })),
  ];
  addTableSheet(wb, {
    scheme,
    spec: BALLOT_ROUNDS,
    title: `${label}评议票数统计表`,
    subtitle: `党组织：${who}    名册中本组织有正式党员 ${full.length} 人、预备党员 ${members.length - full.length} 人`,
    rows: roundRows,
  });

  addTableSheet(wb, {
    scheme,
    spec: tallySheet(scheme),
    title: `${label}民主评议党员计票表`,
    subtitle: `党组织：${who}    按评议人类别分别填写各等次票数`,
    rows: scheme.member.raterCategories.flatMap((c) =>
      members.map((m) => ({
        category: c.label,
        memberId: m.memberId,
        name: m.name,
        ...data.tallies?.[tallyKey(c.key, m.memberId)],
      })),
    ),
  });

  if (scheme.member.fiveModels.onTally) {
    addTableSheet(wb, {
      scheme,
      spec: modelTallySheet(scheme),
      title: `${label}“五个模范”计票表`,
      subtitle: `党组织：${who}    按评议人类别分别填写每名党员“五个模范”各项的各等次票数`,
      rows: scheme.member.raterCategories.flatMap((c) =>
        members.flatMap((m) =>
          scheme.member.dimensions.map((d) => ({
            category: c.label,
            memberId: m.memberId,
            name: m.name,
            dimension: d.label,
            ...data.modelTallies?.[modelTallyKey(c.key, m.memberId, d.key)],
          })),
        ),
      ),
    });
  }

  const ballots = data.ballots ?? [];
  addTableSheet(wb, {
    scheme,
    spec: ballotSheet(scheme),
    title: `${label}民主评议党员票（电子评议时填写）`,
    subtitle: `党组织：${who}    每张票对每名党员一行；五个模范各项可不填`,
    rows: ballots,
    blankRows: ballots.length > 0 ? 20 : BLANK_BALLOT_ROWS,
    landscape: true,
  });

  addTableSheet(wb, {
    scheme,
    spec: satisfactionSheet(scheme),
    title: `${label}群众满意度测评统计表`,
    subtitle: `被测评党组织：${who}`,
    rows: scheme.org.satisfaction.raterCategories.map((c) => ({ category: c.label, ...data.satisfaction?.[c.key] })),
  });

  const comments = data.comments ?? [];
  addTableSheet(wb, {
    scheme,
    spec: PUBLIC_COMMENTS,
    title: `${label}群众意见建议`,
    subtitle: `党组织：${who}    照录满意度测评票上的意见建议，不写评议人姓名`,
    rows: comments,
    blankRows: comments.length > 0 ? 5 : 30,
  });

  addTableSheet(wb, {
    scheme,
    spec: DAILY_RECORD,
    title: `${label}党员日常量化考核表`,
    subtitle: `党组织：${who}    百分制`,
    rows: members.map((m) => ({
      memberId: m.memberId,
      name: m.name,
      status: statusLabel(m.status),
      ...data.daily?.[m.memberId],
    })),
  });

  const carried = data.carried ?? { orgCommitments: [], memberCommitments: [], pairs: [] };
  const carriedNote = (n: number) => (n > 0 ? `    前 ${n} 行是上期转来的承诺，请填写本期兑现情况` : '');
  const orgCommitments = [...carried.orgCommitments, ...(data.orgCommitments ?? [])];
  addTableSheet(wb, {
    scheme,
    spec: ORG_COMMITMENTS,
    title: `${label}党组织公开承诺及兑现情况表`,
    subtitle: `党组织：${who}${carriedNote(carried.orgCommitments.length)}`,
    rows: orgCommitments,
    blankRows: BLANK_EXTRA_ROWS,
    landscape: true,
  });

  addTableSheet(wb, {
    scheme,
    spec: MEMBER_COMMITMENTS,
    title: `${label}党员公开承诺及兑现情况表`,
    subtitle: `党组织：${who}${carriedNote(carried.memberCommitments.length)}`,
    rows: [
      ...carried.memberCommitments,
      ...members.map((m) => ({ memberId: m.memberId, name: m.name, ...data.commitments?.[m.memberId] })),
    ],
    blankRows: BLANK_EXTRA_ROWS,
    landscape: true,
  });

  addTableSheet(wb, {
    scheme,
    spec: MEMBER_PAIRS,
    title: `${label}“结对子”“一带一”情况表`,
    subtitle: `党组织：${who}    ${scheme.cohort.youngAgeBelow} 岁以下青年党员每人一行${carried.pairs.length > 0 ? `；前 ${carried.pairs.length} 行是上期的结对` : ''}`,
    rows: [...carried.pairs, ...(data.pairs ?? [])],
    blankRows: BLANK_EXTRA_ROWS,
    landscape: true,
  });

  if (scheme.memberComments.collectedOn === 'branch') {
    addTableSheet(wb, {
      scheme,
      spec: MEMBER_COMMENTS,
      title: `${label}党员点评意见`,
      subtitle: `党组织：${who}    支部书记点评`,
      rows: members.map((m) => ({
        orgName: org.name,
        memberId: m.memberId,
        name: m.name,
        ...data.memberComments?.[m.memberId],
      })),
      landscape: true,
    });
  }

  const round = awardRound(scheme, period.code);
  if (round) {
    const places = round.awards
      .map((a) => `${a.title ?? AWARD_LABELS[a.kind]} ${branchPlaces(scheme, round, a.kind, members.length)} 名`)
      .join('，');
    const proposals = data.proposals ?? [];
    addTableSheet(wb, {
      scheme,
      spec: AWARD_PROPOSALS,
      title: `${label}评先推荐表`,
      subtitle: `党组织：${who}    推荐名额：${places}；事迹材料 ${scheme.awards.narrativeChars.min}–${scheme.awards.narrativeChars.max} 字`,
      rows: proposals,
      blankRows: 5,
      landscape: true,
    });
    if (input.roster.orgs.some((o) => o.parentId === org.orgId)) {
      const endorsements = data.endorsements ?? [];
      addTableSheet(wb, {
        scheme,
        spec: AWARD_ENDORSEMENTS,
        title: `${label}党总支对所属党支部推荐人选的审核意见`,
        subtitle: `党总支：${who}`,
        rows: endorsements,
        blankRows: 10,
        landscape: true,
      });
    }
  }

  return finishFormWorkbook(wb, {
    kind: 'branch',
    schemeId: scheme.id,
    schemeVersion: scheme.version,
    period: period.code,
    orgId: org.orgId,
    generatedAt: input.generatedAt.toISOString(),
  });
}
