import { describe, expect, it } from 'vitest';
import {
  NO_CACHED_RESULT,
  normalizeCode,
  normalizeName,
  parseChoice,
  parseCount,
  parseDate,
  parseEmail,
  parseNumber,
  parsePhone,
  parseScore,
  parseYesNo,
  toHalfWidth,
} from '../src/ingest/cells.ts';
import { cellScalar } from './exceljs-book.ts';
import { scheme } from './helpers.ts';

const value = <T>(p: { ok: true; value: T } | { ok: false; reason: string }) => (p.ok ? p.value : `ERR ${p.reason}`);

describe('cell normalisation', () => {
  it('turns full-width digits and letters into half-width', () => {
    expect(toHalfWidth('８５ＡＢｃ，－１')).toBe('85ABc,-1');
  });

  it('reads 85分, padded, 85.0 and full-width ８５ as 85', () => {
    for (const v of ['85分', ' 85 ', '85.0', '８５', 85, '８５ 分']) expect(value(parseNumber(v))).toBe(85);
    expect(value(parseNumber(''))).toBeNull();
    expect(value(parseNumber(null))).toBeNull();
    expect(value(parseNumber('八十五'))).toBe('ERR 应填写数字');
  });

  it('accepts only whole counts of zero or more', () => {
    expect(value(parseCount('12票'))).toBe(12);
    expect(value(parseCount(-1))).toBe('ERR 不能为负数');
    expect(value(parseCount(2.5))).toBe('ERR 应为整数');
  });

  it('keeps scores within their range', () => {
    expect(value(parseScore(3, 3))).toBe(3);
    expect(value(parseScore('3.5', 3))).toBe('ERR 不能大于 3');
  });

  it('reports a formula without a cached result instead of reading it as zero', () => {
    expect(cellScalar({ formula: 'SUM(A1:A2)' } as never)).toBe(NO_CACHED_RESULT);
    expect(value(parseNumber(NO_CACHED_RESULT))).toMatch(/^ERR 公式没有计算结果/);
    expect(cellScalar({ formula: 'SUM(A1:A2)', result: 7 } as never)).toBe(7);
    expect(cellScalar({ richText: [{ text: '张' }, { text: '三' }] } as never)).toBe('张三');
  });

  it('reads dates in every way people write them', () => {
    const d = '2011-06-30T00:00:00.000Z';
    for (const v of ['2011-6-30', '2011/06/30', '2011.6.30', '2011年6月30日', '20110630', 40724, new Date(d)]) {
      expect((value(parseDate(v)) as Date).toISOString()).toBe(d);
    }
    expect(value(parseDate('2011-2-30'))).toBe('ERR 日期不存在');
    expect(value(parseDate('下周一'))).toBe('ERR 应填写日期，如 2011-06-30');
  });

  it('removes spaces inside names and unifies middle dots', () => {
    expect(normalizeName('张 三')).toBe('张三');
    expect(normalizeName(' 买买提•艾力 ')).toBe('买买提·艾力');
    expect(normalizeName('阿依古丽・买买提')).toBe('阿依古丽·买买提');
  });

  it('compares codes without case or width', () => {
    expect(normalizeCode(' ｓ01 ')).toBe('S01');
    expect(normalizeCode(12)).toBe('12');
  });

  it('matches grades by label or synonym', () => {
    const grades = scheme.member.grades;
    expect(value(parseChoice('优', grades))).toBe('excellent');
    expect(value(parseChoice(' 称职 ', grades))).toBe('competent');
    expect(value(parseChoice('差', grades))).toBe('incompetent');
    expect(value(parseChoice('很好', grades))).toBe('ERR 应为 优秀、合格、基本合格、不合格 之一');
  });

  it('reads yes and no as 是/否/√/×/Y/N', () => {
    for (const v of ['是', '√', 'Y', 'y', true]) expect(value(parseYesNo(v, scheme.yesNo))).toBe(true);
    for (const v of ['否', '×', 'N', false]) expect(value(parseYesNo(v, scheme.yesNo))).toBe(false);
    expect(value(parseYesNo('', scheme.yesNo))).toBeNull();
  });

  it('accepts one e-mail address per cell and refuses what a mail server would', () => {
    expect(value(parseEmail('Zhang.San+dj@Mail.Example.ORG'))).toBe('Zhang.San+dj@mail.example.org');
    expect(value(parseEmail('ｄｊ＠ｅｘａｍｐｌｅ．ｏｒｇ'))).toBe('dj@example.org');
    expect(value(parseEmail(null))).toBeNull();
    for (const bad of [
      'dj@example',
      'dj@@example.org',
      'dj@example..org',
      '.dj@example.org',
      'a@b.org;c@d.org',
      '党办@example.org',
    ])
      expect(value(parseEmail(bad)), bad).toMatch(/^ERR 应为一个电子邮箱地址/);
  });

  it('accepts phone numbers with the separators people type, and nothing but digits besides', () => {
    for (const ok of ['0791-86395435', '(0791)86395435', '138 0791 0000', '+86 138-0791-0000', '８６３９５４３５'])
      expect(value(parsePhone(ok)), ok).not.toMatch(/^ERR/);
    expect(value(parsePhone(13807910000))).toBe('13807910000');
    for (const bad of ['863954', '0791-86395435转8001', '13807910000/13907910000', '无'])
      expect(value(parsePhone(bad)), bad).toMatch(/^ERR 应只含数字/);
  });
});
