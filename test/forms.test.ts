import type ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { branchFormFileName, bureauFormFileName, decisionFormFileName, writeForms } from '../src/forms/write-forms.ts';
import { buildRosterWorkbook } from '../src/forms/roster-form.ts';
import { writeWorkbook } from '../src/forms/workbook.ts';
import { decodeMetadata, encodeMetadata } from '../src/contract/form-metadata.ts';
import { readMetadata } from './exceljs-book.ts';
import { META_SHEET } from '../src/contract/form-layout.ts';
import { formsReference } from '../src/forms/reference.ts';
import { displayWidth } from '../src/forms/sheet-writer.ts';
import { membersOf, type Roster } from '../src/contract/roster.ts';
import { parsePeriod, type Period } from '../src/scheme/period.ts';
import { Random } from '../src/sample/random.ts';
import { makeSystem } from '../src/sample/system.ts';
import { columnValues, headerColumn, openWorkbook, scheme, sheet, tempDir } from './helpers.ts';

const period = parsePeriod('2011H1') as Period;
let roster: Roster;
let dir: string;

beforeAll(async () => {
  roster = makeSystem(new Random(7)).roster;
  dir = await tempDir();
  await writeForms({ scheme, roster, period, outDir: dir, generatedAt: new Date(Date.UTC(2011, 5, 1)) });
});

const branchFile = (orgId: string) =>
  join(
    dir,
    branchFormFileName(
      period,
      roster.orgs.find((o) => o.orgId === orgId)!,
    ),
  );

describe('pingyi forms', () => {
  it('writes one workbook per organization, one for the bureau and, in a period with an award round, the decision form', async () => {
    const files = (await readdir(dir)).sort();
    expect(files).toHaveLength(roster.orgs.length + 2);
    expect(files).toContain(decisionFormFileName(period));
    expect(files).toContain('2011H1_J01_东湖区教科体局机关党支部_评议表.xlsx');
    expect(files).toContain(bureauFormFileName(period));
  });

  it('writes metadata into the description and a very hidden sheet, so a renamed file is still recognised', async () => {
    const wb = await openWorkbook(branchFile('X01'));
    expect(readMetadata(wb)).toMatchObject({
      kind: 'branch',
      period: '2011H1',
      orgId: 'X01',
      schemeId: scheme.id,
      schemeVersion: scheme.version,
    });
    expect(wb.description).toMatch(/^pingyi:1 kind=branch period=2011H1 org=X01 /);
    expect(wb.getWorksheet(META_SHEET)?.state).toBe('veryHidden');
    wb.description = '';
    expect(readMetadata(wb)).toMatchObject({ kind: 'branch', orgId: 'X01', period: '2011H1' });
  });

  it('has the sheets a branch fills in, each with the title rows, a frozen header and A4 print setup', async () => {
    const wb = await openWorkbook(branchFile('X01'));
    expect(wb.worksheets.filter((w) => w.state === 'visible').map((w) => w.name)).toEqual([
      '说明',
      '支部自评',
      '评议票数',
      '民主评议计票',
      '民主评议票',
      '群众满意度',
      '意见建议',
      '日常量化',
      '党组织承诺',
      '党员承诺',
      '结对子',
      '推荐',
    ]);
    for (const ws of wb.worksheets.slice(1, -1)) {
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
      expect(ws.pageSetup).toMatchObject({ paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
      expect((ws as unknown as { sheetProtection: unknown }).sheetProtection).toMatchObject({ sheet: true });
      ws.getRow(3).eachCell((c, n) => {
        expect(c.protection?.locked ?? true).toBe(true);
        expect(ws.getColumn(n).width ?? 0).toBeGreaterThanOrEqual(Math.min(displayWidth(String(c.value)), 12));
      });
    }
  });

  it('shows the criteria from the source document and offers fill-in fields under defined names', async () => {
    const wb = await openWorkbook(branchFile('X01'));
    const text = valuesOf(sheet(wb, '说明')).join('\n');
    expect(text).toContain('东湖区实验小学党支部');
    expect(text).toContain('2011年上半年');
    expect(text).toContain('党员素质优良，有较强的党员意识和良好的精神面貌，切实发挥先锋模范作用。');
    expect(text).toContain('主动联系群众，积极为群众解难题、办实事，自觉维护群众正当权益。');
    const names = wb.definedNames.model.map((n) => n.name).sort();
    expect(names).toEqual(['PINGYI_FILL_BY', 'PINGYI_FILL_DATE', 'PINGYI_PHONE']);
    const fillDate = wb.definedNames.model.find((n) => n.name === 'PINGYI_FILL_DATE')!.ranges[0]!;
    const cell = sheet(wb, '说明').getCell(fillDate.split('!')[1]!.replace(/\$/g, ''));
    expect(cell.protection?.locked).toBe(false);
    expect(cell.dataValidation?.type).toBe('date');
  });

  it('lists every 考核细则 item with its maximum and limits the self-assessment points to it', async () => {
    const ws = sheet(await openWorkbook(branchFile('X01')), '支部自评');
    const items = scheme.org.dimensions.flatMap((d) => d.items);
    expect(columnValues(ws, '序号')).toEqual(items.map((it) => it.key));
    const pointsCol = headerColumn(ws, '自评得分');
    items.forEach((it, i) => {
      const cell = ws.getCell(4 + i, pointsCol);
      expect(cell.protection?.locked).toBe(false);
      expect(cell.dataValidation).toMatchObject({
        type: 'decimal',
        operator: 'between',
        formulae: [0, it.max],
        showErrorMessage: true,
      });
    });
    expect(ws.getCell(4, headerColumn(ws, '考核内容')).protection?.locked ?? true).toBe(true);
  });

  it('pre-fills the 民主评议 tally with this branch’s members only, per rater category, with whole-number validation', async () => {
    const ws = sheet(await openWorkbook(branchFile('X02')), '民主评议计票');
    const members = membersOf(roster, 'X02');
    const ids = columnValues(ws, '党员编号');
    expect(ids).toEqual(scheme.member.raterCategories.flatMap(() => members.map((m) => m.memberId)));
    expect(columnValues(ws, '评议人类别')).toEqual(
      scheme.member.raterCategories.flatMap((c) => members.map(() => c.label)),
    );
    const headers = scheme.member.grades.map((g) => g.label);
    for (const h of headers) {
      const cell = ws.getCell(4, headerColumn(ws, h));
      expect(cell.dataValidation).toMatchObject({ type: 'whole', operator: 'between', formulae: [0, 100000] });
      expect(cell.protection?.locked).toBe(false);
    }
    expect(ws.getCell(4, headerColumn(ws, '合计')).value).toMatchObject({
      formula: expect.stringMatching(/^SUM\(D4:G4\)$/),
    });
  });

  it('offers dropdowns for every graded cell', async () => {
    const wb = await openWorkbook(branchFile('X02'));
    const ballots = sheet(wb, '民主评议票');
    const grade = ballots.getCell(4, headerColumn(ballots, '总体评价')).dataValidation;
    expect(grade).toMatchObject({ type: 'list', formulae: ['"优秀,合格,基本合格,不合格"'] });
    const dim = ballots.getCell(200, headerColumn(ballots, '为人师表的模范')).dataValidation;
    expect(dim).toMatchObject({ type: 'list', formulae: ['"优秀,合格,基本合格,不合格"'] });
    const commitments = sheet(wb, '党员承诺');
    expect(commitments.getCell(4, headerColumn(commitments, '兑现情况')).dataValidation).toMatchObject({
      type: 'list',
      formulae: ['"已兑现,部分兑现,未兑现,顺延,未到期"'],
    });
    expect(commitments.getCell(4, headerColumn(commitments, '原因是否认可')).dataValidation).toMatchObject({
      type: 'list',
      formulae: ['"是,否"'],
    });
    const orgCommitments = sheet(wb, '党组织承诺');
    expect(orgCommitments.getCell(4, headerColumn(orgCommitments, '承诺类别')).dataValidation).toMatchObject({
      type: 'list',
      formulae: ['"领导班子好,党员队伍好,工作机制好,工作业绩好,群众反映好,为群众办实事"'],
    });
    const satisfaction = sheet(wb, '群众满意度');
    expect(columnValues(satisfaction, '评议人类别')).toEqual(['党员', '群众']);
    expect(satisfaction.getRow(3).values).toEqual(
      expect.arrayContaining(['满意', '比较满意', '基本满意', '不满意', '不了解', '合计']),
    );
    const daily = sheet(wb, '日常量化');
    expect(daily.getCell(4, headerColumn(daily, '日常量化得分')).dataValidation).toMatchObject({
      type: 'decimal',
      formulae: [0, 100],
    });
  });

  it('lists the ballot rounds to fill in and states the number of party members to help', async () => {
    const ws = sheet(await openWorkbook(branchFile('X02')), '评议票数');
    const full = membersOf(roster, 'X02').filter((m) => m.status === 'full').length;
    expect(columnValues(ws, '评议类型')).toEqual(['民主评议党员', '民主评议党员', '群众满意度测评', '群众满意度测评']);
    expect(ws.getCell('A2').value).toContain(`名册中本组织有正式党员 ${full} 人`);
    expect(ws.getCell(4, headerColumn(ws, '应参加人数')).value).toBeNull();
    expect(ws.getCell(4, headerColumn(ws, '应参加人数')).protection?.locked).toBe(false);
  });

  it('gives the bureau every organization × item, a comment row per organization and one per member', async () => {
    const wb = await openWorkbook(join(dir, bureauFormFileName(period)));
    expect(readMetadata(wb)).toMatchObject({ kind: 'bureau', period: '2011H1' });
    const review = sheet(wb, '上级考评');
    const items = scheme.org.dimensions.flatMap((d) => d.items).length;
    expect(columnValues(review, '党组织编号')).toHaveLength(roster.orgs.length * items);
    expect(review.getCell(4, headerColumn(review, '考评得分')).dataValidation).toMatchObject({ type: 'decimal' });
    const comments = sheet(wb, '领导点评');
    expect(columnValues(comments, '党组织编号')).toEqual(roster.orgs.map((o) => o.orgId));
    for (const h of ['主要成绩', '存在问题', '努力方向'])
      expect(comments.getCell(4, headerColumn(comments, h)).protection?.locked).toBe(false);
    const members = sheet(wb, '党员点评');
    expect(columnValues(members, '党员编号')).toEqual(
      roster.orgs.flatMap((o) => membersOf(roster, o.orgId).map((m) => m.memberId)),
    );
    for (const h of ['主要成绩', '存在不足', '努力方向', '点评人'])
      expect(members.getCell(4, headerColumn(members, h)).protection?.locked).toBe(false);
  });
});

describe('the roster template', () => {
  it('has 组织, 党员 and 处分 sheets with headers, dropdowns and instructions', async () => {
    const file = join(await tempDir(), 'roster.xlsx');
    await writeWorkbook(await buildRosterWorkbook(scheme, new Date()), file);
    const wb = await openWorkbook(file);
    expect(readMetadata(wb)?.kind).toBe('roster');
    expect(wb.worksheets.filter((w) => w.state === 'visible').map((w) => w.name)).toEqual([
      '说明',
      '组织',
      '党员',
      '处分',
    ]);
    const orgs = sheet(wb, '组织');
    expect(orgs.getRow(3).values).toEqual([
      undefined,
      '组织编号',
      '组织名称',
      '组织类别',
      '单位类型',
      '上级组织编号',
      '书记',
      '书记电话',
      '书记邮箱',
      '联系人',
      '联系人电话',
      '联系人邮箱',
      '片区',
    ]);
    expect(orgs.getCell(3, headerColumn(orgs, '片区')).note).toContain('可不填');
    // Text cells: 0791… keeps its 0, 138… is not shown as 1.38E+10.
    expect(orgs.getCell(4, headerColumn(orgs, '书记电话')).numFmt).toBe('@');
    expect(orgs.getCell(3, headerColumn(orgs, '书记邮箱')).note).toContain('报告和评议结果发到这个邮箱');
    expect(orgs.getCell(4, 3).dataValidation).toMatchObject({ type: 'list', formulae: ['"党总支,党支部"'] });
    expect(orgs.getCell(4, 4).dataValidation?.formulae?.[0]).toContain('幼儿园');
    const members = sheet(wb, '党员');
    expect(members.getCell(10, headerColumn(members, '党员类别')).dataValidation).toMatchObject({
      formulae: ['"正式党员,预备党员"'],
    });
    expect(members.getCell(10, headerColumn(members, '出生日期')).dataValidation).toMatchObject({ type: 'date' });
    expect(members.getCell(10, headerColumn(members, '党务工作者')).dataValidation).toMatchObject({
      formulae: ['"是,否"'],
    });
    const sanctions = sheet(wb, '处分');
    expect(sanctions.getCell(4, headerColumn(sanctions, '处分类型')).dataValidation?.formulae?.[0]).toContain(
      '留党察看',
    );
    expect(valuesOf(sheet(wb, '说明')).join('')).toContain('一票否决');
  });
});

describe('form metadata text', () => {
  it('survives LibreOffice turning separators into spaces and round-trips odd characters', () => {
    const meta = {
      kind: 'branch' as const,
      schemeId: 'x',
      schemeVersion: '1 beta',
      period: '2011H1',
      orgId: 'A-1',
      generatedAt: '2011-01-01T00:00:00.000Z',
    };
    expect(decodeMetadata(encodeMetadata(meta))).toEqual(meta);
    expect(decodeMetadata(encodeMetadata(meta).replace(/ /g, ';'))).toEqual(meta);
    expect(decodeMetadata('something else')).toBeNull();
    expect(decodeMetadata('pingyi:1 kind=unknown')).toBeNull();
  });
});

function valuesOf(ws: ExcelJS.Worksheet): string[] {
  const out: string[] = [];
  ws.eachRow((row) => row.eachCell((c) => out.push(String(c.value))));
  return out;
}

describe('docs/forms.md', () => {
  it('is the reference generated from the current layout (run `npm run docs` after changing a form)', () => {
    expect(readFileSync('docs/forms.md', 'utf8')).toBe(formsReference(scheme));
  });
});
