// Awards on the sample (issue #15, case 6): the conditions are scheme settings, a cut at equal
// standing is listed for the committee and never made by code order, the quota base leaves out
// 预备党员, branch places and the system total can both bind, and a 党总支 is not ranked
// against its own branches. Numbers are the sample's, worked out in the comments.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../src/store/db.ts';
import { editedSample, schemeText, scoredSample, type Sample } from './sample-copy.ts';

let sample: Sample;
let base: Store;
beforeAll(async () => {
  sample = await scoredSample();
  base = await editedSample(sample);
}, 300_000);

interface Pick {
  id: string;
  rank: number | null;
  cap: number;
  at_cut: string | null;
}
const list = (store: Store, period: string, award: string) =>
  store.rows<Pick>(
    'SELECT id, rank, cap, at_cut FROM award_recommendation WHERE period = $1 AND award = $2 AND withheld IS NULL ORDER BY position',
    [period, award],
  );
const ids = async (store: Store, period: string, award: string) => (await list(store, period, award)).map((p) => p.id);

describe('先进基层党组织', () => {
  it('lists the whole tier the last place falls in, for the committee to decide', async () => {
    // ceil(3 × 1.2) = 4 places. 2011H1: X05 92.50 (91.81–93.19) and X03 91.95 (91.21–92.69)
    // overlap: one tier (4), which the 4th place falls in — both are listed, marked.
    expect(await list(base, '2011H1', 'advanced_org')).toEqual([
      { id: 'Z01', rank: 1, cap: 4, at_cut: null },
      { id: 'X01', rank: 2, cap: 4, at_cut: null },
      { id: 'V01', rank: 3, cap: 4, at_cut: null },
      { id: 'X05', rank: 4, cap: 4, at_cut: 'tier' },
      { id: 'X03', rank: 5, cap: 4, at_cut: 'tier' },
    ]);
    // 2010H2: V01 and X05 share tier 3 inside the places; Y02 (no valid satisfaction result)
    // and Z01B (a branch of the 党总支 Z01) are not candidates.
    expect(await ids(base, '2010H2', 'advanced_org')).toEqual(['Z01', 'X01', 'V01', 'X05']);
  });

  it('ranks a 党总支 among the organizations under the bureau and its branches within it', async () => {
    const rows = await base.rows<{ org_id: string; rank: number; ranked: number }>(
      "SELECT org_id, rank, ranked FROM org_result WHERE period = '2010H2' AND org_id IN ('Z01', 'Z01A', 'Z01B') ORDER BY org_id",
    );
    // 12 organizations under the bureau, Y02 without a total: 11 ranked; Z01A, Z01B 2 within Z01.
    expect(rows).toEqual([
      { org_id: 'Z01', rank: 1, ranked: 11 },
      { org_id: 'Z01A', rank: 2, ranked: 2 },
      { org_id: 'Z01B', rank: 1, ranked: 2 },
    ]);
  });

  it('needs the top band when awards.topBandRequired', async () => {
    // 先进 from 93: X05 (92.50) and X03 (91.95) become 较好 and leave the list.
    const higher = schemeText(['- { label: 先进, min: 90 }', '- { label: 先进, min: 93 }']);
    expect(await ids(await editedSample(sample, undefined, higher), '2011H1', 'advanced_org')).toEqual([
      'Z01',
      'X01',
      'V01',
    ]);
    const any = await editedSample(
      sample,
      undefined,
      schemeText(
        ['- { label: 先进, min: 90 }', '- { label: 先进, min: 93 }'],
        ['topBandRequired: { advanced_org: true', 'topBandRequired: { advanced_org: false'],
      ),
    );
    expect(await ids(any, '2011H1', 'advanced_org')).toEqual(['Z01', 'X01', 'V01', 'X05', 'X03']);
  }, 180_000);

  it('does not need the top band for 优秀党务工作者 unless the scheme says so: party work is judged', async () => {
    // J01-001 (李艳娟), proposed by J01 for 优秀党务工作者, is 合格 (rank 172).
    const fails = async (store: Store) =>
      (
        await store.rows<{ fails: string[] }>(
          "SELECT fails FROM award_candidate WHERE period = '2011H1' AND award = 'party_worker' AND candidate_id = 'J01-001'",
        )
      )[0]!.fails;
    expect(await fails(base)).toEqual([]);
    const strict = await editedSample(
      sample,
      undefined,
      schemeText(['excellent_member: true, party_worker: false }', 'excellent_member: true, party_worker: true }']),
    );
    expect(await fails(strict)).toEqual(['not_top_band']);
  }, 120_000);

  it('needs a valid satisfaction result when awards.validSatisfactionRequired', async () => {
    // With 群众反映好 from its items when satisfaction is invalid, Y02 2011H1 totals
    // 0.4 × 96 (自评) + 0.6 × 99 (上级考评) = 97.80, second after Z01 (99.09) and in a tier of its own
    // (no ballots, no interval: 97.80 lies between Z01's 98.68 and X01's 97.08).
    const itemPoints = ['whenNoValidResult: insufficient', 'whenNoValidResult: itemPoints'] as [string, string];
    const required = await editedSample(sample, undefined, schemeText(itemPoints));
    expect(
      (
        await required.rows<{ total: number }>(
          "SELECT total FROM org_result WHERE period = '2011H1' AND org_id = 'Y02'",
        )
      )[0]!.total,
    ).toBeCloseTo(97.8, 10);
    expect(await ids(required, '2011H1', 'advanced_org')).not.toContain('Y02');
    const notRequired = await editedSample(
      sample,
      undefined,
      schemeText(itemPoints, ['validSatisfactionRequired: true', 'validSatisfactionRequired: false']),
    );
    expect(await ids(notRequired, '2011H1', 'advanced_org')).toEqual(['Z01', 'Y02', 'X01', 'V01']);
  }, 180_000);
});

describe('优秀共产党员 and 优秀党务工作者', () => {
  it('recommends a person for one individual award per period', async () => {
    for (const period of ['2010H2', '2011H1']) {
      const workers = await ids(base, period, 'party_worker');
      expect(workers).toHaveLength(2);
      const members = await ids(base, period, 'excellent_member');
      expect(members.filter((m) => workers.includes(m))).toEqual([]);
    }
    // 2011H1: 贺娜 (Z03-002, rank 5) and 史琴晶 (X02-002, rank 6), both 好.
    expect(await ids(base, '2011H1', 'party_worker')).toEqual(['Z03-002', 'X02-002']);
  });

  it('counts the places of the members without 预备党员, the system’s and each branch’s, so both can bind', async () => {
    // 226 members, 16 of them 预备党员: the system has floor(15% × 210) = floor(31.5) = 31 places
    // (33 with them). Branches round up: J01 ceil(15% × 21) = 4, X04 ceil(15% × 13) = 2, … 37 in all.
    const caps = await base.rows<{ period: string; cap: number; n: number }>(
      "SELECT period, any_value(cap) AS cap, count(*)::INTEGER AS n FROM award_recommendation WHERE award = 'excellent_member' AND withheld IS NULL GROUP BY period ORDER BY period",
    );
    // 2010H2: 32 eligible members fall within their branches' places, and the system's 31 cut
    // the last of them by overall rank; 2011H1: 29 do, and the branches' places bind.
    expect(caps).toEqual([
      { period: '2010H2', cap: 31, n: 31 },
      { period: '2011H1', cap: 31, n: 29 },
    ]);
    const withProbationary = await editedSample(
      sample,
      undefined,
      schemeText(['awardBaseIncludesProbationary: false', 'awardBaseIncludesProbationary: true']),
    );
    expect((await list(withProbationary, '2011H1', 'excellent_member'))[0]!.cap).toBe(33);
  }, 120_000);

  it('lists members tied at a branch’s last place instead of taking the lower code', async () => {
    // 2010H2, Z01A: 熊娟蓉 (Z01A-004) ranks 9th; 潘东强 (Z01A-014) and 夏芳洁 (Z01A-022) both
    // total 93.13 with equal 民主评议 and 日常量化 (rank 12). At 8%, Z01A's 23 members give
    // ceil(1.84) = 2 places, the second shared by the two: both listed, the branch's tie marked.
    // The system's floor(8% × 210) = floor(16.8) = 16 places do not cut them: fewer than 16
    // branch picks rank above 12.
    const small = await editedSample(
      sample,
      undefined,
      schemeText(['excellentMemberAwardShareMax: 0.15', 'excellentMemberAwardShareMax: 0.08']),
    );
    const z01a = (await list(small, '2010H2', 'excellent_member')).filter((p) => p.id.startsWith('Z01A'));
    expect(z01a).toEqual([
      { id: 'Z01A-004', rank: 9, cap: 16, at_cut: null },
      { id: 'Z01A-014', rank: 12, cap: 16, at_cut: 'branch_tie' },
      { id: 'Z01A-022', rank: 12, cap: 16, at_cut: 'branch_tie' },
    ]);
  }, 120_000);
});
