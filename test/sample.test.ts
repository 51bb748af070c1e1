import ExcelJS from 'exceljs';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cellScalar, readMetadata } from './exceljs-book.ts';
import { readRosterFile } from '../src/ingest/roster.ts';
import type { Roster } from '../src/contract/roster.ts';
import { generateSample, generateSynthetic, ROSTER_FILE_NAME } from '../src/sample/generate.ts';
import { columnValues, headerColumn, openWorkbook, scheme, sheet, tempDir } from './helpers.ts';

const INPUT = 'input';

async function xlsxFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.xlsx'))
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

async function sha256(file: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(file))
    .digest('hex');
}

async function findForm(period: string, orgId: string): Promise<ExcelJS.Workbook> {
  for (const f of await xlsxFiles(join(INPUT, period))) {
    const wb = await openWorkbook(join(INPUT, period, f));
    if (readMetadata(wb)?.orgId === orgId) return wb;
  }
  throw new Error(`no form for ${orgId} in ${period}`);
}

let roster: Roster;
beforeAll(async () => {
  roster = (await readRosterFile(join(INPUT, ROSTER_FILE_NAME), scheme)).roster;
});

describe('the shipped sample input', () => {
  it('is byte for byte what the generator writes (regenerate with `npm run sample` after changing it)', async () => {
    const dir = await tempDir();
    await generateSample({ scheme, outDir: dir });
    const files = await xlsxFiles(dir);
    expect(await xlsxFiles(INPUT)).toEqual(files);
    for (const f of files) expect(await sha256(join(INPUT, f)), f).toBe(await sha256(join(dir, f)));
  });

  it('is a plausible system: the bureau office, schools and kindergartens, one 党总支 with two 党支部', () => {
    expect(roster.orgs).toHaveLength(14);
    expect(roster.orgs.filter((o) => o.level === '党总支')).toHaveLength(1);
    const general = roster.orgs.find((o) => o.level === '党总支')!;
    expect(roster.orgs.filter((o) => o.parentId === general.orgId)).toHaveLength(2);
    expect(new Set(roster.orgs.map((o) => o.type))).toEqual(
      new Set(['机关', '中学', '九年一贯制学校', '小学', '幼儿园', '职业学校']),
    );
  });

  it('has about 250 members, some under 35, some probationary, a few party workers and one sanction', () => {
    const members = roster.members;
    expect(members.length).toBeGreaterThanOrEqual(220);
    expect(members.length).toBeLessThanOrEqual(280);
    const under35 = members.filter((m) => m.birthDate > new Date(Date.UTC(1976, 5, 30)));
    expect(under35.length / members.length).toBeGreaterThan(0.15);
    expect(members.filter((m) => m.status === 'probationary').length).toBeGreaterThanOrEqual(3);
    expect(members.filter((m) => m.partyWorker).length).toBeGreaterThanOrEqual(13);
    expect(roster.sanctions).toHaveLength(1);
    expect(new Set(members.map((m) => m.name)).size).toBeGreaterThan(members.length * 0.9);
  });

  it('has filled forms from every organization and the bureau for 2010H2 and 2011H1, some renamed', async () => {
    for (const period of ['2010H2', '2011H1']) {
      const files = await xlsxFiles(join(INPUT, period));
      const metas = await Promise.all(files.map(async (f) => readMetadata(await openWorkbook(join(INPUT, period, f)))));
      expect(metas.every((m) => m?.period === period)).toBe(true);
      expect(
        metas
          .filter((m) => m?.kind === 'branch')
          .map((m) => m?.orgId)
          .sort(),
      ).toEqual(roster.orgs.map((o) => o.orgId).sort());
      expect(metas.filter((m) => m?.kind === 'bureau')).toHaveLength(1);
    }
    expect(await xlsxFiles(join(INPUT, '2011H1'))).toContain('光明小学2011上半年创先争优（定稿）.xlsx');
  });

  it('has varied self-assessment points and bureau comments', async () => {
    const bureau = await openWorkbook(join(INPUT, '2011H1', '2011H1_上级考评和领导点评表.xlsx'));
    const points = columnValues(sheet(bureau, '上级考评'), '考评得分').map((v) => cellScalar(v as ExcelJS.CellValue));
    expect(new Set(points).size).toBeGreaterThan(3);
    const comments = columnValues(sheet(bureau, '领导点评'), '存在问题');
    expect(new Set(comments).size).toBeGreaterThan(3);
  });

  it('contains the realistic mistakes the data-quality report should show', async () => {
    const x02 = sheet(await findForm('2011H1', 'X02'), '民主评议计票');
    const names = new Map(roster.members.map((m) => [m.memberId, m.name]));
    const misspelt = columnValues(x02, '党员编号').filter(
      (id, i) => names.get(String(id)) !== columnValues(x02, '姓名')[i],
    );
    expect(misspelt).toHaveLength(1);

    const z02 = await findForm('2011H1', 'Z02');
    const returned = Number(sheet(z02, '评议票数').getCell(4, headerColumn(sheet(z02, '评议票数'), '收回票数')).value);
    const totals = columnValues(sheet(z02, '民主评议计票'), '合计').map(
      (v) => cellScalar(v as ExcelJS.CellValue) as number,
    );
    expect(totals.filter((t) => t > returned)).toHaveLength(1);

    const x03 = sheet(await findForm('2011H1', 'X03'), '日常量化');
    expect(columnValues(x03, '日常量化得分').filter((v) => typeof v === 'string' && v.endsWith('分'))).toHaveLength(1);
  });

  it('has one branch that sent electronic ballots, one row per ballot and member', async () => {
    const v01 = await findForm('2011H1', 'V01');
    const ballots = sheet(v01, '民主评议票');
    const ids = columnValues(ballots, '票号').filter((v) => v !== null);
    const members = roster.members.filter((m) => m.orgId === 'V01').length;
    expect(ids.length % members).toBe(0);
    expect(ids.length).toBeGreaterThan(members * 10);
  });
});

describe('the workbooks pingyi writes', () => {
  it("open in exceljs's streaming reader too (the workbook part comes before the sheets)", async () => {
    const files = await xlsxFiles(INPUT);
    for (const f of files) {
      let rows = 0;
      for await (const ws of new ExcelJS.stream.xlsx.WorkbookReader(join(INPUT, f), {}))
        for await (const row of ws) rows += row ? 1 : 0;
      expect(rows, f).toBeGreaterThan(0);
    }
  }, 120_000);
});

describe('synthetic benchmark input', () => {
  it('is the same files, byte for byte, when several processes share the writing', async () => {
    const o = { scheme, seed: 7, orgs: 5, members: 80, periods: ['2011H1'], electronicShare: 0.5 };
    const [whole, shared] = [await tempDir(), await tempDir()];
    await generateSynthetic({ ...o, outDir: whole });
    for (const index of [1, 0, 2]) await generateSynthetic({ ...o, outDir: shared, part: { index, of: 3 } });
    const digests = async (dir: string) =>
      Promise.all((await xlsxFiles(dir)).map(async (f) => [f, await sha256(join(dir, f))]));
    const files = await digests(whole);
    expect(files).toHaveLength(1 + 5 + 1);
    expect(await digests(shared)).toEqual(files);
  }, 120_000);
});
