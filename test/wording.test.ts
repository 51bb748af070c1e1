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
  fraction,
  rate,
  share,
  wording,
  type MemberNoteInput,
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
  veto: null,
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

  it('names the confidence of an interval from its z', () => {
    expect(confidence(1.96)).toBe('95%');
    expect(confidence(2.576)).toBe('99%');
    expect(confidence(1.645)).toBe('90%');
    expect(confidence(1)).toBe('68.3%');
  });
});

describe('codes in words', () => {
  const w = wording(defaults);

  it('words every member status', () => {
    expect(
      ['ok', 'probationary', 'too_few', 'low_participation', 'void', 'no_daily_record'].map(w.memberStatus),
    ).toEqual([
      '',
      '预备党员，不评定等次',
      '票数不足，数据不足',
      '参评人数不足三分之二，评议无效',
      '收回票数多于发出票数，评议无效',
      '缺少日常量化得分',
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
    expect(w.memberNote(member({ veto: 'low_trust', trust_rate: 0.3 }))).toBe('一票否决：信任率30.0%，低于50.0%');
    expect(
      w.memberNote(
        member({ status: 'probationary', veto: 'low_trust', trust_rate: 0.4, sanction: '警告', ineligible: true }),
      ),
    ).toBe('预备党员，不评定等次；一票否决：信任率40.0%，低于50.0%；受警告处分，不参加评优');
  });

  it('tells a branch meeting the veto’s rule but not the member’s rate, and no sanction, unless the scheme says so', () => {
    const vetoed = member({ veto: 'low_trust', trust_rate: 0.3, sanction: '警告', ineligible: true });
    expect(w.memberNote(vetoed, defaults.branchReport)).toBe('一票否决：信任率低于50.0%');
    expect(w.memberNote(member({ veto: 'high_fail_share', fail_share: 0.8 }), defaults.branchReport)).toBe(
      '一票否决：评为不合格的票超过50.0%',
    );
    expect(w.memberNote(vetoed, { showSanctions: true, showTrustRate: true })).toBe(
      '一票否决：信任率30.0%，低于50.0%；受警告处分，不参加评优',
    );
  });

  it('shows a band the data do not give as 数据不足, and a probationary member’s as —', () => {
    expect(w.memberBand('好', 'ok')).toBe('好');
    expect(w.memberBand(null, 'too_few')).toBe('数据不足');
    expect(w.memberBand(null, 'probationary')).toBe('—');
    expect(w.orgBand(null)).toBe('数据不足');
  });

  it('names every award kind, its rule and a tie at the cut', () => {
    expect(AWARD_KINDS.map(w.awardName)).toEqual(['先进基层党组织', '优秀共产党员', '优秀党务工作者']);
    expect(AWARD_KINDS.map(w.awardRule)).toEqual([
      '先进基层党组织按名额差额推荐，满意率低于标准的不推荐',
      '优秀共产党员先按各支部名额、再按全系统总名额，须评为最高等次且未受一票否决或处分',
      '优秀党务工作者从党务工作者中推荐',
    ]);
    expect(w.tieNote(true)).toBe('与下一名得分相同，请领导小组决定');
    expect(w.tieNote(false)).toBeNull();
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
    expect(w.awardRule('excellent_member')).toBe(
      '优秀共产党员先按各支部名额、再按全系统总名额，须评为最高等次且未受一票否决',
    );
    expect(w.intervalConfidence).toBe('99%');
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
