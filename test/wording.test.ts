// The words people read: every code the scoring returns has its Chinese, and every limit in
// the documents is the scheme's number written out, so a changed scheme reads as changed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../src/pipeline/ingest.ts';
import { score } from '../src/pipeline/score.ts';
import { createRenderer } from '../src/report/templates.ts';
import { summaryModel } from '../src/report/views/summary.ts';
import { DEFAULT_DOCUMENTS } from '../src/report/documents-file.ts';
import {
  AWARD_KINDS,
  chineseNumber,
  confidence,
  fileKind,
  fixed,
  fraction,
  rankChange,
  rate,
  share,
  wording,
  type MemberNoteInput,
  awardUnit,
} from '../src/report/wording.ts';
import { DEFAULT_SCHEME_FILE, loadScheme, parseScheme } from '../src/scheme/load.ts';
import type { Scheme } from '../src/scheme/schema.ts';
import { Store } from '../src/store/db.ts';
import { smallInput, tempDir } from './helpers.ts';

const { scheme: defaults, text: defaultText } = loadScheme();

/** The default scheme with textual edits. */
function schemeWith(...edits: [string, string][]): Scheme {
  let text = readFileSync(DEFAULT_SCHEME_FILE, 'utf8');
  for (const [from, to] of edits) {
    expect(text).toContain(from);
    text = text.replace(from, to);
  }
  return parseScheme(text);
}

const member = (m: Partial<MemberNoteInput>): MemberNoteInput => ({
  status: 'ok',
  vetoes: null,
  trust_rate: null,
  fail_share: null,
  sanction: null,
  ineligible: false,
  ...m,
});

describe('numbers in words', () => {
  it('writes whole numbers in Chinese numerals', () => {
    expect([0, 5, 10, 12, 20, 35, 99].map(chineseNumber)).toEqual([
      '零',
      '五',
      '十',
      '十二',
      '二十',
      '三十五',
      '九十九',
    ]);
    expect(chineseNumber(100)).toBe('100');
  });

  it('writes a simple fraction as people say it, and any other share as a percentage', () => {
    expect(fraction(2 / 3)).toBe('三分之二');
    expect(fraction(0.75)).toBe('四分之三');
    expect(fraction(0.5)).toBe('二分之一');
    expect(fraction(0.6)).toBe('五分之三');
    expect(fraction(0.6667)).toBe('66.7%');
    expect(fraction(1)).toBe('100%');
  });

  it('writes shares with at most one decimal and measured rates with exactly one', () => {
    expect([0.15, 0.4, 2 / 3, 1].map(share)).toEqual(['15%', '40%', '66.7%', '100%']);
    expect([0.4, 13 / 30, 0.5, 0].map(rate)).toEqual(['40.0%', '43.3%', '50.0%', '0.0%']);
  });

  it('writes a change of rank with an arrow, and none as 持平', () => {
    expect([2, -4, 0, null].map(rankChange)).toEqual(['↑2', '↓4', '持平', '—']);
  });

  it('names the confidence of an interval from its z', () => {
    expect(confidence(1.96)).toBe('95%');
    expect(confidence(2.576)).toBe('99%');
    expect(confidence(1.645)).toBe('90%');
    expect(confidence(1)).toBe('68.3%');
  });
});

describe('numbers as the documents print them', () => {
  it('round an exact half up (四舍五入) whichever side of it the double lies, and the same value the same way', () => {
    // A mean of exactly 18.35 as DuckDB returned it from one summing order and another.
    expect(fixed(18.349999999999998, 1)).toBe('18.4');
    expect(fixed(18.350000000000005, 1)).toBe('18.4');
    expect(fixed(0.15, 1)).toBe('0.2');
    expect((0.15).toFixed(1)).toBe('0.1');
    expect(fixed(1.005, 2)).toBe('1.01');
    expect(fixed(-1.25, 1)).toBe('-1.3');
    expect(fixed(18.34, 1)).toBe('18.3');
    expect(fixed(96.30000000000001, 2)).toBe('96.30');
    expect(fixed(0, 2)).toBe('0.00');
  });
});

describe('codes in words', () => {
  const w = wording(defaults);

  it('words every member status', () => {
    expect(
      [
        'ok',
        'probationary',
        'too_few',
        'low_participation',
        'void',
        'no_daily_record',
        'unverified',
        'not_returned',
      ].map(w.memberStatus),
    ).toEqual([
      '',
      '预备党员，不评定等次',
      '票数不足，数据不足',
      '参评人数不足三分之二，评议无效',
      '收回票数多于发出票数，评议无效',
      '缺少日常量化得分',
      '待核实：不评定等次、不排名、不作一票否决、不参加评优',
      '本组织未交评议表',
    ]);
  });

  it('words a member status in a column of its own, where an empty cell would read as missing', () => {
    expect(['ok', 'probationary'].map(w.memberStatusColumn)).toEqual(['正常', '预备党员，不评定等次']);
  });

  it('names the kinds of input file', () => {
    expect(['roster', 'branch', 'bureau', 'csv'].map(fileKind)).toEqual([
      '党组织和党员名册',
      '党组织评议表',
      '上级考评和领导点评表',
      'CSV 单表',
    ]);
  });

  it('words each veto with the member’s rate and the scheme’s limit', () => {
    expect(w.veto('low_trust', { trust_rate: 0.4, fail_share: 0.1 })).toBe('信任率40.0%，低于50.0%');
    expect(w.veto('high_fail_share', { trust_rate: 0.6, fail_share: 0.8 })).toBe('评为不合格的票占80.0%，超过50.0%');
  });

  it('joins a member’s status, veto and sanction into one note', () => {
    expect(w.memberNote(member({}))).toBe('');
    expect(w.memberNote(member({ vetoes: ['low_trust'], trust_rate: 0.3 }))).toBe('一票否决：信任率30.0%，低于50.0%');
    expect(
      w.memberNote(
        member({ status: 'probationary', vetoes: ['low_trust'], trust_rate: 0.4, sanction: '警告', ineligible: true }),
      ),
    ).toBe('预备党员，不评定等次；一票否决：信任率40.0%，低于50.0%；受警告处分，不参加评优');
    // Every veto that applies, not the first one.
    expect(w.memberNote(member({ vetoes: ['low_trust', 'high_fail_share'], trust_rate: 0.2, fail_share: 0.6 }))).toBe(
      '一票否决：信任率20.0%，低于50.0%；评为不合格的票占60.0%，超过50.0%',
    );
  });

  it('tells a branch meeting the veto’s rule but not the member’s rate, and no sanction, unless the scheme says so', () => {
    const vetoed = member({ vetoes: ['low_trust'], trust_rate: 0.3, sanction: '警告', ineligible: true });
    expect(w.memberNote(vetoed, defaults.branchReport)).toBe('一票否决：信任率低于50.0%');
    expect(w.memberNote(member({ vetoes: ['high_fail_share'], fail_share: 0.8 }), defaults.branchReport)).toBe(
      '一票否决：评为不合格的票超过50.0%',
    );
    expect(w.memberNote(vetoed, { showSanctions: true, showTrustRate: true })).toBe(
      '一票否决：信任率30.0%，低于50.0%；受警告处分，不参加评优',
    );
  });

  it('says why a member is 待核实: each required category without a valid result', () => {
    const gap = { eligible: 8, returned: 4, ballots: 4, min_ballots: 3 };
    expect(w.categoryGap('democraticReview', { ...gap, category: 'public', status: 'low_participation' })).toBe(
      '群众代表类别参评4人，不足应参加8人的三分之二，评议无效',
    );
    expect(w.categoryGap('democraticReview', { ...gap, category: 'member', status: 'missing' })).toBe(
      '党员类别没有有效的评议票',
    );
    expect(w.categoryGap('satisfaction', { ...gap, category: 'public', status: 'too_few' })).toBe(
      '群众类别有效票4张，少于规定的3张',
    );
    expect(
      w.memberNote(
        member({
          status: 'unverified',
          gaps: ['党员类别没有有效的评议票', w.rejectedRow('民主评议计票', 'B6', '票数多于收回票数')],
        }),
      ),
    ).toBe('待核实：党员类别没有有效的评议票；民主评议计票 B6 被拒收：票数多于收回票数');
  });

  it('shows a band the data do not give as 数据不足, 待核实 or 未交, and a probationary member’s as —', () => {
    expect(w.memberBand('好', 'ok')).toBe('好');
    expect(w.memberBand(null, 'too_few')).toBe('数据不足');
    expect(w.memberBand(null, 'probationary')).toBe('—');
    expect(w.memberBand(null, 'unverified')).toBe('待核实');
    expect(w.memberBand(null, 'not_returned')).toBe('未交');
    expect(w.orgBand(null)).toBe('数据不足');
    expect(w.orgBand(null, 'not_returned')).toBe('未交');
    expect(w.orgStatus('insufficient', ['self', 'satisfaction'])).toBe(
      '数据不足：支部自评有考核细则没有得分，群众满意度测评无效或不全',
    );
    expect(w.orgStatus('not_returned', null)).toBe('未交评议表');
  });

  it('names every award kind, a round’s own title, its unit and each rule a candidate fails', () => {
    expect(AWARD_KINDS.map((k) => w.awardName(k))).toEqual(['先进基层党组织', '优秀共产党员', '优秀党务工作者']);
    expect(w.awardName('advanced_org', '2010H2')).toBe('创先争优活动先进单位');
    expect(AWARD_KINDS.map(awardUnit)).toEqual(['个', '名', '名']);
    expect(w.awardFail('satisfaction_flagged')).toBe('满意率低于60%');
    expect(w.awardFail('repeat')).toBe('2个评议期内已获同一表彰');
    expect(w.awardFail('overridden_out')).toBe('领导小组决定不列入表彰');
    expect(w.awardStatus(true)).toBe('草案');
    expect(w.atCut('tier')).toBe('与同组党组织（分数差别在误差范围内）并列于名额线，请领导小组决定');
    expect(w.atCut('tie')).toBe('与其他候选人名次相同，名额线落在他们之间，请领导小组决定');
    expect(w.atCut(null)).toBeNull();
  });
});

describe('a changed scheme', () => {
  const changed = schemeWith(
    ['participationMin: 2/3', 'participationMin: 0.75'],
    ['trustRateBelow: 0.5', 'trustRateBelow: 0.6'],
    ['failGrade: incompetent', 'failGrade: basicallyCompetent'],
    ['sanctionMakesIneligible: true', 'sanctionMakesIneligible: false'],
    ['intervalZ: 1.96', 'intervalZ: 2.576'],
    ['excellentMemberAwardShareMax: 0.15', 'excellentMemberAwardShareMax: 0.1'],
  );
  const w = wording(changed);

  it('changes the words that state its limits', () => {
    expect(w.memberStatus('low_participation')).toBe('参评人数不足四分之三，评议无效');
    expect(w.veto('low_trust', { trust_rate: 0.5, fail_share: 0 })).toBe('信任率50.0%，低于60.0%');
    expect(w.veto('high_fail_share', { trust_rate: 1, fail_share: 0.6 })).toBe('评为基本合格的票占60.0%，超过50.0%');
    expect(w.memberNote(member({ sanction: '警告' }))).toBe('受警告处分');
    expect(w.intervalConfidence).toBe('99%');
  });

  it('states each rule for missing, partial and over-limit data as the scheme sets it', () => {
    const before = wording(defaults).method.rules.join('');
    const after = wording(
      schemeWith(
        ['whenNoValidResult: insufficient', 'whenNoValidResult: itemPoints'],
        ['excellentOverLimit: voidBallots', 'excellentOverLimit: voidTally'],
        ['awardBaseIncludesProbationary: false', 'awardBaseIncludesProbationary: true'],
        ['oneIndividualAwardPerPerson: true', 'oneIndividualAwardPerPerson: false'],
        ['rounding: floor', 'rounding: round'],
      ),
    ).method.rules.join('');
    expect(before).toContain('群众满意度须在党员、群众两类评议人中都有有效的测评');
    expect(before).toContain('否则群众反映好和总分为“数据不足”，不参加排名');
    expect(after).toContain('否则群众反映好只按考核细则计分');
    expect(before).toContain('超过的电子票作废（计入拒收）；计票表只能核对合计，照计并逐一提醒');
    expect(after).toContain('计票表超过时该类评议人的计票作废');
    expect(before).toContain(
      '各支部名额为本支部正式党员人数的15%向上取整，全系统名额为全系统正式党员人数的15%向下取整',
    );
    expect(after).toContain('各支部名额为本支部党员人数的15%向上取整，全系统名额为全系统党员人数的15%四舍五入');
    expect(before).toContain('同一人本期只推荐一项个人奖');
    expect(after).not.toContain('同一人本期只推荐一项个人奖');
  });

  describe('in the rendered summary', () => {
    let dir: string;
    let store: Store;
    beforeAll(async () => {
      dir = await tempDir('pingyi-wording-');
      const input = await smallInput(join(dir, 'input'), { orgs: ['X01'], periods: ['2011H1'] });
      store = await Store.open(join(dir, 'pingyi.duckdb'));
      await ingest({ store, input, scheme: defaults, schemeText: defaultText });
      await score({ store, scheme: defaults, overrides: [] });
    }, 120_000);
    afterAll(() => store.close());

    const summaryText = async (scheme: Scheme) =>
      createRenderer()('summary', await summaryModel(store, scheme, '2011H1', DEFAULT_DOCUMENTS))
        .replace(/<[^>]+>/g, '')
        .replace(/\s+/g, '');

    it('reads the scheme’s numbers, not fixed ones', async () => {
      const before = await summaryText(defaults);
      const after = await summaryText(changed);
      expect(before).toContain(
        '信任率（优秀与合格票的比例）低于50%或不合格票超过50%的，一票否决定为最低等次；本期受处分的不参加评优；',
      );
      expect(after).toContain(
        '信任率（优秀与合格票的比例）低于60%或基本合格票超过50%的，一票否决定为最低等次；预备党员',
      );
      expect(before).toContain('参评人数达不到应参加人数的66.7%、或收回票数多于发出票数的');
      expect(after).toContain('参评人数达不到应参加人数的75%、或收回票数多于发出票数的');
      expect(before).toContain('优秀共产党员不超过党员人数的15%');
      expect(after).toContain('优秀共产党员不超过党员人数的10%');
      expect(before).toContain('95%区间');
      expect(after).toContain('99%区间');
      expect(after).not.toContain('95%区间');
    });
  });
});
