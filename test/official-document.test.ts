import { describe, expect, it } from 'vitest';
import { parseDocumentsSettings } from '../src/report/documents-file.ts';
import { relativeStrengths } from '../src/report/strengths.ts';
import { titleLines } from '../src/report/title-lines.ts';
import { documentNumber, standingWords } from '../src/report/wording.ts';
import { fontStack } from '../src/pdf/fonts/roles.ts';

describe('the title of a 公文', () => {
  it('breaks between phrases, never inside one, into as few and as even lines as fit', () => {
    const phrases = ['关于', '2011年上半年', '创先争优活动', '评议情况的报告'];
    expect(titleLines(phrases, 20)).toEqual(['关于2011年上半年', '创先争优活动评议情况的报告']);
    expect(titleLines(phrases, 40)).toEqual(['关于2011年上半年创先争优活动评议情况的报告']);
    // A phrase wider than a line stands alone rather than being cut.
    expect(titleLines(['关于', '一个特别特别长的不可分割的短语', '的报告'], 8)).toEqual([
      '关于',
      '一个特别特别长的不可分割的短语',
      '的报告',
    ]);
  });
});

describe('strongest and weakest against the system', () => {
  it('compares each score with its dimension’s average in units of its spread, not raw points', () => {
    // 群众反映好 is lowest in raw points but above its (low) average: it is no weakness.
    const s = relativeStrengths([
      { label: '领导班子好', points: 18.0, average: 18.7, spread: 0.5 },
      { label: '工作机制好', points: 18.2, average: 18.4, spread: 0.8 },
      { label: '群众反映好', points: 17.0, average: 16.9, spread: 1.0 },
    ]);
    expect(s).toEqual({ strongest: ['群众反映好'], weakest: ['领导班子好'] });
    expect(standingWords(s)).toBe('较强的是群众反映好、较弱的是领导班子好');
  });

  it('states ties as ties and says nothing stands out when nothing does', () => {
    const tied = relativeStrengths([
      { label: '甲', points: 19, average: 18, spread: 1 },
      { label: '乙', points: 19, average: 18, spread: 1 },
      { label: '丙', points: 17, average: 18, spread: 1 },
    ]);
    expect(standingWords(tied)).toBe('较强的是甲和乙（并列）、较弱的是丙');
    const alike = relativeStrengths([
      { label: '甲', points: 18, average: 18, spread: 1 },
      { label: '乙', points: 18, average: 18, spread: 0 },
    ]);
    expect(standingWords(alike)).toBe('各项与全系统平均相当');
  });
});

describe('documents.yaml', () => {
  it('reads the 版头’s settings and writes the 发文字号 with the 机关代字', () => {
    const d = parseDocumentsSettings('code: 东教体党\nnumbers: { 2011H1: 15 }\ndirection: upward\nsigner: 王建国\n');
    expect(documentNumber(d.code!, 2011, d.numbers['2011H1'])).toBe('东教体党〔2011〕15号');
    expect(documentNumber(d.code!, 2011, undefined)).toBe('东教体党〔2011〕\u3000\u3000号');
  });

  it('refuses an upward report without 签发人, a period misspelt and an unknown key, each with its line', () => {
    let message = '';
    try {
      parseDocumentsSettings('direction: upward\nnumbers: { 2011Q1: 3 }\nsinger: 王\n');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('有 3 处问题');
    expect(message).toContain('signer: 上行文（direction: upward）须写明签发人');
    expect(message).toContain('numbers.2011Q1（第 2 行）: 评议期应写作 2011H1 或 2011H2');
    expect(message).toContain('未知的键 "singer"');
  });
});

describe('font stacks per role', () => {
  it('list the official names first, then the open stand-in, then WenQuanYi Zen Hei before any generic family', () => {
    const body = fontStack('body');
    expect(body.indexOf('"仿宋_GB2312"')).toBe(0);
    expect(body.indexOf('"AR PL SungtiL GB"')).toBeGreaterThan(body.indexOf('"FangSong"'));
    expect(body.indexOf('"WenQuanYi Zen Hei"')).toBeLessThan(body.indexOf('serif'));
    expect(body).not.toContain('Noto');
  });
});
