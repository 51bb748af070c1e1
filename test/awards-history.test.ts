// After the committee's decision: an override that removes a candidate still applies and is
// reported against the decision's 同意; the 表彰决定 is dated after the 公示 (a warning when
// not); the decided lists become each organization's and person's award history (award_history,
// results.xlsx 表彰, the branch report), which the repeat rule reads.
import { awardReviewModel } from '../src/report/views/awards.ts';
import ExcelJS from 'exceljs';
import { execFileSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { AGREE, AWARD_LABELS } from '../src/contract/form-layout.ts';
import { buildDecisionWorkbook } from '../src/forms/decision-form.ts';
import { build, type BuildSummary } from '../src/pipeline/build.ts';
import { scoringProblems } from '../src/report/views/problems.ts';
import { awardRound, noticePeriod } from '../src/scheme/awards.ts';
import { parsePeriod, type Period } from '../src/scheme/period.ts';
import { Store } from '../src/store/db.ts';
import { scheme, tempDir } from './helpers.ts';
import { editedSample, editSheet, rowWhere, schemeText, scoredSample, type Sample } from './sample-copy.ts';

const pdftotext = (file: string) =>
  execFileSync('pdftotext', [file, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).replace(/\s+/g, '');
const DECISION = '2011H1/2011H1_评先选优审定表.xlsx';
const day = (d: Date) => d.toISOString().slice(0, 10);

let dir: string;
let summary: BuildSummary;

beforeAll(async () => {
  dir = await tempDir('pingyi-award-history-');
  cpSync('input', join(dir, 'input'), { recursive: true });
  cpSync('documents.yaml', join(dir, 'documents.yaml'));
  // After the decision file (which agrees to both), the committee overrides an organization and a party worker out.
  writeFileSync(
    join(dir, 'overrides.yaml'),
    [
      '- { period: 2011H1, target: org, id: Z01A, field: eligible, value: 否, by: 局党委, date: 2011-07-25, reason: 经核实有群众来信反映问题 }',
      '- { period: 2011H1, target: member, id: Z02-001, field: eligible, value: 否, by: 局党委, date: 2011-07-25, reason: 本人申请不参评 }',
      '',
    ].join('\n'),
  );
  summary = await build(
    { input: join(dir, 'input'), output: join(dir, 'output'), db: join(dir, 'pingyi.duckdb'), branchReports: true },
    { log: () => undefined },
  );
}, 300_000);

describe('an override after the committee’s decision', () => {
  it('takes the organization and the party worker off the decided list', async () => {
    await Store.using(join(dir, 'pingyi.duckdb'), async (store) => {
      const agreed = await store.rows<{ candidate_id: string }>(
        "SELECT candidate_id FROM current_award_decision WHERE period = '2011H1' AND agreed ORDER BY candidate_id",
      );
      expect(agreed.map((r) => r.candidate_id)).toEqual(expect.arrayContaining(['Z01A', 'Z02-001']));
      const final = await store.rows<{ candidate_id: string; draft: boolean }>(
        "SELECT candidate_id, draft FROM award_final WHERE period = '2011H1'",
      );
      expect(final.length).toBe(agreed.length - 2);
      expect(final.every((r) => !r.draft)).toBe(true);
      expect(final.map((r) => r.candidate_id)).not.toEqual(expect.arrayContaining(['Z01A']));
      expect(final.map((r) => r.candidate_id)).not.toContain('Z02-001');
    });
    const list = pdftotext(join(dir, 'output/2011H1/表彰决定名单.pdf'));
    // Z01A's member 优秀共产党员 stays; the organization itself is off the list.
    expect(list).toContain(
      '先进基层党组织（2个）序号党组织上级党组织1东湖区光明小学党支部—2东湖区城东中学党支部—优秀共产党员',
    );
    expect(list).not.toContain('杨慧娟');
  });

  it('tells the office at the decision’s row that its 同意 was overridden, never silently', () => {
    const own = summary.problems.filter((p) => p.file === DECISION && p.message.includes('调整决定'));
    expect(own).toEqual([
      expect.objectContaining({
        severity: 'warning',
        sheet: '审定',
        value: 'Z01A',
        message: expect.stringMatching(
          /^审定表同意东湖区育才中学初中部党支部为先进基层党组织，但调整决定（局党委，2011年7月25日：经核实有群众来信反映问题）取消其评优资格，已不列入名单/,
        ),
      }),
      expect.objectContaining({
        sheet: '审定',
        value: 'Z02-001',
        message: expect.stringContaining('审定表同意杨慧娟为优秀党务工作者'),
      }),
    ]);
    const log = readFileSync(join(dir, 'output/build.log'), 'utf8');
    expect(log).toContain('（填写的是“Z02-001”）：审定表同意杨慧娟为优秀党务工作者');
  });
});

describe('the 表彰决定’s date', () => {
  it('is in the shipped sample the first working day after the 公示 ends, without a warning', async () => {
    await Store.using(join(dir, 'pingyi.duckdb'), async (store) => {
      const [doc] = await store.rows<{ doc_date: Date }>(
        "SELECT doc_date FROM current_award_document WHERE period = '2011H1'",
      );
      const [fill] = await store.rows<{ d: Date }>(
        "SELECT max(fill_date) AS d FROM submission WHERE period = '2011H1' AND kind = 'bureau' AND present",
      );
      const { from, to } = noticePeriod(scheme, fill!.d, awardRound(scheme, '2011H1')!.noticeDays);
      expect([day(from), day(to), day(doc!.doc_date)]).toEqual(['2011-07-12', '2011-07-18', '2011-07-19']);
    });
    expect(summary.problems.filter((p) => p.message.includes('公示到'))).toEqual([]);
  });
});

describe('the award history', () => {
  it('holds the decided lists only, never a 草案, and goes to results.xlsx’s 表彰 sheet and its CSV', async () => {
    await Store.using(join(dir, 'pingyi.duckdb'), async (store) => {
      const history = await store.rows<{ period: string; n: number }>(
        'SELECT period, count(*)::INTEGER AS n FROM award_history GROUP BY period',
      );
      const [decided] = await store.rows<{ n: number }>(
        "SELECT count(*)::INTEGER AS n FROM award_final WHERE period = '2011H1' AND NOT draft",
      );
      // 2010H2 has only the committee's draft: nothing in the history.
      expect(history).toEqual([{ period: '2011H1', n: decided!.n }]);
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, 'output/2011H1/results.xlsx'));
    const sheet = wb.getWorksheet('表彰')!;
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      '评议期',
      '奖项',
      '名称',
      '党员编号',
      '组织编号',
      '所在党组织',
      '方式',
      '文号',
      '成文日期',
    ]);
    const csv = readFileSync(join(dir, 'output/2011H1/csv/表彰.csv'), 'utf8');
    expect(csv).toContain(
      '2011年上半年,先进基层党组织,东湖区光明小学党支部,,X02,东湖区光明小学党支部,表彰,东教体党〔2011〕20号,2011年7月19日',
    );
    expect(csv).not.toContain('Z02-001');
    expect(readFileSync(join(dir, 'output/2010H2/csv/表彰.csv'), 'utf8').trim().split('\r\n')).toHaveLength(1);
  });

  it('is shown in the organization’s report: its own award and its members’', () => {
    const folder = join(dir, 'output/2011H1/党组织');
    const x02 = readdirSync(folder).find((f) => f.startsWith('X02_') && f.endsWith('.pdf'))!;
    const text = pdftotext(join(folder, x02));
    expect(text).toContain('表彰情况');
    expect(text).toMatch(/2011年上半年先进基层党组织本组织东教体党〔2011〕20号，2011年7月19日/);
    expect(text).toMatch(/2011年上半年优秀共产党员\p{Script=Han}{2,3}东教体党〔2011〕20号/u);
    const z01a = readdirSync(folder).find((f) => f.startsWith('Z01A_') && f.endsWith('.pdf'))!;
    expect(pdftotext(join(folder, z01a))).not.toContain('先进基层党组织本组织');
  });
});

describe('on a copy of the sample', () => {
  let base: Sample;
  beforeAll(async () => {
    base = await scoredSample();
  }, 300_000);

  it('warns at the decision’s row when it agrees without a reason to a candidate who fails a rule', async () => {
    const warned = async (store: Store) =>
      (await scoringProblems(store, scheme, { period: '2011H1' })).filter((p) => p.message.includes('破格'));
    // The sample's committee agrees to 潘东强, whose 2011H1 band is 合格: the office is asked to check.
    expect(await warned(await editedSample(base))).toContainEqual(
      expect.objectContaining({
        severity: 'warning',
        sheet: '审定',
        value: 'Z01A-014',
        message:
          '审定表同意潘东强为优秀共产党员，但其本期未评为最高等次，审定表没有写明理由；请核实，或在“理由”栏写明破格的理由',
      }),
    );
    // With the committee's reason written in the row, it stands as decided, without a warning.
    const reasoned = await editedSample(base, (input) =>
      editSheet(join(input, DECISION), '审定', (ws) => {
        rowWhere(ws, { B: 'Z01A-014' }).getCell('E').value = '抗洪抢险中表现突出，经局党委研究破格表彰';
      }),
    );
    expect((await warned(reasoned)).map((p) => p.value)).not.toContain('Z01A-014');
  });

  it('warns at the 表彰决定’s row when it is dated before the 公示 ends', async () => {
    const store = await editedSample(base, (input) =>
      editSheet(join(input, DECISION), '表彰决定', (ws) => {
        rowWhere(ws, { A: '东教体党〔2011〕20号' }).getCell('B').value = new Date(Date.UTC(2011, 5, 28));
      }),
    );
    const early = (await scoringProblems(store, scheme, { period: '2011H1' })).filter((p) =>
      p.message.includes('公示到'),
    );
    expect(early).toEqual([
      expect.objectContaining({
        severity: 'warning',
        file: DECISION,
        sheet: '表彰决定',
        cell: '4',
        message:
          '表彰决定的成文日期为2011年6月28日，公示到2011年7月18日才结束：公示期满、反映的意见核实后才能审定，请核实日期',
      }),
    ]);
  });

  const decided2010 = async (input: string) => {
    const period = parsePeriod('2010H2') as Period;
    const wb = await buildDecisionWorkbook({
      scheme,
      period,
      round: awardRound(scheme, '2010H2')!,
      generatedAt: new Date(Date.UTC(2011, 0, 1)),
      data: {
        decisions: [{ award: AWARD_LABELS.advanced_org, candidateId: 'X02', opinion: AGREE.yes }],
        document: { docNo: '东教体党〔2011〕3号', docDate: new Date(Date.UTC(2011, 0, 24)) },
      },
    });
    await wb.xlsx.writeFile(join(input, '2010H2/2010H2_评先选优审定表.xlsx'));
  };
  const fails = (store: Store) =>
    store.rows<{ fails: string[] }>(
      "SELECT fails FROM award_candidate WHERE period = '2011H1' AND award = 'advanced_org' AND candidate_id = 'X02'",
    );

  it('fails an organization recommended in 2010H2 for the same award in 2011H1 (repeatGapPeriods 2)', async () => {
    const store = await editedSample(base, decided2010);
    const history = await store.rows<{ period: string; candidate_id: string; level: string }>(
      "SELECT period, candidate_id, level FROM award_history WHERE period = '2010H2'",
    );
    expect(history).toEqual([{ period: '2010H2', candidate_id: 'X02', level: 'recommend' }]);
    expect((await fails(store))[0]?.fails).toContain('repeat');
    // The committee's 推荐情况汇总 shows the earlier award and the 兑现 beside the rule it fails.
    const review = await awardReviewModel(store, scheme, '2011H1');
    const x02 = review!.awards
      .find((a) => a.kind === 'advanced_org')!
      .proposed.find((c) => c.name === '东湖区光明小学党支部')!;
    expect(x02.earlier).toEqual(['2010年下半年创先争优活动先进单位（推荐）']);
    expect(x02.kept).toMatch(/^兑现率 \d+\.\d%$/);
    expect(x02.fails).toContain('2个评议期内已获同一表彰');
  });

  it('lets the same award follow when repeatGapPeriods is 0', async () => {
    const store = await editedSample(
      base,
      decided2010,
      schemeText(['  repeatGapPeriods: 2\n', '  repeatGapPeriods: 0\n']),
    );
    expect((await fails(store))[0]?.fails).not.toContain('repeat');
  });
});
