// The campaign's own procedures as the sample's branches and bureau would record them:
// 公开承诺 of each organization and member through the half-years (what was not kept carries
// into the next period's form, as `pingyi forms` would pre-fill it), 结对子 / 一带一 pairs, and
// the bureau's 点评 of members. Drawn from a stream of its own, so that the ballots and scores
// drawn from the main stream stay as they were.
import { fullYears } from '../base/age.ts';
import type { Carried, CarriedCommitment } from '../contract/carry-over.ts';
import { PUBLIC_WORKS } from '../contract/form-layout.ts';
import type { Member, Org } from '../contract/roster.ts';
import { carriedRows } from '../forms/carry-over.ts';
import type { RowInput } from '../forms/sheet-writer.ts';
import { periodEnd, previousPeriod, type Period } from '../scheme/period.ts';
import type { CommitmentStatus, Scheme } from '../scheme/schema.ts';
import type { Random } from './random.ts';
import type { SampleSystem } from './system.ts';

/** A member's promise under one of the 五个模范. */
export interface Pledge {
  text: string;
  aspect: string;
}

export const PLEDGES: Pledge[] = [
  { text: '本学期上好一堂校级公开课，认真备课、上课、批改作业', aspect: 'dedication' },
  { text: '与一名青年教师结对，每月听课指导不少于两次', aspect: 'example' },
  { text: '做好后进生帮扶，所带班级学生成绩稳步提升', aspect: 'dedication' },
  { text: '坚持家访，本学期家访学生不少于十户', aspect: 'service' },
  { text: '不搞有偿家教，廉洁从教，为人师表', aspect: 'discipline' },
  { text: '认真参加“三会一课”，按时交纳党费', aspect: 'discipline' },
  { text: '完成一项校级课题研究并撰写论文', aspect: 'study' },
  { text: '主动承担学校公益岗位，服务师生', aspect: 'service' },
  { text: '带头遵守学校各项规章制度，全勤工作', aspect: 'discipline' },
  { text: '组织学生参加一次社会实践活动', aspect: 'example' },
];
export const OFFICE_PLEDGES: Pledge[] = [
  { text: '每月下校调研不少于两次，及时反馈基层问题', aspect: 'service' },
  { text: '提高办事效率，做到当日事当日毕', aspect: 'dedication' },
  { text: '热情接待来访群众，做到首问负责', aspect: 'service' },
];

/** How a promise that was not kept went, and whether the 评诺 accepted the reason. */
export interface Miss {
  status: Extract<CommitmentStatus, 'partial' | 'postponed' | 'unkept'>;
  explanation: string;
  accepted: boolean | null;
}

export const MISSES: Miss[] = [
  { status: 'partial', explanation: '因病休假，部分未完成', accepted: true },
  { status: 'postponed', explanation: '课题结题推迟到下学期', accepted: null },
  { status: 'unkept', explanation: '工作调整后未再落实', accepted: false },
];

/** A member's draw for this period from the main stream: whether the promise was kept. */
export interface MemberOutcome {
  member: Member;
  pledge: Pledge;
  miss?: Miss;
  /** Judged this period whatever its deadline (a deliberate case in the sample). */
  judged?: boolean;
}

const ORG_PLEDGES: Record<string, string[]> = {
  leadership: [
    '班子成员每人联系一个年级组，每月听课不少于四节',
    '落实“一把手”抓党建，每学期专题研究党建工作不少于两次',
  ],
  membership: ['设立党员先锋岗不少于五个，党员亮牌上岗', '每名党员结对帮扶一名学困生'],
  mechanism: ['健全党务公开栏，每月更新一次', '规范“三会一课”台账，做到记录完整'],
  performance: ['本学年教学质量综合评估保持全区前列', '建成一个区级特色学科或特色项目'],
  publicOpinion: ['每学期召开家长座谈会两次，回应家长关切', '教代会提案办结率达到百分之百'],
  [PUBLIC_WORKS]: [
    '改造校门口上下学接送等候区，缓解交通拥堵',
    '开设课后托管服务，解决双职工家庭接送难',
    '建立家长开放日制度，每学期不少于两次',
    '为困难学生建立帮扶档案，落实资助政策',
  ],
};
const OFFICE_ORG_PLEDGES: Record<string, string[]> = {
  mechanism: ['精简基层学校报送材料，全年减少三成'],
  performance: ['每名机关干部联系一所学校，每月下校不少于两次'],
  [PUBLIC_WORKS]: ['开通局长信箱和服务热线，群众来信来电五个工作日内答复'],
};

const PAIR_ACTIVITIES = [
  '听课指导六次，共同备课，帮助上好一堂汇报课',
  '每月谈心一次，指导撰写教学反思和班主任工作笔记',
  '共同参加区级教研活动，指导参加青年教师基本功比赛',
  '指导开展课题研究，合写教学论文一篇',
  '带领参加党员先锋岗活动，帮助提高入党后的党性修养',
];

const MEMBER_STRENGTHS = [
  '教学业务扎实，所带班级成绩稳步提升',
  '师德表现良好，关心学生成长',
  '积极参加组织生活，带头完成学校交办的任务',
  '主动承担公开课和教研任务，示范作用明显',
  '服务意识强，热情帮助青年教师',
];
const OFFICE_STRENGTHS = ['工作认真负责，下校调研扎实', '服务基层热情，办事效率高', '业务熟悉，按时完成各项任务'];
const MEMBER_PROBLEMS = [
  '理论学习不够深入',
  '教育科研能力有待提高',
  '与家长沟通还不够主动',
  '参与党组织活动的主动性不够',
  '工作创新意识不够强',
];
const MEMBER_DIRECTIONS = [
  '加强理论学习，做学习钻研的模范',
  '在教研中多出成果，发挥骨干作用',
  '主动联系群众，多为学生和家长办实事',
  '积极参加组织生活，严格要求自己',
  '大胆探索教育教学方法，争创佳绩',
];
/** Bureau leaders, each with his or her 联系点 schools. */
const LEADERS = ['刘建国', '王志强', '陈秀英', '张文斌'];

/** One period's records the next period carries from: what the sample's branches reported. */
export interface Ledger {
  from: Carried | null;
  into: Carried;
}

export const emptyCarried = (period: string): Carried => ({ period, commitments: [], pairs: [] });

export interface CampaignRows {
  orgCommitments: RowInput[];
  memberCommitments: RowInput[];
  commitments: Record<string, RowInput>;
  pairs: RowInput[];
  carried: ReturnType<typeof carriedRows>;
}

/**
 * This period's 公开承诺 and pairs of one organization: the previous period's open ones with
 * how they went now, and new ones. Whatever is not kept goes into `ledger.into`.
 */
export function campaignRows(
  scheme: Scheme,
  sys: SampleSystem,
  org: Org,
  period: Period,
  members: Member[],
  outcomes: MemberOutcome[],
  side: Random,
  ledger: Ledger,
  pairOverAge: boolean,
): CampaignRows {
  const status = (key: CommitmentStatus) => scheme.commitments.statuses[key].label;
  const yes = scheme.yesNo.yes[0]!;
  const no = scheme.yesNo.no[0]!;
  const rating = (key: CommitmentStatus) =>
    scheme.commitments.ratings[key === 'kept' ? 0 : key === 'unkept' ? 2 : 1]!.label;
  const end = periodEnd(period);
  const nextEnd = periodEnd(
    period.half === 'H1'
      ? { code: `${period.year}H2`, year: period.year, half: 'H2' }
      : { code: `${period.year + 1}H1`, year: period.year + 1, half: 'H1' },
  );
  const carried = carriedRows(
    scheme,
    sys.roster,
    org,
    period,
    ledger.from ?? emptyCarried(previousPeriod(period).code),
  );
  const open = (c: Omit<CarriedCommitment, 'org_id' | 'made_in'> & { made_in?: string }) =>
    c.status !== 'kept' && ledger.into.commitments.push({ org_id: org.orgId, made_in: period.code, ...c });

  // The previous period's open promises: most are kept now, some slip again.
  const previous = (ledger.from?.commitments ?? []).filter((c) => c.org_id === org.orgId);
  const follow = (row: RowInput, from: CarriedCommitment | undefined) => {
    const roll = side.next();
    const key: CommitmentStatus = roll < 0.7 ? 'kept' : roll < 0.85 ? 'partial' : 'postponed';
    const done: Record<string, string> = {
      notDue: '按计划完成',
      postponed: '上期顺延，本期已完成',
      partial: '上期未完成的部分本期已补齐',
      unkept: '本期重新落实，已完成',
    };
    const explanation =
      key === 'kept'
        ? (done[from?.status ?? ''] ?? '本期已完成')
        : key === 'partial'
          ? '已完成大部分，余下部分下期完成'
          : '条件尚不具备，再次顺延';
    Object.assign(row, {
      status: status(key),
      explanation,
      rating: key === 'postponed' ? undefined : rating(key),
      reasonAccepted: key === 'partial' ? yes : undefined,
      deadline: key === 'kept' ? row.deadline : nextEnd,
    });
    if (from) open({ ...from, status: key, deadline: key === 'kept' ? from.deadline : nextEnd, made_in: from.made_in });
  };
  const orgCarried = previous.filter((c) => c.member_id === null);
  carried.orgCommitments.forEach((row, i) => follow(row, orgCarried[i]));
  const memberCarried = previous.filter((c) => c.member_id !== null && members.some((m) => m.memberId === c.member_id));
  carried.memberCommitments.forEach((row, i) => follow(row, memberCarried[i]));

  const office = org.type === '机关';
  const pool = office ? OFFICE_ORG_PLEDGES : ORG_PLEDGES;
  const categories = side.shuffle(Object.keys(pool).filter((k) => k !== PUBLIC_WORKS)).slice(0, 2);
  const categoryLabel = (key: string) =>
    key === PUBLIC_WORKS ? scheme.commitments.publicWorks : scheme.org.dimensions.find((d) => d.key === key)!.label;
  // A promise carried in is not made again.
  const taken = new Set(previous.map((c) => `${c.member_id ?? ''}|${c.content}`));
  const fresh = (memberId: string | null, texts: string[]) => {
    const left = texts.filter((t) => !taken.has(`${memberId ?? ''}|${t}`));
    return left.length > 0 ? side.pick(left) : undefined;
  };
  const orgCommitments = [...categories, PUBLIC_WORKS].flatMap((category, i): RowInput[] => {
    const content = fresh(null, pool[category]!);
    if (content === undefined) return [];
    const responsible = (i === 2 ? members[1] : members[0])?.name ?? org.secretary;
    const longTerm = i === 1;
    const key: CommitmentStatus = longTerm ? 'notDue' : side.chance(0.85) ? 'kept' : 'partial';
    const deadline = longTerm ? nextEnd : end;
    open({ member_id: null, category, content, deadline, responsible, status: key });
    return [
      {
        category: categoryLabel(category),
        content,
        deadline,
        responsible,
        status: status(key),
        explanation: key === 'partial' ? '经费到位较晚，已完成主体部分' : key === 'notDue' ? '按计划推进中' : undefined,
        rating: key === 'notDue' ? undefined : rating(key),
        reasonAccepted: key === 'partial' ? yes : undefined,
      },
    ];
  });

  const commitments: Record<string, RowInput> = {};
  const pledges = office ? OFFICE_PLEDGES : PLEDGES;
  for (const outcome of outcomes) {
    const { member, miss } = outcome;
    const again = taken.has(`${member.memberId}|${outcome.pledge.text}`);
    const text = again
      ? fresh(
          member.memberId,
          pledges.map((p) => p.text),
        )
      : outcome.pledge.text;
    const pledge = pledges.find((p) => p.text === text);
    if (!pledge) continue;
    const longTerm = side.chance(0.12) && !outcome.judged;
    const key: CommitmentStatus = longTerm ? 'notDue' : miss ? miss.status : 'kept';
    const deadline = longTerm || key === 'postponed' ? nextEnd : end;
    open({
      member_id: member.memberId,
      category: pledge.aspect,
      content: pledge.text,
      deadline,
      responsible: null,
      status: key,
    });
    commitments[member.memberId] = {
      aspect: scheme.member.dimensions.find((d) => d.key === pledge.aspect)?.label,
      content: pledge.text,
      deadline,
      status: status(key),
      explanation: longTerm ? '按计划推进中' : miss?.explanation,
      rating: longTerm || key === 'postponed' ? undefined : rating(key),
      reasonAccepted: miss && !longTerm && miss.accepted !== null ? (miss.accepted ? yes : no) : undefined,
    };
  }

  return {
    carried,
    orgCommitments,
    memberCommitments: carried.memberCommitments,
    commitments,
    pairs: pairRows(scheme, sys, org, period, members, side, ledger, carried.pairs, pairOverAge),
  };
}

/** About six in ten young members have a mentor; the pairs of the last period go on, with new ones. */
function pairRows(
  scheme: Scheme,
  sys: SampleSystem,
  org: Org,
  period: Period,
  members: Member[],
  side: Random,
  ledger: Ledger,
  carried: RowInput[],
  overAge: boolean,
): RowInput[] {
  const end = periodEnd(period);
  const age = (m: Member) => fullYears(m.birthDate, end);
  const young = members.filter((m) => age(m) < scheme.cohort.youngAgeBelow);
  const quality = (m: Member) => sys.memberQuality.get(m.memberId) ?? 0;
  const mentors = members
    .filter((m) => age(m) >= 40 && m.status === 'full')
    .sort((a, b) => quality(b) - quality(a))
    .slice(0, 4);
  for (const row of carried) row.activity = side.pick(PAIR_ACTIVITIES);
  const rows = [...carried];
  const paired = new Set(rows.map((r) => r.menteeId));
  const share = ledger.from ? 0.2 : 0.6;
  const since = new Date(Date.UTC(period.year, period.half === 'H1' ? 2 : 8, 1));
  const kindOf = (k: 'branchPair' | 'oneOnOne') => (k === 'branchPair' ? '结对子' : '一带一');
  const fresh = side.shuffle(young.filter((m) => !paired.has(m.memberId)));
  const take = Math.round(fresh.length * share);
  if (mentors.length > 0) {
    fresh.slice(0, take).forEach((mentee, i) => {
      const branch = side.chance(0.2);
      const mentor = branch ? members[0]! : mentors[i % mentors.length]!;
      if (mentor.memberId === mentee.memberId) return;
      rows.push({
        kind: kindOf(branch ? 'branchPair' : 'oneOnOne'),
        mentorId: mentor.memberId,
        mentorName: mentor.name,
        menteeId: mentee.memberId,
        menteeName: mentee.name,
        since,
        activity: side.pick(PAIR_ACTIVITIES),
      });
    });
  }
  // A deliberate mistake for the data-quality report: a mentee who is no longer young.
  const older = overAge ? members.find((m) => age(m) >= scheme.cohort.youngAgeBelow && age(m) < 40) : undefined;
  if (older && mentors[0] && mentors[0].memberId !== older.memberId)
    rows.push({
      kind: kindOf('oneOnOne'),
      mentorId: mentors[0].memberId,
      mentorName: mentors[0].name,
      menteeId: older.memberId,
      menteeName: older.name,
      since,
      activity: side.pick(PAIR_ACTIVITIES),
    });
  const kinds = { 结对子: 'branchPair', 一带一: 'oneOnOne' } as Record<string, string>;
  for (const r of rows)
    ledger.into.pairs.push({
      org_id: org.orgId,
      mentor_id: String(r.mentorId),
      mentee_id: String(r.menteeId),
      kind: kinds[String(r.kind)] ?? null,
      since: (r.since as Date | undefined) ?? null,
    });
  return rows.slice(carried.length);
}

/** The bureau's 点评 of every member, by its leaders at their 联系点; none for `blankOrg`'s members. */
export function memberComments(
  sys: SampleSystem,
  side: Random,
  blankOrg: string | undefined,
): Record<string, RowInput> {
  const orgs = new Map(sys.roster.orgs.map((o, i) => [o.orgId, { org: o, leader: LEADERS[i % LEADERS.length]! }]));
  const out: Record<string, RowInput> = {};
  for (const m of sys.roster.members) {
    const home = orgs.get(m.orgId);
    if (!home || m.orgId === blankOrg) continue;
    out[m.memberId] = {
      strengths: `${side.pick(home.org.type === '机关' ? OFFICE_STRENGTHS : MEMBER_STRENGTHS)}。`,
      problems: `${side.pick(MEMBER_PROBLEMS)}。`,
      direction: `${side.pick(MEMBER_DIRECTIONS)}。`,
      reviewer: home.leader,
    };
  }
  return out;
}
