// The award round's documents (domain §7): the 公示 of the final list (award_final), the
// 推荐情况汇总 the committee checks (award_candidate, with evidence), the 表彰决定 list once
// decided, and the 推荐表 per candidate when the round recommends to the district. Only a
// period with a round (scheme awards.rounds) has them.
import { AGREE } from '../../contract/form-layout.ts';
import { awardRound, noticePeriod } from '../../scheme/awards.ts';
import type { AwardKind, AwardRound, Scheme } from '../../scheme/schema.ts';
import type { Store } from '../../store/db.ts';
import type { DocumentsSettings } from '../documents-file.ts';
import { awardUnit, awardVerb, chineseDate, chineseNumber, rate, wording } from '../wording.ts';
import { groupBy } from '../../base/group-by.ts';
import { documentDate, header, regionName, regionsOf } from './shared.ts';

interface FinalRow {
  award: AwardKind;
  position: number;
  name: string;
  org_name: string | null;
  role: string | null;
  narrative: string | null;
  party_work: string | null;
  draft: boolean;
  doc_no: string | null;
  doc_date: Date | null;
  total: number | null;
  rank: number | null;
}

async function finalRows(store: Store, period: string): Promise<FinalRow[]> {
  return store.rows<FinalRow>(
    `SELECT f.award, f.position::INTEGER AS position, f.name,
            CASE WHEN f.target = 'member' THEN o.name ELSE p.name END AS org_name,
            CASE WHEN f.target = 'member' THEN coalesce(f.party_role, f.post) END AS role,
            f.narrative, f.party_work, f.draft, f.doc_no, f.doc_date, c.total, c.rank::INTEGER AS rank
     FROM award_final f
     LEFT JOIN current_roster_org o ON o.org_id = f.org_id
     LEFT JOIN current_roster_org p ON p.org_id = o.parent_id
     LEFT JOIN award_candidate c USING (period, award, candidate_id)
     WHERE f.period = $1 ORDER BY f.award, f.position`,
    [period],
  );
}

/** Each award of the round, in the round's order, with its name, unit, places and rows. */
function byAward<T extends { award: AwardKind }>(scheme: Scheme, round: AwardRound, period: string, rows: T[]) {
  const w = wording(scheme);
  const groups = groupBy(rows, (r) => r.award);
  return round.awards.map((a) => {
    const listed = groups.get(a.kind) ?? [];
    return {
      kind: a.kind,
      name: w.awardName(a.kind, period),
      unit: awardUnit(a.kind),
      places: a.places,
      count: listed.length,
      rows: listed,
    };
  });
}

const organOf = (scheme: Scheme, documents: DocumentsSettings) => documents.organ ?? scheme.issuer;

/** 公示: what is posted — names, organizations, award; the period, where to object, 落款 and date. */
export async function awardNoticeModel(store: Store, scheme: Scheme, period: string, documents: DocumentsSettings) {
  const round = awardRound(scheme, period);
  if (!round) return null;
  const rows = await finalRows(store, period);
  const draft = rows.length === 0 || rows.some((r) => r.draft);
  const verb = awardVerb(round);
  const showScores = scheme.awards.noticeShowsScores;
  const awards = byAward(scheme, round, period, rows).map((a) => ({
    ...a,
    people: a.kind !== 'advanced_org',
    over: a.count > a.places,
    rows: a.rows.map((r) => ({
      position: r.position,
      name: r.name,
      org_name: r.org_name,
      role: r.role,
      total: showScores ? r.total : null,
      rank: showScores ? r.rank : null,
    })),
  }));
  const date = await documentDate(store, period);
  const { from, to } = noticePeriod(scheme, date, round.noticeDays);
  const organ = organOf(scheme, documents);
  const n = documents.notice;
  const phone = n?.phone ?? documents.contact?.phone ?? null;
  const ways = [phone && `电话：${phone}`, n?.email && `电子邮箱：${n.email}`, n?.address && `地址：${n.address}`]
    .filter(Boolean)
    .join('；');
  // Before any branch has proposed, the notice names the awards without a count of nothing.
  const what = awards.some((a) => a.count > 0)
    ? awards.map((a) => `${a.name}${a.count}${a.unit}`).join('、')
    : `${awards.map((a) => a.name).join('、')}（尚无人选）`;
  return {
    ...header(scheme, period, `创先争优活动${verb}对象公示`),
    draft,
    showScores,
    awards,
    intro:
      round.level === 'commend'
        ? `根据创先争优活动评议结果，经党支部推荐、党总支审核、${organ}研究，${verb}${what}，现予公示。`
        : `根据创先争优活动评议结果，经党支部推荐、党总支审核、${organ}研究，${verb}${what}报${round.recommendTo ?? '上级党组织'}，现予公示。`,
    period: `公示时间：${chineseDate(from)}至${chineseDate(to)}（${chineseNumber(round.noticeDays)}个工作日）。`,
    objection: `公示期间，如对公示对象有不同意见，可通过来信、来电、来访等方式向${n?.office ?? organ}反映${ways ? `（${ways}）` : ''}。`,
    rule: '反映情况应实事求是、客观公正；以个人名义反映的请署真实姓名，以单位名义反映的请加盖公章。',
    closing: { organ, date: chineseDate(date) },
  };
}

interface CandidateRow {
  award: AwardKind;
  name: string;
  /** The organization the candidate is or belongs to, and its 片区. */
  org_id: string;
  region: string | null;
  org_name: string | null;
  proposed: boolean;
  proposed_by: string | null;
  endorsed: boolean | null;
  band: string | null;
  rank: number | null;
  tier: number | null;
  total: number | null;
  trust_rate: number | null;
  satisfaction_rate: number | null;
  sanction: string | null;
  fails: string[];
  drafted: boolean;
  position: number | null;
  at_cut: string | null;
  /** A member's commitments this period: each one's status and whether its reason was accepted. */
  commitments: { status: string; unexcused: boolean }[] | null;
  commitment_rate: number | null;
  earlier: { period: string; award: string; level: string }[] | null;
}

/** 推荐情况汇总: the committee's draft with the evidence for each candidate and each rule failed. */
export async function awardReviewModel(store: Store, scheme: Scheme, period: string) {
  const round = awardRound(scheme, period);
  if (!round) return null;
  const w = wording(scheme);
  const rows = await store.rows<CandidateRow>(
    `SELECT c.award, c.name, c.org_id, o.region, CASE WHEN c.target = 'member' THEN o.name ELSE p.name END AS org_name,
            c.proposed, b.name AS proposed_by, c.endorsed, c.band, c.rank::INTEGER AS rank, c.tier::INTEGER AS tier,
            c.total, c.trust_rate, c.satisfaction_rate, c.sanction, c.fails, c.drafted, c.position::INTEGER AS position, c.at_cut,
            (SELECT list({status: s.status, unexcused: s.unexcused} ORDER BY s.made_in, s.sheet, s.row_no) FROM commitment_status s
             WHERE c.target = 'member' AND s.period = c.period AND s.member_id = c.candidate_id) AS commitments,
            r.rate AS commitment_rate,
            (SELECT list({period: h.period, award: h.award, level: h.level} ORDER BY h.period, h.award) FROM award_history h
             WHERE h.candidate_id = c.candidate_id AND h.target = c.target AND h.period < c.period) AS earlier
     FROM award_candidate c
     LEFT JOIN commitment_rate r ON c.target = 'org' AND r.period = c.period AND r.org_id = c.candidate_id AND r.level = 'all'
     LEFT JOIN current_roster_org o ON o.org_id = c.org_id
     LEFT JOIN current_roster_org p ON p.org_id = o.parent_id
     LEFT JOIN current_roster_org b ON b.org_id = c.proposed_by
     WHERE c.period = $1
     ORDER BY c.award, c.drafted DESC, c.position NULLS LAST, c.proposed DESC, c.rank NULLS LAST, c.candidate_id`,
    [period],
  );
  const pct = (x: number | null) => (x === null ? '—' : rate(x));
  const evidence = (r: CandidateRow) => ({
    name: r.name,
    org_id: r.org_id,
    region: regionName(r.region),
    org_name: r.org_name,
    proposed_by: r.proposed_by,
    endorsed: r.endorsed === null ? '—' : r.endorsed ? AGREE.yes : AGREE.no,
    band: r.band ?? '—',
    rank: r.rank === null ? '—' : `${r.rank}（第${r.tier ?? '—'}组）`,
    total: r.total,
    rate: r.award === 'advanced_org' ? `满意率 ${pct(r.satisfaction_rate)}` : `信任率 ${pct(r.trust_rate)}`,
    sanction: r.sanction ?? '无',
    // 兑现: an organization's rate, a member's commitments by status (an unexcused one said so).
    kept: r.award === 'advanced_org' ? `兑现率 ${pct(r.commitment_rate)}` : w.commitmentSummary(r.commitments ?? []),
    earlier: (r.earlier ?? []).map(
      (e) =>
        `${w.periodName(e.period)}${w.awardName(e.award, e.period)}${e.level === 'recommend' ? `（${w.awardLevel(e.level)}）` : ''}`,
    ),
    fails: r.fails.map(w.awardFail),
    drafted: r.drafted,
    // Drafted with others of the same rank at the last place: the committee decides among them.
    atCut: w.atCut(r.at_cut),
  });
  // The query's rows stay out of the model: each 片区's volume copies the rest of it, and its key
  // hashes what it holds (a province's 18,272 candidates in each of 122 volumes: 34 s of keys).
  const awards = byAward(scheme, round, period, rows).map(({ rows: candidates, ...a }) => {
    const proposed = candidates.filter((r) => r.proposed);
    return {
      ...a,
      drafted: proposed.filter((r) => r.drafted).length,
      proposed: proposed.map(evidence),
      // Their table says they were not proposed; the other rules they fail still show.
      unproposed: candidates
        .filter((r) => !r.proposed)
        .map((r) => evidence({ ...r, fails: r.fails.filter((f) => f !== 'not_proposed') })),
    };
  });
  const [decided] = await store.rows<{ n: number }>(
    'SELECT count(*)::INTEGER AS n FROM award_final WHERE period = $1 AND NOT draft',
    [period],
  );
  return {
    ...header(scheme, period, '创先争优活动表彰推荐情况汇总'),
    verb: awardVerb(round),
    decided: (decided?.n ?? 0) > 0,
    awards,
  };
}

export type AwardReviewModel = NonNullable<Awaited<ReturnType<typeof awardReviewModel>>>;

/**
 * A large system's 推荐情况汇总 in volumes, one per 片区 with candidates: each lists the candidates
 * of its organizations, beside the system's places and draft, which are decided for the whole
 * system (the province's 18,272 candidates in one were 780 pages, too long for Chromium to lay out).
 */
export function awardReviewByRegion(review: AwardReviewModel) {
  const regions = regionsOf(review.awards.flatMap((a) => [...a.proposed, ...a.unproposed]));
  return regions.map((region) => ({
    ...review,
    title: `${review.title}（${region}）`,
    region,
    awards: review.awards.map((a) => {
      const proposed = a.proposed.filter((r) => r.region === region);
      return {
        ...a,
        system: { proposed: a.proposed.length, drafted: a.drafted },
        proposed,
        drafted: proposed.filter((r) => r.drafted).length,
        unproposed: a.unproposed.filter((r) => r.region === region),
      };
    }),
  }));
}

/** 表彰决定 list (once decided) and, for a round that recommends to the district, a 推荐表 per candidate. */
export async function awardDecisionModel(store: Store, scheme: Scheme, period: string, documents: DocumentsSettings) {
  const round = awardRound(scheme, period);
  if (!round) return null;
  const rows = await finalRows(store, period);
  const decided = rows.find((r) => !r.draft);
  const organ = organOf(scheme, documents);
  const awards = byAward(scheme, round, period, rows);
  const date = decided?.doc_date ?? (await documentDate(store, period));
  const decision = decided
    ? {
        ...header(scheme, period, round.level === 'commend' ? '创先争优活动表彰名单' : '创先争优活动推荐名单'),
        intro: `${organ}${chineseDate(date)}${decided.doc_no ? `以${decided.doc_no}文件` : ''}${round.level === 'commend' ? '决定表彰' : `决定向${round.recommendTo ?? '上级党组织'}推荐`}${awards.map((a) => `${a.name}${a.count}${a.unit}`).join('、')}。`,
        docNo: decided.doc_no,
        awards,
        closing: { organ, date: chineseDate(date) },
      }
    : null;
  const forms =
    round.level === 'recommend'
      ? {
          ...header(scheme, period, '创先争优活动推荐表'),
          draft: !decided,
          recommendTo: round.recommendTo ?? null,
          candidates: awards.flatMap((a) =>
            a.rows.map((r) => ({
              award: a.name,
              name: r.name,
              org_name: r.org_name,
              role: r.role,
              narrative: r.narrative ?? r.party_work,
            })),
          ),
          closing: { organ, date: chineseDate(date) },
        }
      : null;
  return { decision, forms };
}
