// Each organization's own report (党组织/….pdf): its results, its dimensions against the
// system's averages, its comments, its 公开承诺 and 兑现率, the 领导点评 of it and of its members
// beside the problems named last time, its 结对子 pairs and young members, its members only, and
// what the data lacked or broke: the problems the scoring found in its form, and why a part of its
// result is 数据不足 or 待核实. A 党总支's report also shows its branches' results.
import type { Scheme } from '../../scheme/schema.ts';
import type { Store } from '../../store/db.ts';
import { relativeStrengths } from '../strengths.ts';
import { cellPlace, listWords, tableDate, wording, type CategoryGap } from '../wording.ts';
import { awardHistoryByOrg } from './award-history.ts';
import { commitmentLedgers } from './commitments.ts';
import type { MemberRanking } from './member-ranking.ts';
import { scoringProblems } from './problems.ts';
import { groupBy } from '../../base/group-by.ts';
import { header, type Closing } from './shared.ts';

interface BranchOrg {
  org_id: string;
  name: string;
  type: string;
  parent_id: string | null;
  rank: number | null;
  ranked: number | null;
  tier: number | null;
  total: number | null;
  final_band: string | null;
  status: string;
  missing: string[] | null;
  follow_up: boolean;
  total_change: number | null;
  rank_change: number | null;
  satisfaction_index: number | null;
  satisfaction_rate: number | null;
  rate_low: number | null;
  rate_high: number | null;
  satisfaction_n: number | null;
  satisfaction_flagged: boolean;
  overridden: boolean;
  override_reason: string | null;
  strengths: string | null;
  problems: string | null;
  direction: string | null;
  reviewer: string | null;
  satisfaction_gaps: CategoryGap[] | null;
  previous_problems: string | null;
  young_members: number | null;
  young_paired: number | null;
}

interface FollowUpRow {
  org_id: string;
  name: string;
  strengths: string | null;
  problems: string | null;
  direction: string | null;
  reviewer: string | null;
  commented: boolean;
  previous_problems: string | null;
}

interface PairRow {
  org_id: string;
  kind: string | null;
  mentor_name: string | null;
  mentor_org: string | null;
  mentee_name: string | null;
  since: Date | null;
  activity: string | null;
}

interface YoungRow {
  org_id: string;
  name: string;
  paired: boolean;
}

interface ModelRow {
  org_id: string;
  member_id: string;
  name: string;
  dimension: string;
  mean: number | null;
  n: number;
}

interface DimensionRow {
  org_id: string;
  dimension: string;
  final_points: number | null;
  self_points: number | null;
  bureau_points: number | null;
}

/** A public comment as the branch's report lists it. */
interface PublicComment {
  category: string | null;
  comment: string;
}

/**
 * The public comments in groups by the kind of rater who wrote them — unless some kind has
 * fewer raters in the branch than the scheme's minimum (or tags are off), when a tag would
 * narrow down the writer and all stand in one untagged group. Sorted by text, not by the order
 * the ballots were typed in, which could tell writers apart too.
 */
export function commentGroups(
  comments: PublicComment[],
  raters: Map<string, number>,
  labels: Map<string, string>,
  settings: Scheme['branchReport'],
): { label: string | null; comments: string[] }[] {
  if (comments.length === 0) return [];
  const sorted = (cs: PublicComment[]) => cs.map((c) => c.comment).sort((a, b) => a.localeCompare(b, 'zh-CN'));
  const kinds = [...new Set(comments.map((c) => c.category))];
  const tagged =
    settings.commentTags && kinds.every((k) => k !== null && (raters.get(k) ?? 0) >= settings.minCommentGroup);
  if (!tagged) return [{ label: null, comments: sorted(comments) }];
  return [...labels.keys()]
    .map((k) => ({ label: labels.get(k)!, comments: sorted(comments.filter((c) => c.category === k)) }))
    .filter((g) => g.comments.length > 0);
}

/** Every organization's report for one period: its own results and, from the ranking already read, its members only. */
export async function branchReportModels(
  store: Store,
  scheme: Scheme,
  period: string,
  members: MemberRanking,
  end: Closing,
) {
  const orgs = await store.rows<BranchOrg>(
    `SELECT r.org_id, r.name, r.type, r.parent_id, r.rank, r.ranked, r.tier, r.total, r.final_band, r.status, r.missing, r.follow_up,
            r.total_change, r.rank_change,
            r.satisfaction_index, r.satisfaction_rate, r.rate_low, r.rate_high, r.satisfaction_n::INTEGER AS satisfaction_n, r.satisfaction_flagged,
            r.overridden, r.override_reason, f.strengths, f.problems, f.direction, f.reviewer, f.previous_problems,
            p.young_members, p.young_paired,
            (SELECT list({category: s.category, status: s.status, eligible: s.eligible, returned: s.returned, ballots: s.valid::INTEGER,
                          min_ballots: s.min_ballots} ORDER BY s.category)
             FROM org_satisfaction_category s
             WHERE s.period = r.period AND s.org_id = r.org_id AND s.status <> 'valid') AS satisfaction_gaps
     FROM org_result r
     LEFT JOIN review_followup f ON f.period = r.period AND f.org_id = r.org_id AND f.member_id IS NULL
     LEFT JOIN pair_coverage p ON p.period = r.period AND p.org_id = r.org_id
     WHERE r.period = $1 ORDER BY r.org_id`,
    [period],
  );
  const followUps = await store.rows<FollowUpRow>(
    `SELECT f.org_id, m.name, f.strengths, f.problems, f.direction, f.reviewer, f.commented, f.previous_problems
     FROM review_followup f JOIN current_roster_member m USING (member_id)
     WHERE f.period = $1 ORDER BY f.org_id, f.member_id`,
    [period],
  );
  const pairs = await store.rows<PairRow>(
    `SELECT p.org_id, p.kind, mt.name AS mentor_name, mt.org_id AS mentor_org, me.name AS mentee_name, p.since, p.activity
     FROM current_member_pair p
     LEFT JOIN current_roster_member mt ON mt.member_id = p.mentor_id
     LEFT JOIN current_roster_member me ON me.member_id = p.mentee_id
     WHERE p.period = $1 ORDER BY p.org_id, p.sheet, p.row_no`,
    [period],
  );
  const young = await store.rows<YoungRow>(
    `SELECT r.org_id, r.name, EXISTS (SELECT 1 FROM current_member_pair p WHERE p.period = r.period AND p.mentee_id = r.member_id) AS paired
     FROM member_result r WHERE r.period = $1 AND r.young ORDER BY r.org_id, r.member_id`,
    [period],
  );
  const models = await store.rows<ModelRow>(
    `SELECT d.org_id, d.member_id, m.name, d.dimension, d.mean, d.n::INTEGER AS n
     FROM member_dimension_review d JOIN current_roster_member m USING (member_id)
     WHERE d.period = $1 ORDER BY d.org_id, d.member_id, d.ord`,
    [period],
  );
  const ledgers = await commitmentLedgers(store, scheme, period);
  const dims = await store.rows<DimensionRow>(
    'SELECT org_id, dimension, final_points, self_points, bureau_points FROM org_dimension_final WHERE period = $1 ORDER BY org_id, ord',
    [period],
  );
  const averages = await store.rows<{ dimension: string; avg: number; spread: number | null }>(
    `SELECT dimension, avg(final_points) AS avg, stddev_pop(final_points) AS spread
     FROM org_dimension_final WHERE period = $1 AND final_points IS NOT NULL GROUP BY dimension`,
    [period],
  );
  const raters = await store.rows<{ org_id: string; category: string; n: number }>(
    'SELECT org_id, category, votes::INTEGER AS n FROM org_satisfaction_category WHERE period = $1',
    [period],
  );
  const comments = await store.rows<{ org_id: string; category: string | null; comment: string }>(
    'SELECT org_id, category, comment FROM current_public_comment WHERE period = $1 ORDER BY org_id, sheet, row_no',
    [period],
  );
  const w = wording(scheme);
  const membersOf = new Map(members.groups.map((g) => [g.orgId, g.members]));
  const dimsOf = groupBy(dims, (d) => d.org_id);
  const commentsOf = groupBy(comments, (c) => c.org_id);
  const problemsOf = groupBy(await scoringProblems(store, scheme, { period }), (p) => p.orgId);
  const awardsOf = await awardHistoryByOrg(store, scheme, period);
  const childrenOf = groupBy(
    orgs.filter((o) => o.parent_id !== null).sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity)),
    (o) => o.parent_id!,
  );
  const nameOf = new Map(orgs.map((o) => [o.org_id, o.name]));
  const categoryLabel = new Map(scheme.org.satisfaction.raterCategories.map((c) => [c.key, c.label]));
  const avgOf = new Map(averages.map((a) => [a.dimension, a]));
  const ratersOf = groupBy(raters, (r) => r.org_id);
  const followUpsOf = groupBy(followUps, (f) => f.org_id);
  const pairsOf = groupBy(pairs, (p) => p.org_id);
  const youngOf = groupBy(young, (y) => y.org_id);
  const modelsOf = groupBy(models, (m) => m.org_id);
  const base = header(scheme, period, '');
  return orgs.map((o) => {
    const ownDims = new Map((dimsOf.get(o.org_id) ?? []).map((d) => [d.dimension, d]));
    const own = scheme.org.dimensions.map((d) => {
      const row = ownDims.get(d.key);
      return {
        label: d.label,
        max: d.points,
        points: row?.final_points ?? null,
        self: row?.self_points ?? null,
        bureau: row?.bureau_points ?? null,
        average: avgOf.get(d.key)?.avg ?? null,
        spread: avgOf.get(d.key)?.spread ?? null,
      };
    });
    const standing = relativeStrengths(own);
    const tied = (labels: string[]) => (labels.length > 1 ? `${listWords(labels)}（并列）` : (labels[0] ?? null));
    // The branch's own members, noted only as its meeting may be told (scheme.branchReport).
    const ownMembers = (membersOf.get(o.org_id) ?? []).map(({ branchNote, ...m }) => ({ ...m, note: branchNote }));
    return {
      ...base,
      title: `${base.periodLabel}${o.name}创先争优评议结果`,
      // Where the title may break: between the period, the name and the rest, never inside a word.
      titlePhrases: [base.periodLabel, o.name, '创先争优评议结果'],
      closing: end,
      orgId: o.org_id,
      name: o.name,
      type: o.type,
      rank: o.rank,
      ranked: o.ranked,
      tier: o.tier,
      // Where the rank is counted: among the organizations under the bureau, or within a 党总支.
      rankedAmong: o.parent_id === null ? '全系统' : `${nameOf.get(o.parent_id) ?? o.parent_id}内`,
      total: o.total,
      band: w.orgBand(o.final_band, o.status),
      status: o.status === 'ok' ? null : `${w.orgStatus(o.status, o.missing)}${o.follow_up ? '，需跟进' : ''}`,
      followUp: o.status === 'ok' ? w.followUp(o) : null,
      hasChange: o.total_change !== null,
      overridden: o.overridden,
      overrideReason: o.override_reason,
      totalChange: o.total_change,
      rankChange: o.rank_change === null ? null : w.rankChange(o.rank_change),
      dimensions: own,
      // Against the system average of each dimension, in units of its spread (strengths.ts).
      strongest: tied(standing.strongest),
      weakest: tied(standing.weakest),
      satisfaction: {
        index: o.satisfaction_index,
        rate: o.satisfaction_rate,
        low: o.rate_low,
        high: o.rate_high,
        n: o.satisfaction_n,
        flagged: o.satisfaction_flagged,
        confidence: w.intervalConfidence,
        gaps: (o.satisfaction_gaps ?? []).map((g) => w.categoryGap('satisfaction', g)),
      },
      comment:
        o.strengths || o.problems || o.direction
          ? { strengths: o.strengths, problems: o.problems, direction: o.direction, reviewer: o.reviewer }
          : null,
      members: ownMembers,
      unverifiedMembers: ownMembers.filter((m) => m.unverified).length,
      // A 党总支's branches, ranked within it.
      branches: (childrenOf.get(o.org_id) ?? []).map((c) => ({
        name: c.name,
        rank: c.rank,
        total: c.total,
        band: w.orgBand(c.final_band, c.status),
        satisfactionRate: c.satisfaction_rate,
        note: [c.status === 'ok' ? null : w.orgStatus(c.status, c.missing), w.followUp(c)].filter(Boolean).join('；'),
      })),
      // What the scoring found in this organization's data: breaches of the 优秀 limit, invalid rounds.
      dataProblems: (problemsOf.get(o.org_id) ?? []).map((p) => ({
        where: [p.sheet, cellPlace(p.cell)].filter(Boolean).join(' '),
        message: p.message,
      })),
      /** The problems the last 点评 named: this one checks their 整改. */
      previousProblems: o.previous_problems,
      commitments: ledgers.get(o.org_id) ?? null,
      commitmentRule: w.commitmentRateRule,
      memberComments: (followUpsOf.get(o.org_id) ?? []).map((f) => ({
        name: f.name,
        strengths: f.strengths,
        problems: f.problems,
        direction: f.direction,
        reviewer: f.reviewer,
        commented: f.commented,
        previousProblems: f.previous_problems,
      })),
      pairs: (pairsOf.get(o.org_id) ?? []).map((p) => ({
        kind: w.pairKind(p.kind),
        mentor: p.mentor_name,
        // A mentor from another organization (一带一 across a 党总支) is named with it.
        mentorFrom: p.mentor_org && p.mentor_org !== o.org_id ? (nameOf.get(p.mentor_org) ?? p.mentor_org) : null,
        mentee: p.mentee_name,
        since: p.since ? tableDate(p.since) : null,
        activity: p.activity,
      })),
      young: {
        ageBelow: w.youngAgeBelow,
        members: o.young_members ?? 0,
        paired: o.young_paired ?? 0,
        unpaired: (youngOf.get(o.org_id) ?? []).filter((y) => !y.paired).map((y) => y.name),
      },
      fiveModels: modelProfiles(modelsOf.get(o.org_id) ?? [], scheme),
      modelLabels: scheme.member.dimensions.map((d) => d.label),
      modelGrades: w.method.memberGrades,
      // The organization's and its members' awards so far (decided lists only).
      awards: awardsOf.get(o.org_id) ?? [],
      // No names were recorded with the comments; only the kind of rater who wrote them.
      commentGroups: commentGroups(
        commentsOf.get(o.org_id) ?? [],
        new Map((ratersOf.get(o.org_id) ?? []).map((r) => [r.category, r.n])),
        categoryLabel,
        scheme.branchReport,
      ),
    };
  });
}

/** Each member's five-model profile: the mean per model in the scheme's order, with its ballots. */
function modelProfiles(rows: ModelRow[], scheme: Scheme) {
  const byMember = groupBy(rows, (r) => r.member_id);
  return [...byMember.values()].map((own) => {
    const of = new Map(own.map((r) => [r.dimension, r]));
    return {
      name: own[0]!.name,
      means: scheme.member.dimensions.map((d) => of.get(d.key)?.mean ?? null),
      n: Math.max(...own.map((r) => r.n)),
    };
  });
}
