import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SCHEME_FILE,
  loadScheme,
  parseScheme,
  resolveSchemeFile,
  SchemeError,
  formatSchemeProblem,
} from '../src/scheme/load.ts';
import { parsePeriod, periodLabel, previousPeriod } from '../src/scheme/period.ts';
import { readFileSync } from 'node:fs';
import { scheme, tempDir } from './helpers.ts';

const DEFAULT_TEXT = readFileSync(DEFAULT_SCHEME_FILE, 'utf8');

/** The default scheme with one textual edit; fails the test if the edit did not apply. */
function edited(from: string | RegExp, to: string): string {
  const text = DEFAULT_TEXT.replace(from, to);
  expect(text).not.toBe(DEFAULT_TEXT);
  return text;
}

function problemsOf(text: string): string[] {
  try {
    parseScheme(text, 'test.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(SchemeError);
    return (e as SchemeError).problems.map(formatSchemeProblem).map((s) => s.trim());
  }
  throw new Error('the scheme was accepted');
}

describe('the default scheme', () => {
  it('holds the defaults of domain.md §4', () => {
    expect(scheme.weights.org).toEqual({ self: 0.4, bureau: 0.6 });
    expect(scheme.weights.member).toEqual({ dailyRecord: 0.6, democraticReview: 0.4 });
    expect(scheme.org.satisfaction.grades.map((g) => [g.label, g.value])).toEqual([
      ['满意', 10],
      ['比较满意', 7],
      ['基本满意', 5],
      ['不满意', 2],
      ['不了解', null],
    ]);
    expect(scheme.member.grades.map((g) => [g.label, g.value])).toEqual([
      ['优秀', 100],
      ['合格', 85],
      ['基本合格', 70],
      ['不合格', 50],
    ]);
    expect(scheme.org.bands).toEqual([
      { label: '先进', min: 90 },
      { label: '较好', min: 75 },
      { label: '一般', min: 60 },
      { label: '后进', min: 0 },
    ]);
    expect(scheme.member.bands.map((b) => b.min)).toEqual([90, 70, 60, 0]);
    expect(scheme.validity.participationMin).toBeCloseTo(2 / 3);
    expect(scheme.quotas.excellentGradeShareMax).toBeCloseTo(1 / 3);
    expect(scheme.quotas.excellentMemberAwardShareMax).toBe(0.15);
    expect(scheme.adjustments.trim.enabled).toBe(false);
    expect(scheme.adjustments.leniency.enabled).toBe(false);
  });

  it('gives the five goods 20 points each, split into items of 2–3 points, with the source document meanings', () => {
    expect(scheme.org.dimensions.map((d) => d.label)).toEqual([
      '领导班子好',
      '党员队伍好',
      '工作机制好',
      '工作业绩好',
      '群众反映好',
    ]);
    for (const d of scheme.org.dimensions) {
      expect(d.points).toBe(20);
      expect(d.items.reduce((a, it) => a + it.max, 0)).toBe(20);
      for (const it of d.items) expect([2, 3]).toContain(it.max);
    }
    expect(scheme.org.dimensions[0]!.meaning).toContain('团结协作，求真务实，勤政廉洁');
    expect(scheme.member.dimensions.map((d) => d.label)).toEqual([
      '学习钻研的模范',
      '爱岗敬业的模范',
      '为人师表的模范',
      '遵纪守法的模范',
      '服务群众的模范',
    ]);
  });
});

describe('a broken scheme', () => {
  it('names the key path and the current sum when weights do not add up to 1', () => {
    const line = DEFAULT_TEXT.split('\n').findIndex((l) => l.includes('self: 0.4')) + 1;
    expect(problemsOf(edited('org: { self: 0.4, bureau: 0.6 }', 'org: { self: 0.5, bureau: 0.6 }'))).toEqual([
      `weights.org.self（第 ${line} 行）: 权重之和必须为 1（当前 1.1）`,
    ]);
  });

  it('reports item points that do not add up to their dimension', () => {
    expect(problemsOf(edited('{ key: L2, max: 2,', '{ key: L2, max: 3,'))).toEqual([
      expect.stringMatching(
        /^org\.dimensions\[0\]\.items（第 \d+ 行）: 各项分值之和（21）必须等于该维度的分值 points（20）$/,
      ),
    ]);
  });

  it('reports every structural problem at once, each on its own line', () => {
    const text = edited('flagBelowRate: 0.6', 'flagBelowRate: 1.6\n    colour: red').replace(
      'dailyRecordMax: 100',
      'dailyRecordMax: "x"',
    );
    const problems = problemsOf(text);
    expect(problems).toHaveLength(3);
    expect(problems).toContainEqual(
      expect.stringMatching(/^org\.satisfaction\.flagBelowRate（第 \d+ 行）: 不能大于 1（当前 1\.6）$/),
    );
    expect(problems).toContainEqual(expect.stringMatching(/^org\.satisfaction（第 \d+ 行）: 未知的键 "colour"/));
    expect(problems).toContainEqual(
      expect.stringMatching(/^member\.dailyRecordMax（第 \d+ 行）: 应为数字（当前为文字 "x"）$/),
    );
  });

  it('says what is missing when a required key is left out', () => {
    expect(problemsOf(edited(/\n {2}trim: \{ enabled: false, minBallots: 5 \}/, ''))).toEqual([
      expect.stringMatching(/^adjustments\.trim（第 \d+ 行）: 缺少此项（应为一组键值（对象））$/),
    ]);
  });

  it('accepts a fraction such as 2/3 and rejects words where a share is expected', () => {
    expect(parseScheme(edited('participationMin: 2/3', 'participationMin: 3/4')).validity.participationMin).toBe(0.75);
    expect(problemsOf(edited('participationMin: 2/3', 'participationMin: 三分之二'))).toEqual([
      expect.stringMatching(
        /^validity\.participationMin（第 \d+ 行）: 应为 0 到 1 之间的小数，或 "2\/3" 这样的分数（当前 文字 "三分之二"）$/,
      ),
    ]);
  });

  it('lists the 公示 calendar’s holidays and worked weekend days as dates that exist', () => {
    const { calendar } = parseScheme(DEFAULT_TEXT).awards;
    expect(calendar.holidays).toEqual(expect.arrayContaining(['2011-06-06', '2011-10-07']));
    expect(calendar.workdays).toEqual(expect.arrayContaining(['2011-10-08', '2011-10-09']));
    // Every worked day is a weekend day, and no day is both.
    for (const d of calendar.workdays) expect([0, 6], d).toContain(new Date(`${d}T00:00:00Z`).getUTCDay());
    expect(calendar.holidays.filter((d) => calendar.workdays.includes(d))).toEqual([]);
    expect(problemsOf(edited('- 2011-06-06', '- 2011-02-30'))).toEqual([
      expect.stringMatching(
        /^awards\.calendar\.holidays\[\d+\]（第 \d+ 行）: 应为 2011-06-06 这样的日期（当前 "2011-02-30"）$/,
      ),
    ]);
  });

  it('requires bands from high to low ending at 0', () => {
    const problems = problemsOf(edited('- { label: 较好, min: 75 }', '- { label: 较好, min: 95 }'));
    expect(problems).toEqual([
      expect.stringMatching(/^org\.bands\[1\]\.min（第 \d+ 行）: 分档下限必须从高到低排列（95 不低于上一档的 90）$/),
    ]);
  });

  it('rejects a reference to a grade that does not exist', () => {
    expect(problemsOf(edited('failGrade: incompetent', 'failGrade: bad'))).toEqual([
      expect.stringMatching(
        /^veto\.failGrade（第 \d+ 行）: 未知的等次 "bad"，可用的有：excellent、competent、basicallyCompetent、incompetent$/,
      ),
    ]);
  });

  it('rejects a synonym that two grades share', () => {
    expect(problemsOf(edited('synonyms: [称职, 良好, 良]', 'synonyms: [称职, 良好, 良, 优]'))).toEqual([
      expect.stringMatching(/^member\.grades\[1\]\.synonyms（第 \d+ 行）: "优" 同时属于等次 excellent 和 competent/),
    ]);
  });

  it('points at the line of a YAML syntax error', () => {
    expect(problemsOf('id: x\nname: [unclosed\nversion: 1\n')[0]).toMatch(/^第 \d 行: YAML 格式错误：/);
  });

  it('throws a SchemeError naming the file when it cannot be read', () => {
    expect(() => loadScheme('/nonexistent/pingyi.yaml')).toThrow(
      /\/nonexistent\/pingyi\.yaml 有 1 处问题[\s\S]*无法读取文件：找不到该文件，请检查路径和文件名/,
    );
  });
});

describe('choosing the scheme file', () => {
  it('prefers --scheme, then pingyi.yaml beside the input folder, then the default', async () => {
    const dir = await tempDir();
    const input = join(dir, 'input');
    await mkdir(input);
    expect(resolveSchemeFile(undefined, input)).toBe(DEFAULT_SCHEME_FILE);
    await writeFile(join(dir, 'pingyi.yaml'), DEFAULT_TEXT);
    expect(resolveSchemeFile(undefined, input)).toBe(join(dir, 'pingyi.yaml'));
    expect(resolveSchemeFile(join(dir, 'other.yaml'), input)).toBe(join(dir, 'other.yaml'));
  });
});

describe('periods', () => {
  it('are written 2011H1 and shown as 2011年上半年', () => {
    const p = parsePeriod('2011H1')!;
    expect(p).toEqual({ code: '2011H1', year: 2011, half: 'H1' });
    expect(periodLabel(scheme, p)).toBe('2011年上半年');
    expect(periodLabel(scheme, parsePeriod('2010h2')!)).toBe('2010年下半年');
    expect(parsePeriod('2011年下半年')?.code).toBe('2011H2');
    expect(parsePeriod('2011H3')).toBeNull();
    expect(previousPeriod(p).code).toBe('2010H2');
    expect(previousPeriod(parsePeriod('2010H2')!).code).toBe('2010H1');
  });
});
