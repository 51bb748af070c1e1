// The rankings and the branch reports as their readers get them, measured on the printed PDFs
// (test/document-layout.ts), not compared with an earlier output of ours.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildSummary } from '../src/pipeline/build.ts';
import { commentGroups } from '../src/report/views/branch.ts';
import { loadScheme } from '../src/scheme/load.ts';
import { Store } from '../src/store/db.ts';
import {
  closingBlock,
  loneRows,
  pageNumbering,
  pagesWithoutGroup,
  spacedNumbers,
  titleBreaks,
  words,
  wrappedLabels,
} from './document-layout.ts';
import { tempDir } from './helpers.ts';

const { scheme } = loadScheme();
const ORGAN = '中共东湖区教育科技体育局委员会';
/** Every column header of the three documents, as words that must not be cut. */
const LABELS = [
  ...scheme.org.dimensions.map((d) => d.label),
  ...['名次', '自评', '上级', '考评', '总分', '档次', '较上期', '满意度', '有效票', '支部内', '全系统'],
  ...['姓名', '日常量化', '民主评议', '等次', '说明', '分值', '得分', '全系统平均'],
];

let out: string;
let summary: BuildSummary;
let orgNames: Map<string, string>;

beforeAll(async () => {
  const dir = await tempDir();
  out = join(dir, 'output');
  summary = await build(
    { input: 'input', output: out, db: join(dir, 'pingyi.duckdb'), periods: ['2011H1'] },
    { log: () => undefined },
  );
  const store = await Store.open(join(dir, 'pingyi.duckdb'));
  try {
    const orgs = await store.rows<{ org_id: string; name: string }>(
      "SELECT org_id, name FROM org_result WHERE period = '2011H1'",
    );
    orgNames = new Map(orgs.map((o) => [o.org_id, o.name]));
  } finally {
    store.close();
  }
}, 600_000);

const branches = () => summary.outputs.filter((e) => e.kind === 'branch');
const text = (path: string) => execFileSync('pdftotext', [join(out, path), '-'], { encoding: 'utf8' });

describe('the organization ranking', () => {
  const file = () => join(out, '2011H1/党组织排名.pdf');

  it('keeps every column header whole (领导班子好, not 领导班/子好)', () => {
    expect(wrappedLabels(words(file()), LABELS)).toEqual([]);
  });

  it('is A4, numbered 第x页 共y页, and ends with the issuing organ over the date', () => {
    const all = words(file());
    expect([...pageNumbering(file(), all), ...closingBlock(all, ORGAN)]).toEqual([]);
    expect(text('2011H1/党组织排名.pdf')).toContain('2011年上半年');
  });
});

describe('the member ranking', () => {
  const file = () => join(out, '2011H1/党员排名.pdf');

  it('names the organization above its table on every page the table runs onto', () => {
    expect(pagesWithoutGroup(words(file()), [...orgNames.values()])).toEqual([]);
  });

  it('never leaves one row of an organization alone on a page, nor cuts a header inside a word', () => {
    const all = words(file());
    expect([...loneRows(all, [...orgNames.values()]), ...wrappedLabels(all, LABELS)]).toEqual([]);
  });

  it('is A4, numbered 第x页 共y页, and ends with the issuing organ over the date', () => {
    const all = words(file());
    expect([...pageNumbering(file(), all), ...closingBlock(all, ORGAN)]).toEqual([]);
  });
});

describe('each branch’s own report', () => {
  it('breaks its title between period, name and subject, never inside a word (…评议结/果)', () => {
    for (const e of branches()) {
      const name = orgNames.get(e.branch!)!;
      expect(titleBreaks(words(join(out, e.path)), ['2011年上半年', name, '创先争优评议结果']), e.path).toEqual([]);
    }
  });

  it('keeps headers whole, leaves no member row alone on a page, numbers its pages and ends with organ, date and contact', () => {
    for (const e of branches()) {
      const all = words(join(out, e.path));
      expect(
        [
          ...wrappedLabels(all, LABELS),
          ...loneRows(all, []),
          ...pageNumbering(join(out, e.path), all),
          ...closingBlock(all, ORGAN),
        ],
        e.path,
      ).toEqual([]);
      const flat = text(e.path).replace(/\s+/g, '');
      expect(flat, e.path).toContain('如对本文件中的数据有疑问或发现差错，请与李明联系（电话：0791-86000000）。');
    }
  });

  it('writes numbers in running text without spaces, says what a 组 is and captions the chart with its unit and zero', () => {
    for (const e of branches()) {
      const t = text(e.path);
      expect(spacedNumbers(t), e.path).toEqual([]);
      const flat = t.replace(/\s+/g, '');
      // Ranked among the 11 organizations under the bureau with a total (Y02 is 数据不足), or
      // among the 2 branches of the 党总支 Z01.
      if (e.branch !== 'Y02')
        expect(flat).toMatch(
          e.branch?.startsWith('Z01') && e.branch !== 'Z01'
            ? /第\d+名，共2个（第\d+组）/
            : /第\d+名，共11个（第\d+组）/,
        );
      expect(flat).toContain('“组”：按总分排名后，总分相差在满意度测评抽样误差以内的党组织归为同一组');
      expect(flat).toContain('（单位：分；各轴从0分起，到该项满分止）');
    }
  });

  it('names the dimensions furthest from the system average, not the lowest raw score', () => {
    const z03 = branches().find((e) => e.branch === 'Z03')!;
    expect(text(z03.path).replace(/\s+/g, '')).toContain('相对最弱工作机制好');
  });

  it('tells the branch a veto’s rule but not the member’s rate, and no sanction; the system ranking keeps both', () => {
    const ranking = text('2011H1/党员排名.pdf').replace(/\s+/g, '');
    expect(ranking).toMatch(/信任率\d+\.\d%，低于50\.0%/);
    expect(ranking).toContain('处分');
    let vetoes = 0;
    for (const e of branches()) {
      const flat = text(e.path).replace(/\s+/g, '');
      expect(flat, e.path).not.toMatch(/信任率\d|票占\d|处分/);
      vetoes += flat.split('一票否决：').length - 1;
    }
    expect(vetoes).toBeGreaterThan(0);
  });
});

describe('public comments in a branch report', () => {
  const labels = new Map([
    ['member', '党员'],
    ['public', '群众'],
  ]);
  const settings = { ...scheme.branchReport, minCommentGroup: 10 };
  const comments = [
    { category: 'public', comment: '乙' },
    { category: 'member', comment: '丙' },
    { category: 'public', comment: '甲' },
  ];

  it('groups comments by the kind of rater when every kind has enough raters, sorted by text', () => {
    const raters = new Map([
      ['member', 12],
      ['public', 30],
    ]);
    expect(commentGroups(comments, raters, labels, settings)).toEqual([
      { label: '党员', comments: ['丙'] },
      { label: '群众', comments: ['甲', '乙'] },
    ]);
  });

  it('drops every tag when one kind has fewer raters than the minimum, so that no writer is narrowed down', () => {
    const raters = new Map([
      ['member', 8],
      ['public', 30],
    ]);
    expect(commentGroups(comments, raters, labels, settings)).toEqual([{ label: null, comments: ['丙', '甲', '乙'] }]);
    expect(
      commentGroups(
        comments,
        new Map([
          ['public', 30],
          ['member', 12],
        ]),
        labels,
        { ...settings, commentTags: false },
      ),
    ).toEqual([{ label: null, comments: ['丙', '甲', '乙'] }]);
  });
});
