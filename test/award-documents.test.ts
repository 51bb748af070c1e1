// The award round's documents before the committee decides: the draft list follows the
// committee's overrides, the 公示 is marked 草案, and a round of one award has only that award.
import { execFileSync } from 'node:child_process';
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildSummary } from '../src/pipeline/build.ts';
import { DEFAULT_DOCUMENTS } from '../src/report/documents-file.ts';
import { createRenderer } from '../src/report/templates.ts';
import { awardDecisionModel } from '../src/report/views/awards.ts';
import { noticePeriod } from '../src/scheme/awards.ts';
import { Store } from '../src/store/db.ts';
import { scheme, tempDir } from './helpers.ts';

const pdftotext = (file: string) =>
  execFileSync('pdftotext', [file, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).replace(/\s+/g, '');

let dir: string;
let summary: BuildSummary;

beforeAll(async () => {
  dir = await tempDir('pingyi-award-docs-');
  cpSync('input', join(dir, 'input'), { recursive: true });
  // Before the decision: the lists are the committee's draft.
  rmSync(join(dir, 'input/2011H1/2011H1_评先选优审定表.xlsx'));
  cpSync('documents.yaml', join(dir, 'documents.yaml'));
  writeFileSync(
    join(dir, 'overrides.yaml'),
    [
      '- { period: 2011H1, target: org, id: Z01A, field: eligible, value: 否, by: 局党委, date: 2011-07-10, reason: 经核实有群众来信反映问题 }',
      '- { period: 2011H1, target: member, id: Z02-001, field: eligible, value: 否, by: 局党委, date: 2011-07-10, reason: 本人申请不参评 }',
      '',
    ].join('\n'),
  );
  summary = await build(
    { input: join(dir, 'input'), output: join(dir, 'output'), db: join(dir, 'pingyi.duckdb'), branchReports: false },
    { log: () => undefined },
  );
}, 300_000);

describe('the 公示 period', () => {
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const period = (start: string, days: number, s = scheme) => {
    const p = noticePeriod(s, new Date(`${start}T00:00:00Z`), days);
    return [day(p.from), day(p.to)];
  };
  const noCalendar = { ...scheme, awards: { ...scheme.awards, calendar: { holidays: [], workdays: [] } } };

  it('counts working days from the data’s date, starting on the next working day after a weekend', () => {
    expect(period('2011-07-01', 5)).toEqual(['2011-07-01', '2011-07-07']);
    expect(period('2011-07-02', 5)).toEqual(['2011-07-04', '2011-07-08']);
  });

  it('skips a public holiday on a weekday (2011 端午, 6月6日)', () => {
    expect(period('2011-06-02', 5)).toEqual(['2011-06-02', '2011-06-09']);
    expect(period('2011-06-02', 5, noCalendar)).toEqual(['2011-06-02', '2011-06-08']);
    // A period starting on the holiday starts on the next working day.
    expect(period('2011-06-06', 1)).toEqual(['2011-06-07', '2011-06-07']);
  });

  it('counts a weekend day worked in a holiday’s place (2011 国庆, 10月8日—9日)', () => {
    expect(period('2011-09-30', 5)).toEqual(['2011-09-30', '2011-10-11']);
    expect(period('2011-10-01', 2)).toEqual(['2011-10-08', '2011-10-09']);
    expect(period('2011-09-30', 5, noCalendar)).toEqual(['2011-09-30', '2011-10-06']);
  });

  it('takes the holidays and extra working days from the scheme', () => {
    const own = {
      ...scheme,
      awards: { ...scheme.awards, calendar: { holidays: ['2011-07-04'], workdays: ['2011-07-02'] } },
    };
    expect(period('2011-07-01', 3, own)).toEqual(['2011-07-01', '2011-07-05']);
  });
});

describe('the award documents before the decision', () => {
  it('take an organization and a party worker the committee overrode out off the final list', async () => {
    const store = await Store.open(join(dir, 'pingyi.duckdb'));
    try {
      const final = await store.rows<{ award: string; candidate_id: string; draft: boolean }>(
        "SELECT award, candidate_id, draft FROM award_final WHERE period = '2011H1' ORDER BY award, position",
      );
      expect(final.every((r) => r.draft)).toBe(true);
      const ids = final.map((r) => r.candidate_id);
      expect(ids).not.toContain('Z01A');
      expect(ids).not.toContain('Z02-001');
      // The next party worker proposed and passing every rule takes the place.
      expect(final.filter((r) => r.award === 'party_worker').map((r) => r.candidate_id)).toEqual([
        'J01-001',
        'X01-001',
      ]);
    } finally {
      store.close();
    }
    const review = pdftotext(join(dir, 'output/2011H1/推荐情况汇总.pdf'));
    expect(review).toContain('领导小组决定不列入表彰');
    const notice = pdftotext(join(dir, 'output/2011H1/表彰推荐名单.pdf'));
    expect(notice).toContain('拟表彰对象公示（草案）');
    expect(notice).not.toContain('东湖区育才中学初中部党支部');
    expect(notice).not.toContain('杨慧娟');
    expect(summary.outputs.map((e) => e.path)).not.toContain('2011H1/表彰决定名单.pdf');
  });

  it('give 2010H2 only the 先进单位 recommendation', () => {
    const paths = summary.outputs
      .filter((e) => e.period === '2010H2' && e.kind === 'recommendations')
      .map((e) => e.path);
    expect(paths.sort()).toEqual(['2010H2/推荐情况汇总.pdf', '2010H2/表彰推荐名单.pdf', '2010H2/表彰推荐名单.xlsx']);
    const text = pdftotext(join(dir, 'output/2010H2/表彰推荐名单.pdf'));
    expect(text).toContain('创先争优活动拟推荐对象公示（草案）');
    expect(text).toContain('拟推荐创先争优活动先进单位（尚无人选）报中共东湖区委创先争优活动领导小组');
    expect(text).not.toMatch(/优秀共产党员|优秀党务工作者|先进基层党组织/);
  });

  it('give a round that recommends to the district a 推荐表 per candidate with name, organization, role and 事迹', async () => {
    const recommend = {
      ...scheme,
      awards: {
        ...scheme.awards,
        rounds: scheme.awards.rounds.map((r) =>
          r.period === '2011H1' ? { ...r, level: 'recommend' as const, recommendTo: '中共东湖区委' } : r,
        ),
      },
    };
    const store = await Store.open(join(dir, 'pingyi.duckdb'));
    try {
      const { decision, forms } = (await awardDecisionModel(store, recommend, '2011H1', DEFAULT_DOCUMENTS))!;
      expect(decision).toBeNull();
      expect(forms?.draft).toBe(true);
      const worker = forms!.candidates.find((c) => c.name === '李艳娟');
      expect(worker).toMatchObject({ award: '优秀党务工作者', org_name: '东湖区教科体局机关党支部' });
      expect(worker?.role).toContain('党支部书记');
      expect(worker?.narrative?.length).toBeGreaterThan(100);
      const html = createRenderer()('award-forms', forms!);
      expect(html.match(/<section class="award-form">/g)).toHaveLength(forms!.candidates.length);
    } finally {
      store.close();
    }
  });
});
