// 回收情况: who returned what, which sheets are blank, who is late — from the rules alone, from
// a database read from real forms, and as `pingyi status` prints it.
import ExcelJS from 'exceljs';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DAILY_RECORD, type SheetSpec } from '../src/contract/form-layout.ts';
import { columnsOf, createTableSql } from '../src/contract/tables.ts';
import { periodStatus, type OrgFacts, type StatusFacts } from '../src/distribute/status.ts';
import { statusFacts } from '../src/distribute/status-facts.ts';
import { chaseTable, statusTable } from '../src/distribute/status-table.ts';
import { branchFormFileName, writeForms } from '../src/forms/write-forms.ts';
import { readRosterFile } from '../src/ingest/roster.ts';
import { build } from '../src/pipeline/build.ts';
import { withDatabase } from '../src/pipeline/collect.ts';
import { readManifest } from '../src/pipeline/manifest.ts';
import { parsePeriod } from '../src/scheme/period.ts';
import { Store } from '../src/store/db.ts';
import { headerColumn, pingyi, scheme, smallInput, tempDir } from './helpers.ts';

const day = (text: string) => new Date(`${text}T00:00:00Z`);
const DUE = day('2011-07-07');
const ITEMS = scheme.org.dimensions.reduce((n, d) => n + d.items.length, 0);

const org = (orgId: string, members = 3): OrgFacts => ({
  orgId,
  name: `${orgId}支部`,
  parentId: null,
  secretary: '王明',
  secretaryPhone: '13907910001',
  secretaryEmail: null,
  contact: null,
  contactPhone: null,
  contactEmail: null,
  members,
});

/** Every part filled for an organization of `members`, as a complete form gives them. */
const full = (orgId: string, members = 3): StatusFacts['filled'] => [
  { orgId, part: 'self', count: ITEMS },
  { orgId, part: 'rounds', count: members > 0 ? 4 : 2 },
  { orgId, part: 'votes', count: members },
  { orgId, part: 'satisfaction', count: 2 },
  { orgId, part: 'daily', count: members },
  { orgId, part: 'commitments', count: members },
];

const version = (orgId: string, path: string, o: Partial<StatusFacts['versions'][number]> = {}) => ({
  orgId,
  path,
  present: true,
  usable: true,
  rowsRead: 100,
  fillDate: day('2011-07-03'),
  mtime: new Date('2011-07-04T09:00:00'),
  ...o,
});

function facts(o: Partial<StatusFacts>): StatusFacts {
  return { period: '2011H1', orgs: [], versions: [], filled: [], problems: [], bureau: [], ...o };
}

describe('the 回收情况 rules', () => {
  it('tells returned, missing, blank and partly filled forms apart', () => {
    const s = periodStatus(
      scheme,
      facts({
        orgs: [org('A'), org('B'), org('C'), org('D'), org('E'), org('F')],
        versions: [
          version('A', 'a.xlsx'),
          version('C', 'c.xlsx'),
          version('D', 'd.xlsx'),
          version('E', 'e.xlsx'),
          // Sent back untouched: ingest refuses it as empty, but it did come back.
          version('F', 'f.xlsx', { usable: false, rowsRead: 0 }),
        ],
        filled: [
          ...full('A'),
          ...full('D').filter((f) => f.part !== 'daily'),
          ...full('E').map((f) => (f.part === 'commitments' ? { ...f, count: 1 } : f)),
        ],
      }),
      DUE,
      day('2011-07-05'),
    );
    expect(s.orgs.map((o) => [o.orgId, o.state, o.outstanding])).toEqual([
      ['A', 'complete', false],
      ['B', 'missing', true],
      ['C', 'blank', true],
      ['D', 'incomplete', true],
      ['E', 'incomplete', false],
      ['F', 'blank', true],
    ]);
    expect(s.orgs[3]!.blankSheets).toEqual([DAILY_RECORD.name]);
    expect(s.orgs[4]!.partialSheets).toEqual([{ sheet: '党员承诺', filled: 1, expected: 3 }]);
    expect(s.totals).toMatchObject({ orgs: 6, complete: 1, missing: 1, blank: 2, incomplete: 2, outstanding: 4 });
  });

  it('expects no member sheets from an organization without members (a 党总支)', () => {
    const s = periodStatus(
      scheme,
      facts({ orgs: [org('Z', 0)], versions: [version('Z', 'z.xlsx')], filled: full('Z', 0) }),
      DUE,
      day('2011-07-05'),
    );
    expect(s.orgs[0]).toMatchObject({ state: 'complete', blankSheets: [], partialSheets: [] });
  });

  it('counts days overdue for what is outstanding, and days late for a form returned after the due date', () => {
    const s = periodStatus(
      scheme,
      facts({
        orgs: [org('A'), org('B'), org('C')],
        versions: [
          version('A', 'a.xlsx', { fillDate: day('2011-07-09'), mtime: new Date('2011-07-09T17:00:00') }),
          version('C', 'c.xlsx'),
        ],
        filled: [...full('A'), ...full('C')],
      }),
      DUE,
      new Date('2011-07-12T18:00:00'),
    );
    expect(s.orgs.map((o) => [o.orgId, o.overdueDays, o.outstanding])).toEqual([
      ['A', 2, false],
      ['B', 5, true],
      ['C', 0, false],
    ]);
    expect(s.totals).toMatchObject({ overdue: 1, late: 1 });
    expect(chaseTable(s).rows.map((r) => [r[0], r[2], r[3], r[5]])).toEqual([['B', '评议表未交', 5, '13907910001']]);
  });

  it('is never overdue before the due date, nor without one', () => {
    const facts1 = facts({ orgs: [org('B')] });
    expect(periodStatus(scheme, facts1, DUE, day('2011-07-07')).orgs[0]!.overdueDays).toBe(0);
    expect(periodStatus(scheme, facts1, null, day('2012-01-01')).orgs[0]!.overdueDays).toBe(0);
  });

  it('dates a version by its 填表日期, unless that is later than the file itself', () => {
    const s = periodStatus(
      scheme,
      facts({
        orgs: [org('A'), org('B')],
        versions: [
          version('A', 'a.xlsx', { fillDate: day('2012-07-03'), mtime: new Date('2011-07-06T10:00:00') }),
          version('B', 'b.xlsx', { fillDate: null, mtime: new Date('2011-07-08T10:00:00') }),
        ],
        filled: [...full('A'), ...full('B')],
      }),
      DUE,
      day('2011-07-20'),
    );
    expect(s.orgs.map((o) => o.first?.date.toISOString().slice(0, 10))).toEqual(['2011-07-06', '2011-07-08']);
    expect(s.orgs[1]!.overdueDays).toBe(1);
  });

  it('keeps the first version even when it was replaced, and names the file that counts now', () => {
    const s = periodStatus(
      scheme,
      facts({
        orgs: [org('A')],
        versions: [
          version('A', 'old.xlsx', { present: false, fillDate: day('2011-07-01') }),
          version('A', 'new.xlsx', { fillDate: day('2011-07-10') }),
          version('A', 'broken.xlsx', { usable: false, rowsRead: 3, fillDate: null }),
        ],
        filled: full('A'),
      }),
      DUE,
      day('2011-07-20'),
    );
    expect(s.orgs[0]).toMatchObject({
      first: { path: 'old.xlsx' },
      latest: { path: 'new.xlsx' },
      files: ['new.xlsx'],
      unusable: ['broken.xlsx'],
      overdueDays: 0,
    });
    expect(statusTable(s).rows[0]).toContain('new.xlsx；broken.xlsx（无法读取）');
  });
});

/** Clears what a branch typed into a sheet, leaving the pre-filled names: a sheet left blank. */
async function clearSheet(file: string, spec: SheetSpec): Promise<void> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet(spec.name)!;
  for (const c of spec.columns.filter((c) => !c.prefilled)) {
    const col = headerColumn(ws, c.header);
    for (let r = 4; r <= ws.rowCount; r++) ws.getCell(r, col).value = null;
  }
  await wb.xlsx.writeFile(file);
}

describe('回收情况 from the forms in the input folder', () => {
  let dir: string;
  let input: string;
  const X01 = '2011H1/2011H1_X01_东湖区实验小学党支部_评议表.xlsx';
  const J01 = '2011H1/2011H1_J01_东湖区教科体局机关党支部_评议表.xlsx';

  beforeAll(async () => {
    dir = await tempDir('pingyi-status-');
    input = await smallInput(join(dir, 'input'), { orgs: ['J01', 'X01', 'X02'], periods: ['2011H1'] });
    // X02 has not sent its form; J01 left 日常量化 blank; X01 sent the blank form back.
    await rename(join(input, '2011H1/光明小学2011上半年创先争优（定稿）.xlsx'), join(dir, 'x02.xlsx'));
    await clearSheet(join(input, J01), DAILY_RECORD);
    const { roster } = await readRosterFile(join(input, '党组织和党员名册.xlsx'), scheme);
    const period = parsePeriod('2011H1')!;
    const blank = join(dir, 'blank');
    await writeForms({ scheme, roster, period, outDir: blank, generatedAt: new Date() });
    await rm(join(input, X01));
    const x01 = roster.orgs.find((o) => o.orgId === 'X01')!;
    await rename(join(blank, branchFormFileName(period, x01)), join(input, X01));
    await writeFile(join(dir, 'office.yaml'), 'due:\n  2011H1: 2011-07-07\n');
  }, 120_000);

  it('finds the missing form, the blank one, and the blank sheet in a filled one', async () => {
    const s = await withDatabase(
      { input, output: join(dir, 'output'), db: join(dir, 'db.duckdb'), read: true },
      { log: () => undefined },
      async (store) => periodStatus(scheme, await statusFacts(store, '2011H1'), DUE, day('2011-07-10')),
    );
    expect(s.orgs.map((o) => [o.orgId, o.state, o.blankSheets, o.overdueDays])).toEqual([
      ['J01', 'incomplete', ['日常量化'], 3],
      ['X01', 'blank', expect.arrayContaining(['支部自评', '日常量化']), 3],
      ['X02', 'missing', [], 3],
    ]);
    expect(s.orgs[0]!.files).toEqual([J01]);
    expect(s.bureau.returned).toBe(true);
  });

  it('prints the table and whom to call, and exits 1 while anything is outstanding', () => {
    const run = pingyi('status', '--input', input, '--output', join(dir, 'output'), '--db', join(dir, 'cli.duckdb'));
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/2011年上半年评议表回收情况（回收截止 2011-07-07，截至 \d{4}-\d\d-\d\d）/);
    expect(run.stdout).toMatch(/X02 +东湖区光明小学党支部 +未交/);
    expect(run.stdout).toMatch(/X01 +东湖区实验小学党支部 +交了空表/);
    expect(run.stdout).toMatch(/应交 3 个党组织，已交齐 0，部分未填 1，交了空表 1，未交 1，逾期未交齐 3/);
    expect(run.stdout).toMatch(/催交名单：[\s\S]*J01 +东湖区教科体局机关党支部 +未填写：日常量化 +\d+ +\S+ +1\d{10}/);
  });

  it('gives the same as JSON for other programs', () => {
    const run = pingyi(
      'status',
      '--json',
      '--input',
      input,
      '--output',
      join(dir, 'output'),
      '--db',
      join(dir, 'cli.duckdb'),
    );
    const json = JSON.parse(run.stdout) as {
      exitCode: number;
      periods: { orgs: { orgId: string; state: string }[] }[];
    };
    expect(json.exitCode).toBe(1);
    expect(json.periods[0]!.orgs.map((o) => o.state)).toEqual(['incomplete', 'blank', 'missing']);
  });

  it('is a sheet of results.xlsx, a section of index.html, and a one-page 催交名单 in PDF and xlsx', async () => {
    const output = join(dir, 'built');
    await build(
      { input, output, db: join(dir, 'build.duckdb'), jobs: 2, branchReports: true },
      { log: () => undefined },
    );
    const manifest = (await readManifest(output))!;
    const chase = manifest.outputs.filter((e) => e.kind === 'chase');
    expect(chase.map((e) => e.path).sort()).toEqual(['2011H1/催交名单.pdf', '2011H1/催交名单.xlsx']);
    expect(chase.find((e) => e.path.endsWith('.pdf'))!.pages).toBe(1);
    const pdf = execFileSync('pdftotext', ['-layout', join(output, '2011H1/催交名单.pdf'), '-'], { encoding: 'utf8' });
    expect(pdf).toContain('2011年上半年评议表催交名单');
    expect(pdf).toMatch(/X02 +东湖区光明小学党支部 +评议表未交/);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(output, '2011H1/results.xlsx'));
    const sheet = wb.getWorksheet('回收情况')!;
    const { columns } = statusTable(periodStatus(scheme, facts({}), null, new Date()));
    expect(sheet.getRow(1).values).toEqual([undefined, ...columns]);
    expect([2, 3, 4].map((r) => [sheet.getCell(r, 1).value, sheet.getCell(r, 3).value])).toEqual([
      ['J01', '部分未填'],
      ['X01', '交了空表'],
      ['X02', '未交'],
    ]);
    const index = readFileSync(join(output, 'index.html'), 'utf8');
    expect(index).toMatch(
      /<h3 id="collection-2011H1">2011年上半年评议表回收情况（回收截止 2011-07-07，截至 \d{4}-\d\d-\d\d）<\/h3>/,
    );
    expect(index).toContain('<h3>催交名单</h3>');
  }, 180_000);
});

describe('the roster contacts in a database made before them', () => {
  it('appends the new columns, so rows loaded after the upgrade land in the right ones', async () => {
    const dir = await tempDir('pingyi-migrate-');
    const file = join(dir, 'old.duckdb');
    await mkdir(dir, { recursive: true });
    // A version-3 roster_org: the columns up to 片区.
    const old = Store.open(file).then(async (store) => {
      await store.con.run('DROP TABLE roster_org');
      const v3 = columnsOf('roster_org').slice(0, columnsOf('roster_org').findIndex(([c]) => c === 'region') + 1);
      await store.con.run(`CREATE TABLE roster_org (${v3.map(([c, d]) => `${c} ${d.type}`).join(', ')})`);
      await store.con.run('UPDATE schema_info SET version = 3');
      store.close();
    });
    await old;
    const store = await Store.open(file);
    try {
      const at = { sheet: '组织', row_no: 4 };
      await store.loadFile(
        {
          sha256: 'a'.repeat(64),
          path: 'roster.xlsx',
          kind: 'roster',
          period: null,
          org_id: null,
          recognized_by: 'metadata',
          fill_date: null,
          fill_by: null,
          phone: null,
          file_size: 1,
          file_mtime: new Date(),
          context_hash: '',
          ingested_at: new Date(),
          present: true,
          usable: true,
          rows_read: 1,
          rows_accepted: 1,
          rows_rejected: 0,
        },
        {
          roster_org: [
            {
              ...at,
              org_id: 'X01',
              name: '实验小学党支部',
              level: '党支部',
              type: '小学',
              parent_id: null,
              secretary: '李芳',
              region: '城东片',
              secretary_phone: '13907910001',
              secretary_email: 'lifang@example.org',
              contact: '陈雪',
              contact_phone: '0791-86395435',
              contact_email: null,
            },
          ],
        },
        [],
      );
      expect(createTableSql('roster_org')).toContain('contact_email');
      expect(await store.rows('SELECT region, secretary_email, contact FROM roster_org')).toEqual([
        { region: '城东片', secretary_email: 'lifang@example.org', contact: '陈雪' },
      ]);
    } finally {
      store.close();
    }
  });
});
