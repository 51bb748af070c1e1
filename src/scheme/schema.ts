// The scoring scheme's single source of truth: the YAML file is validated by this
// schema and every TypeScript type for the scheme is inferred from it.
import { z } from './zod.ts';

const key = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, { message: 'key' });
const label = z.string().trim().min(1);
const share = z.number().min(0).max(1);
/** A day written 2011-06-06 (YAML keeps it a string), one that exists. */
const isoDay = z
  .string()
  .refine(
    (s) =>
      /^\d{4}-\d{2}-\d{2}$/.test(s) &&
      new Date(Date.UTC(+s.slice(0, 4), +s.slice(5, 7) - 1, +s.slice(8))).toISOString().startsWith(s),
    { error: (issue) => `应为 2011-06-06 这样的日期（当前 "${String(issue.input)}"）` },
  );

/** A share written as a number (0.6667) or as a fraction ("2/3"). */
const fraction = z.union([
  share,
  z
    .string()
    .regex(/^\s*\d+\s*\/\s*\d+\s*$/, { message: 'fraction' })
    .transform((s) => {
      const [n, d] = s.split('/').map((p) => Number(p.trim()));
      return (n ?? 0) / (d || Number.NaN);
    })
    .pipe(share),
]);

const item = z.strictObject({
  key,
  text: label,
  max: z.number().positive(),
});

const orgDimension = z.strictObject({
  key,
  label,
  meaning: label,
  points: z.number().positive(),
  items: z.array(item).min(1),
});

const memberDimension = z.strictObject({
  key,
  label,
  meaning: label,
  points: z.number().positive(),
});

const grade = z.strictObject({
  key,
  label,
  /** null = the grade is recorded but not counted (不了解). */
  value: z.number().min(0).nullable(),
  synonyms: z.array(label).default([]),
});

const raterCategory = z.strictObject({
  key,
  label,
  synonyms: z.array(label).default([]),
  /** Optional weight inside the category mix; omitted for all = ballots pooled. */
  weight: share.optional(),
  minBallots: z.number().int().min(0),
  /** A result needs a valid round in this category; without one it is 数据不足 (org) or 待核实 (member). */
  required: z.boolean(),
});

const band = z.strictObject({
  label,
  min: z.number().min(0),
});

/** The award kinds (两优一先), as codes; the words for people are in report/wording.ts. */
export const AWARD_KINDS = ['advanced_org', 'excellent_member', 'party_worker'] as const;
export type AwardKind = (typeof AWARD_KINDS)[number];

const roundAward = z.strictObject({
  kind: z.enum(AWARD_KINDS),
  /** The award's name in this round when it is not the kind's own (先进单位 of the district's 五项活动). */
  title: label.optional(),
  /** Places the bureau fills (commend) or forwards (recommend). */
  places: z.number().int().min(0),
  /** Places of each proposing organization; absent = quotas.excellentMemberAwardShareMax of its members. */
  branchPlaces: z.number().int().min(0).optional(),
});

/** One award round of the campaign's calendar: only periods with a round have award documents. */
const awardRound = z.strictObject({
  period: z.string().regex(/^\d{4}H[12]$/, { message: 'period' }),
  /** commend: the bureau commends (表彰决定); recommend: it recommends to a higher committee. */
  level: z.enum(['commend', 'recommend']),
  /** The committee recommended to (level recommend). */
  recommendTo: label.optional(),
  awards: z.array(roundAward).min(1),
  /** 公示 length in working days. */
  noticeDays: z.number().int().min(1),
});

const orgWeights = z.strictObject({ self: share, bureau: share });

/** A word people choose from a dropdown, with the other ways they write it. */
const word = z.strictObject({ label, synonyms: z.array(label).default([]) });
const keyedWord = z.strictObject({ key, label, synonyms: z.array(label).default([]) });

/**
 * The 兑现 statuses of a commitment. The keys carry the rules (kept counts toward the rate,
 * partial counts partialCredit, unkept counts 0, postponed and notDue carry over uncounted);
 * the labels and synonyms are what the forms show and accept.
 */
export const COMMITMENT_STATUS_KEYS = ['kept', 'partial', 'unkept', 'postponed', 'notDue'] as const;
export type CommitmentStatus = (typeof COMMITMENT_STATUS_KEYS)[number];
const commitmentStatuses = z.strictObject({
  kept: word,
  partial: word,
  unkept: word,
  postponed: word,
  notDue: word,
});
const memberWeights = z.strictObject({ dailyRecord: share, democraticReview: share });

export const schemeSchema = z.strictObject({
  id: key,
  version: z.string().trim().min(1),
  name: label,
  issuer: label,
  periods: z.strictObject({
    /** Display template; {year} and {half} are replaced. */
    label: z.string().includes('{year}').includes('{half}'),
    halves: z.strictObject({ H1: label, H2: label }),
    annualWeights: z.strictObject({ H1: share, H2: share }),
  }),
  orgTypes: z.array(label).min(1),
  orgLevels: z.array(label).min(1),
  yesNo: z.strictObject({ yes: z.array(label).min(1), no: z.array(label).min(1) }),
  memberStatuses: z.strictObject({ full: label, probationary: label }),
  sanctions: z.array(label).min(1),
  weights: z.strictObject({ org: orgWeights, member: memberWeights }),
  org: z.strictObject({
    dimensions: z.array(orgDimension).min(1),
    satisfaction: z.strictObject({
      grades: z.array(grade).min(2),
      raterCategories: z.array(raterCategory).min(1),
      /** Grades whose share makes the satisfaction rate (满意 + 比较满意). */
      rateGrades: z.array(key).min(1),
      flagBelowRate: share,
      /** The dimension the ballots feed, and how much of its points come from them. */
      dimension: key,
      dimensionShare: share,
      /**
       * Without a valid result in every required category: 'insufficient' — the dimension and the
       * total are 数据不足; 'itemPoints' — the dimension keeps its item points. Either way the
       * organization is flagged for follow-up.
       */
      whenNoValidResult: z.enum(['insufficient', 'itemPoints']),
    }),
    bands: z.array(band).min(1),
  }),
  member: z.strictObject({
    dimensions: z.array(memberDimension).min(1),
    grades: z.array(grade).min(2),
    raterCategories: z.array(raterCategory).min(1),
    dailyRecordMax: z.number().positive(),
    bands: z.array(band).min(1),
    probationaryGraded: z.boolean(),
    fiveModels: z.strictObject({
      /** The paper tally records the five models per member on a sheet of its own. */
      onTally: z.boolean(),
      /** Share of the 民主评议 score taken from the mean of the five models, where graded. */
      reviewShare: share,
    }),
  }),
  commitments: z.strictObject({
    statuses: commitmentStatuses,
    /** 评诺: the members' and the public's verdict on a commitment. */
    ratings: z.array(keyedWord).min(1),
    /** The organization's commitment category besides the 五个好: 实事 for the public. */
    publicWorks: label,
    /** Statuses whose 兑现情况说明 must be filled in (a warning when blank). */
    explanationRequired: z.array(z.enum(COMMITMENT_STATUS_KEYS)),
    /** What a 部分兑现 counts in the 兑现率 (已兑现 1, 未兑现 0). */
    partialCredit: share,
    /** A member with an unkept commitment whose reason was not accepted is not recommended for an award. */
    unkeptBlocksAward: z.boolean(),
    /** Weighs the organization's 兑现率 into one 五个好 dimension; null = shown only. */
    rateFeeds: z.strictObject({ dimension: key, share }).nullable(),
  }),
  memberComments: z.strictObject({
    /** Which form carries the 领导点评 of members: the bureau's, or each branch's (the secretary's). */
    collectedOn: z.enum(['bureau', 'branch']),
  }),
  veto: z.strictObject({
    sanctionMakesIneligible: z.boolean(),
    /** Grades whose share makes the trust rate (优秀 + 合格). */
    trustGrades: z.array(key).min(1),
    trustRateBelow: share,
    failGrade: key,
    failShareAbove: share,
  }),
  quotas: z.strictObject({
    excellentGrade: key,
    excellentGradeShareMax: fraction,
    excellentMemberAwardShareMax: fraction,
    advancedOrgPlaces: z.number().int().min(0),
    advancedOrgShortlistRatio: z.number().min(1),
    partyWorkerAwardPlaces: z.number().int().min(0),
    /** How the system's share of members becomes a whole number of places. */
    rounding: z.enum(['floor', 'round', 'ceil']),
    /**
     * What a ballot or tally over excellentGradeShareMax costs: 'warn' counts everything;
     * 'voidBallots' voids an electronic ballot and counts a tally; 'voidTally' voids both (a
     * tally: that category's tally of the branch). Every breach is reported whichever is chosen.
     */
    excellentOverLimit: z.enum(['warn', 'voidBallots', 'voidTally']),
    /** Whether 预备党员 count in the members the award places are a share of. */
    awardBaseIncludesProbationary: z.boolean(),
  }),
  validity: z.strictObject({
    participationMin: fraction,
    voidWhenReturnedExceedsIssued: z.boolean(),
  }),
  adjustments: z.strictObject({
    trim: z.strictObject({ enabled: z.boolean(), minBallots: z.number().int().min(3) }),
    leniency: z.strictObject({ enabled: z.boolean() }),
  }),
  ranking: z.strictObject({
    orgTieBreak: z.array(z.enum(['bureau', 'self', 'satisfaction'])),
    memberTieBreak: z.array(z.enum(['democraticReview', 'dailyRecord'])),
    /** z of the intervals that group scores into tiers (1.96 = 95%). */
    intervalZ: z.number().positive(),
  }),
  awards: z.strictObject({
    rounds: z.array(awardRound),
    /** 事迹材料 length in characters. */
    narrativeChars: z.strictObject({ min: z.number().int().min(0), max: z.number().int().positive() }),
    /** The same award not again within this many periods after it was given (0 = no limit). */
    repeatGapPeriods: z.number().int().min(0),
    /**
     * The working-day calendar the 公示 is counted in: Monday to Friday, less the public
     * holidays and plus the weekend days worked in their place (调休), as the 国务院办公厅's
     * yearly notices set them.
     */
    calendar: z.strictObject({
      holidays: z.array(isoDay),
      workdays: z.array(isoDay),
    }),
    /** The 公示 shows total and rank (usually not). */
    noticeShowsScores: z.boolean(),
    /**
     * Which awards need the top band (先进 for organizations, 好 for members). 优秀党务工作者 is
     * judged on party work (domain §7), so by default its candidates need only be graded.
     */
    topBandRequired: z.strictObject({
      advanced_org: z.boolean(),
      excellent_member: z.boolean(),
      party_worker: z.boolean(),
    }),
    /** 先进基层党组织 needs a valid satisfaction result. */
    validSatisfactionRequired: z.boolean(),
    /** A person is recommended for one individual award per period (优秀党务工作者 first). */
    oneIndividualAwardPerPerson: z.boolean(),
  }),
  cohort: z.strictObject({
    /** Members younger than this at the end of the period form the young cohort (结对子、一带一). */
    youngAgeBelow: z.number().int().positive(),
  }),
  /**
   * What a branch's own report shows about individuals: it is read out to the whole branch at its
   * 党员大会, so by default only what such a meeting is told. Optional, so that a scheme written
   * before these settings still loads.
   */
  branchReport: z
    .strictObject({
      /** A member's 处分 (and that it bars them from awards). */
      showSanctions: z.boolean(),
      /** A vetoed member's own trust rate or share of failing votes, not only the rule. */
      showTrustRate: z.boolean(),
      /** The kind of rater (党员 / 群众) beside each public comment. */
      commentTags: z.boolean(),
      /** Fewer raters of a kind than this in the branch, and no comment carries its kind. */
      minCommentGroup: z.number().int().min(1),
    })
    .default({ showSanctions: false, showTrustRate: false, commentTags: true, minCommentGroup: 10 }),
});

export type Scheme = z.output<typeof schemeSchema>;
export type Grade = Scheme['member']['grades'][number];
export type RaterCategory = Scheme['member']['raterCategories'][number];
export type Band = Scheme['org']['bands'][number];
export type AwardRound = Scheme['awards']['rounds'][number];
