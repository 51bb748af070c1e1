// The sample's award round (2011H1): each branch proposes its best member and some propose
// themselves and their party worker; X03 proposes one member over its places, X04 a
// probationary member; 育才中学党总支 endorses Z01A's candidate and drops Z01B's. The
// committee's decision agrees to the accepted proposals but one, on the first working day after
// the 公示 ends. Deterministic: no random draws.
import type { Member, Org } from '../contract/roster.ts';
import { membersOf } from '../contract/roster.ts';
import type { BranchFormData } from '../forms/branch-form.ts';
import type { DecisionFormData } from '../forms/decision-form.ts';
import type { RowInput } from '../forms/sheet-writer.ts';
import { AGREE, AWARD_LABELS } from '../contract/form-layout.ts';
import { awardRound, branchPlaces, nextWorkingDay, noticePeriod } from '../scheme/awards.ts';
import type { Period } from '../scheme/period.ts';
import type { Scheme } from '../scheme/schema.ts';
import { bureauFillDate } from './fill.ts';
import type { SampleSystem } from './system.ts';

const SELF_PROPOSED = ['Z01A', 'Z02', 'X02', 'Y01'];
const WORKER_PROPOSED = ['J01', 'Z02', 'X01'];
const OVER_PLACES = 'X03';
const DROPPED_BY_PARENT = 'Z01B';
const DECLINED_BY_COMMITTEE = 'Y01';

/** The first organization with a probationary member proposes one (ineligible). */
const probationaryProposer = (sys: SampleSystem) =>
  sys.roster.members.find((m) => m.status === 'probationary' && !SELF_PROPOSED.includes(m.orgId))?.orgId;

const narrative = (who: string, what: string) =>
  [
    `${who}在创先争优活动中${what}。`,
    '认真学习实践科学发展观，坚持“三会一课”，带头开展公开承诺并逐项践诺，践诺情况在公示栏中按时公开，接受师生和家长监督。',
    '立足岗位创先争优，教育教学质量稳步提升，所带班级和学科在全区教学质量检测中成绩突出，多次承担区级公开课和教研任务。',
    '关心青年教师成长，开展“结对子”“一带一”，指导的青年教师在区级优质课评比中获奖；主动联系困难学生家庭，为群众办实事、解难题。',
    '严于律己，为人师表，遵守党的纪律和师德规范，在师生和群众中威信高，民主评议中党员和群众代表评价好。',
    '积极参与学校管理和校园文化建设，带头参加志愿服务和社区共建活动，组织党员教师送教下乡、义务辅导，受到社区居民和家长的好评。',
    '经党员大会讨论，同意推荐。',
  ].join('');

const best = (sys: SampleSystem, members: Member[]) =>
  [...members].sort((a, b) => (sys.memberQuality.get(b.memberId) ?? 0) - (sys.memberQuality.get(a.memberId) ?? 0));

/** The rows of an organization's 推荐 sheet and, for a 党总支, its 推荐审核 sheet. */
export function sampleProposals(
  scheme: Scheme,
  sys: SampleSystem,
  org: Org,
  period: Period,
): Pick<BranchFormData, 'proposals' | 'endorsements'> {
  const round = awardRound(scheme, period.code);
  if (!round || round.level !== 'commend') return {};
  const meetingDate = new Date(Date.UTC(period.year, 5, 10));
  const members = membersOf(sys.roster, org.orgId);
  const sanctioned = new Set(sys.roster.sanctions.filter((s) => s.period === period.code).map((s) => s.memberId));
  const full = best(
    sys,
    members.filter((m) => m.status === 'full' && !m.partyWorker && !sanctioned.has(m.memberId)),
  );
  const proposals: RowInput[] = [];
  const row = (award: keyof typeof AWARD_LABELS, id: string, name: string, what: string, extra: RowInput = {}) =>
    proposals.push({
      award: AWARD_LABELS[award],
      candidateId: id,
      name,
      narrative: narrative(name, what),
      meetingDate,
      ...extra,
    });
  if (SELF_PROPOSED.includes(org.orgId))
    row('advanced_org', org.orgId, org.name, '围绕中心、服务大局，“五个好”要求落实');
  const places = branchPlaces(scheme, round, 'excellent_member', members.length);
  const count = org.orgId === OVER_PLACES ? places + 1 : Math.min(places, 1);
  for (const m of full.slice(0, count)) row('excellent_member', m.memberId, m.name, '发挥先锋模范作用');
  const probationary = members.find((m) => m.status === 'probationary');
  if (org.orgId === probationaryProposer(sys) && probationary)
    row('excellent_member', probationary.memberId, probationary.name, '积极向组织靠拢');
  const worker = members.find((m) => m.partyWorker && !sanctioned.has(m.memberId));
  if (WORKER_PROPOSED.includes(org.orgId) && worker)
    row('party_worker', worker.memberId, worker.name, '认真做好党务工作', {
      partyRole: worker.post?.includes('书记') ? worker.post : '支部委员',
      partyWork: '负责组织生活和党员教育管理，建立健全党建台账，组织公开承诺和民主评议，党建资料规范齐全。',
    });

  const children = sys.roster.orgs.filter((o) => o.parentId === org.orgId);
  const endorsements = children.flatMap((child) =>
    (sampleProposals(scheme, sys, child, period).proposals ?? []).map((p) => ({
      orgId: child.orgId,
      award: p.award,
      candidateId: p.candidateId,
      name: p.name,
      opinion: child.orgId === DROPPED_BY_PARENT ? AGREE.no : AGREE.yes,
      note: child.orgId === DROPPED_BY_PARENT ? '本年度总支名额已推荐育才中学初中部，不再推荐' : undefined,
    })),
  );
  return { proposals, ...(endorsements.length > 0 && { endorsements }) };
}

/** The committee's 评先选优审定表: agrees to what the branches could propose, but one. */
export function sampleDecision(scheme: Scheme, sys: SampleSystem, period: Period): DecisionFormData | undefined {
  const round = awardRound(scheme, period.code);
  if (!round || round.level !== 'commend') return undefined;
  const accepted = sys.roster.orgs.flatMap((org) => {
    const members = membersOf(sys.roster, org.orgId);
    const places = branchPlaces(scheme, round, 'excellent_member', members.length);
    const rows = sampleProposals(scheme, sys, org, period).proposals ?? [];
    return rows
      .filter((r, i) => {
        const m = members.find((x) => x.memberId === r.candidateId);
        const memberRows = rows.slice(0, i + 1).filter((x) => x.award === AWARD_LABELS.excellent_member).length;
        return (
          org.orgId !== DROPPED_BY_PARENT &&
          m?.status !== 'probationary' &&
          !(r.award === AWARD_LABELS.excellent_member && memberRows > places)
        );
      })
      .map((r) => ({ award: String(r.award), candidateId: r.candidateId, name: r.name, orgId: org.orgId }));
  });
  const given = new Map<string, number>();
  const decisions = accepted.map((r) => {
    const kind = round.awards.find((a) => AWARD_LABELS[a.kind] === r.award)!;
    const n = (given.get(kind.kind) ?? 0) + 1;
    const declined = r.orgId === DECLINED_BY_COMMITTEE && kind.kind === 'advanced_org';
    if (!declined) given.set(kind.kind, n);
    const over = !declined && n > kind.places;
    return {
      award: r.award,
      candidateId: r.candidateId,
      name: r.name,
      opinion: declined || over ? AGREE.no : AGREE.yes,
      reason: declined ? '本期群众满意度测评有待提高，下次再议' : over ? '超过本轮名额' : undefined,
    };
  });
  // The committee meets on the first working day after the 公示 (from the documents' date) ends.
  const decided = nextWorkingDay(scheme, noticePeriod(scheme, bureauFillDate(period), round.noticeDays).to);
  return {
    fields: { fillDate: decided, fillBy: '刘建国' },
    decisions,
    document: { docNo: `东教体党〔${period.year}〕20号`, docDate: decided, meetingDate: decided },
  };
}
