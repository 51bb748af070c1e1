import { describe, expect, it } from 'vitest';
import { ExcelJSBook, readMetadata } from './exceljs-book.ts';
import { META_SHEET } from '../src/contract/form-layout.ts';
import { readRoster, readRosterFile } from '../src/ingest/roster.ts';
import { headerColumn, openWorkbook, scheme, sheet } from './helpers.ts';

// These files were written by `pingyi sample` and saved again by LibreOffice Calc 7.4
// (soffice --headless --convert-to xlsx), as an office would when it opens and saves.
const BRANCH = 'test/fixtures/libreoffice/branch-Z02-2011H1-resaved-by-libreoffice.xlsx';
const ROSTER = 'test/fixtures/libreoffice/roster-resaved-by-libreoffice.xlsx';

describe('a form saved again by LibreOffice', () => {
  it('is still recognised by its metadata', async () => {
    const wb = await openWorkbook(BRANCH);
    expect(readMetadata(wb)).toMatchObject({ kind: 'branch', period: '2011H1', orgId: 'Z02', schemeId: scheme.id });
    // LibreOffice turns veryHidden into hidden: the proof this file went through it.
    expect(wb.getWorksheet(META_SHEET)?.state).toBe('hidden');
    wb.description = '';
    expect(readMetadata(wb)).toMatchObject({ kind: 'branch', orgId: 'Z02' });
  });

  it('keeps its dropdowns, validations, fill-in fields and formulas with results', async () => {
    const wb = await openWorkbook(BRANCH);
    const tally = sheet(wb, '民主评议计票');
    expect(tally.getCell(4, headerColumn(tally, '优秀')).dataValidation).toMatchObject({
      type: 'whole',
      formulae: [0, 100000],
    });
    expect(tally.getCell(4, headerColumn(tally, '合计')).value).toMatchObject({
      formula: 'SUM(D4:G4)',
      result: expect.any(Number),
    });
    const ballots = sheet(wb, '民主评议票');
    expect(ballots.getCell(4, headerColumn(ballots, '总体评价')).dataValidation).toMatchObject({ type: 'list' });
    expect(wb.definedNames.model.map((n) => n.name).sort()).toEqual([
      'PINGYI_FILL_BY',
      'PINGYI_FILL_DATE',
      'PINGYI_PHONE',
    ]);
  });

  // The re-saved roster predates the 片区 column: it is also the old roster that must keep working.
  it('gives the same roster as the original, without regions and contacts (the re-saved file predates both columns)', async () => {
    const resaved = readRoster(new ExcelJSBook(await openWorkbook(ROSTER)), ROSTER, scheme);
    const original = await readRosterFile('input/党组织和党员名册.xlsx', scheme);
    expect(resaved.problems).toEqual([]);
    expect(resaved.roster).toEqual({
      ...original.roster,
      orgs: original.roster.orgs.map((o) => ({
        ...o,
        region: null,
        secretaryPhone: null,
        secretaryEmail: null,
        contact: null,
        contactPhone: null,
        contactEmail: null,
      })),
    });
  });
});
