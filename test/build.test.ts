// The build as the nightly run uses it: incremental by content, outputs published whole.
import ExcelJS from 'exceljs';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { build, type BuildOptions, type BuildSummary } from '../src/pipeline/build.ts';
import { acquireLocks } from '../src/pipeline/lock.ts';
import { warmWorker } from '../src/pipeline/warm.ts';
import * as readFile from '../src/ingest/read-file.ts';
import { Store } from '../src/store/db.ts';
import { expectWholeOutput, smallInput, tempDir } from './helpers.ts';
import { shareChromiumBetweenBuilds } from './shared-chromium.ts';

let dir: string;
let options: BuildOptions;
let first: BuildSummary;
const quiet = { log: () => undefined };
const X01_2011H1 = '2011H1/2011H1_X01_东湖区实验小学党支部_评议表.xlsx';
const X01_REPORT = '2011H1/党组织/X01_东湖区实验小学党支部.pdf';
const X01_2010H2 = '2010H2/2010H2_X01_东湖区实验小学党支部_评议表.xlsx';

const keysOf = (outputs: BuildSummary['outputs'], period: string) =>
  Object.fromEntries(outputs.filter((o) => o.period === period).map((o) => [o.path, o.key]));

/** Re-saves a workbook of the input with one cell changed, as a branch sending a corrected form would. */
async function editCell(file: string, sheet: string, cell: string, value: ExcelJS.CellValue): Promise<void> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  wb.getWorksheet(sheet)!.getCell(cell).value = value;
  await wb.xlsx.writeFile(file);
}

shareChromiumBetweenBuilds();

beforeAll(async () => {
  dir = await tempDir('pingyi-build-');
  options = {
    input: await smallInput(join(dir, 'input')),
    output: join(dir, 'output'),
    db: join(dir, 'pingyi.duckdb'),
    jobs: 2,
  };
  first = await build(options, quiet);
}, 300_000);

describe('an incremental build', () => {
  it('makes every output the first time and publishes them whole, with a run log', () => {
    expect(first.ingest.read).toBe(first.ingest.files.length);
    expect(first.score.skipped).toBe(false);
    expect(first.render.reused).toBe(0);
    // Two periods × (summary, data-quality report, two rankings, two organizations' reports and 承诺公示), the
    // award rounds' 公示 and 推荐情况汇总 (2010H2 and 2011H1) and 2011H1's 表彰决定 list, + the exports.
    expect(first.outputs.filter((o) => o.path.endsWith('.pdf'))).toHaveLength(21);
    expect(first.render.made).toEqual(first.outputs.map((o) => o.path).sort());
    const manifest = expectWholeOutput(options.output);
    expect(manifest.outputs).toEqual(first.outputs);
    const log = readFileSync(join(options.output, 'build.log'), 'utf8');
    expect(log).toMatch(/^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\] 评议方案：/);
    expect(log).toContain('读入：8 个文件，新读 8 个');
    expect(existsSync(`${options.output}.staging`)).toBe(false);
    expect(existsSync(`${options.output}.lock`)).toBe(false);
  });

  it('parses nothing, scores nothing and prints nothing when nothing changed', async () => {
    const again = await build(options, quiet);
    expect(again.ingest.read).toBe(0);
    expect(again.ingest.skipped).toBe(8);
    expect(again.score.skipped).toBe(true);
    expect(again.render.made).toEqual([]);
    expect(again.render.reused).toBe(first.outputs.length);
    expect(expectWholeOutput(options.output).outputs).toEqual(first.outputs);
  }, 120_000);

  it('makes again a published file edited in place or deleted, and takes the others as they are', async () => {
    const edited = join(options.output, '2011H1/党组织排名.pdf');
    const bytes = readFileSync(edited);
    // As many bytes as before, written into the same file: its modification time tells.
    writeFileSync(edited, Buffer.alloc(bytes.length, 0x20));
    rmSync(join(options.output, '2010H2/results.xlsx'));
    const s = await build(options, quiet);
    expect(s.render.made).toEqual(['2010H2/results.xlsx', '2011H1/党组织排名.pdf']);
    expect(s.render.reused).toBe(first.outputs.length - 2);
    expect(readFileSync(edited).subarray(0, 5).toString()).toBe('%PDF-');
    expectWholeOutput(options.output);
  }, 120_000);

  it('re-prints only the report a changed public comment appears in', async () => {
    await editCell(join(options.input, X01_2011H1), '意见建议', 'B4', '希望多组织教研活动');
    const s = await build(options, quiet);
    expect(s.ingest.read).toBe(1);
    expect(s.render.made).toEqual([X01_REPORT]);
    expectWholeOutput(options.output);
  }, 120_000);

  it('re-prints the documents of the period whose scores changed, and none of the other period', async () => {
    await editCell(join(options.input, X01_2011H1), '支部自评', 'E4', 1);
    const s = await build(options, quiet);
    expect(s.ingest.read).toBe(1);
    expect(s.score.skipped).toBe(false);
    expect(s.render.made).toContain('2011H1/党组织排名.pdf');
    expect(s.render.made).toContain('2011H1/results.xlsx');
    expect(s.render.made).toContain(X01_REPORT);
    expect(s.render.made.filter((p) => p.startsWith('2010H2/'))).toEqual([]);
    // The older period was taken whole, its view models not even computed.
    expect(s.render.profile['plan: view model summary']?.count).toBe(1);
    expectWholeOutput(options.output);
    // Rightly: planned afresh, the older period's files have the keys they were taken under.
    const forced = await build({ ...options, force: true, periods: ['2010H2'] }, quiet);
    expect(keysOf(forced.outputs, '2010H2')).toEqual(keysOf(s.outputs, '2010H2'));
  }, 240_000);

  it('re-plans the newer period when a form of the older one changed: its documents look back', async () => {
    await editCell(join(options.input, X01_2010H2), '支部自评', 'E4', 1);
    const s = await build(options, quiet);
    expect(s.score.skipped).toBe(false);
    expect(s.render.profile['plan: view model summary']?.count).toBe(2);
    expect(s.render.made).toContain('2010H2/党组织排名.pdf');
    // The 2011H1 ranking shows the change against 2010H2.
    expect(s.render.made).toContain('2011H1/党组织排名.pdf');
    expectWholeOutput(options.output);
  }, 120_000);

  it('takes a removed file out of the results, and puts it back without reading it again', async () => {
    const aside = join(dir, 'aside.xlsx');
    await rename(join(options.input, X01_2011H1), aside);
    const removed = await build(options, quiet);
    expect(removed.ingest.read).toBe(0);
    expect(removed.score.skipped).toBe(false);
    expect(removed.render.made).toContain('2011H1/党组织排名.pdf');
    const csv = readFileSync(join(options.output, '2011H1/csv/党组织排名.csv'), 'utf8').split('\r\n');
    expect(csv.find((l) => l.includes(',X01,'))).toMatch(/,X01,东湖区实验小学党支部,[^,]*,,/);

    await rename(aside, join(options.input, X01_2011H1));
    const back = await build(options, quiet);
    expect(back.ingest.read).toBe(0);
    expect(back.render.made).toContain('2011H1/党组织排名.pdf');
    expectWholeOutput(options.output);
  }, 180_000);

  it('reads and makes everything again with force (here for one period)', async () => {
    const s = await build({ ...options, force: true, periods: ['2011H1'] }, quiet);
    expect(s.ingest.read).toBe(8);
    expect(s.score.skipped).toBe(false);
    expect(s.render.made).toEqual(
      s.outputs
        .filter((o) => o.period === '2011H1')
        .map((o) => o.path)
        .sort(),
    );
    expect(s.render.reused).toBe(s.outputs.filter((o) => o.period === '2010H2').length);
    expectWholeOutput(options.output);
  }, 180_000);
});

describe("organizations' own reports", () => {
  it('are left out when not wanted, with the 承诺公示 and the member ranking PDF, and come back printed, re-printing only the summaries that say where the names are', async () => {
    const lines: string[] = [];
    const without = await build({ ...options, branchReports: false }, { log: (l) => lines.push(l) });
    expect(without.render.branchReports).toBe(false);
    const own = ['branch', 'branch-members', 'commitments', 'member-ranking'];
    expect(without.outputs.some((o) => own.includes(o.kind))).toBe(false);
    expect(without.outputs.some((o) => o.path.endsWith('csv/党员评议结果.csv'))).toBe(true);
    // The summary says where the lowest-graded members are named: results.xlsx now, not the member ranking.
    const summaries = ['2010H2/总体情况报告.pdf', '2011H1/总体情况报告.pdf'];
    expect(without.render.made).toEqual(summaries);
    expect(lines).toContain(
      '各党组织的 PDF 报告、承诺公示和党员排名 PDF：按 --no-branch-reports 未生成；全部党员的结果在 results.xlsx 和 csv/党员评议结果.csv 中',
    );
    expect(existsSync(join(options.output, X01_REPORT))).toBe(false);
    expectWholeOutput(options.output);

    const back = await build(options, quiet);
    expect(back.render.branchReports).toBe(true);
    expect(back.render.made).toEqual(
      back.outputs
        .filter((o) => own.includes(o.kind) || summaries.includes(o.path))
        .map((o) => o.path)
        .sort(),
    );
    // Per period: the summary, the member ranking, and each of the two organizations' report, 承诺公示 and members' results.
    expect(back.render.made).toHaveLength(16);
    expect(existsSync(join(options.output, X01_REPORT))).toBe(true);
  }, 180_000);
});

describe('the output folder', () => {
  it('is not replaced when it holds files pingyi did not write', async () => {
    const foreign = join(dir, 'someone-else');
    await mkdir(foreign);
    await writeFile(join(foreign, '工作总结.docx'), 'keep me');
    await expect(build({ ...options, output: foreign }, quiet)).rejects.toThrow(/不是 pingyi 生成的文件/);
    expect(readFileSync(join(foreign, '工作总结.docx'), 'utf8')).toBe('keep me');
  }, 120_000);

  it('is put back whole when a run was killed between the two renames of publishing', async () => {
    const before = expectWholeOutput(options.output);
    await rename(options.output, `${options.output}.previous`);
    await mkdir(`${options.output}.staging`);
    const lines: string[] = [];
    const s = await build(options, { log: (l) => lines.push(l) });
    expect(lines[0]).toContain('已恢复原来的输出');
    expect(s.render.made).toEqual([]);
    expect(expectWholeOutput(options.output).outputs).toEqual(before.outputs);
    expect(existsSync(`${options.output}.previous`)).toBe(false);
  }, 120_000);
});

describe('a --templates folder that is not there', () => {
  it('stops the build before it reads or scores anything, saying so (the input and outputs untouched)', async () => {
    const before = expectWholeOutput(options.output);
    const elsewhere = join(dir, 'templates-typo');
    const lines: string[] = [];
    await expect(
      build({ ...options, templates: elsewhere, db: join(elsewhere, 'pingyi.duckdb') }, { log: (l) => lines.push(l) }),
    ).rejects.toThrow(`模板文件夹 ${elsewhere} 不存在或不是文件夹`);
    expect(lines).toEqual([]);
    expect(existsSync(elsewhere)).toBe(false);
    expect(expectWholeOutput(options.output).outputs).toEqual(before.outputs);
  });
});

describe('a build whose scoring fails', () => {
  it('ends with the error, the 回收情况 read beside the rolled-back scoring, and leaves the results as they were', async () => {
    const results = () =>
      Store.using(options.db, (store) => store.rows('SELECT period, org_id, total, rank FROM org_result ORDER BY ALL'));
    const before = await results();
    // Halfway through the models, inside the scoring's transaction, after some of them replaced their tables.
    const failing = {
      ...quiet,
      pause: async (point: string) => {
        if (point === 'score') throw new Error('评分中断（测试）');
      },
    };
    await expect(build({ ...options, force: true }, failing)).rejects.toThrow('评分中断（测试）');
    expect(existsSync(`${options.db}.lock`)).toBe(false);
    expect(await results()).toEqual(before);
    // The database closed cleanly: the next build opens it and publishes, on the same results.
    const next = await build(options, quiet);
    expect(next.render.failed).toEqual([]);
    expect(await results()).toEqual(before);
  }, 180_000);
});

describe("the watch worker's warm-up after its first build", () => {
  const running = () => new AbortController().signal;

  it('reads the newest form against the roster and plans the newest period, changing nothing and releasing the lock', async () => {
    const manifest = readFileSync(join(options.output, 'manifest.json'));
    const published = expectWholeOutput(options.output).outputs;
    const forms = readdirSync(options.input, { recursive: true, encoding: 'utf8' }).filter(
      (f) => f.endsWith('.xlsx') && f !== '党组织和党员名册.xlsx',
    );
    const newest = forms.sort((a, b) => mtime(b) - mtime(a))[0];
    const reading = vi.spyOn(readFile, 'readInputFile');
    try {
      expect(await warmWorker(options, running())).toEqual({ form: newest, period: '2011H1' });
      // The form was read with the roster (without it, a form is refused before its sheets are read).
      const form = reading.mock.calls.find(([file]) => file.name === newest);
      expect(form).toBeDefined();
      expect(form![2]).not.toBeNull();
    } finally {
      reading.mockRestore();
    }
    expect(readFileSync(join(options.output, 'manifest.json'))).toEqual(manifest);
    expect(expectWholeOutput(options.output).outputs).toEqual(published);
    expect(existsSync(`${options.db}.lock`)).toBe(false);
    // The next build finds nothing changed by it.
    const next = await build(options, quiet);
    expect(next.ingest.read).toBe(0);
    expect(next.render.made).toEqual([]);
  }, 120_000);

  it('leaves the database alone while a build holds it, without waiting for that build', async () => {
    const held = await acquireLocks([`${resolve(options.db)}.lock`], { wait: false });
    const opening = vi.spyOn(Store, 'open');
    try {
      // It would wait until the test's timeout if it waited for the lock.
      expect(await warmWorker(options, running())).toEqual({ skipped: '数据库正被另一个生成使用' });
      expect(opening).not.toHaveBeenCalled();
    } finally {
      opening.mockRestore();
      held.release();
    }
  }, 60_000);

  it('stops before reading when a build is waiting for it', async () => {
    const waiting = new AbortController();
    waiting.abort();
    const reading = vi.spyOn(readFile, 'readInputFile');
    try {
      expect(await warmWorker(options, waiting.signal)).toEqual({ skipped: '有新的生成' });
      expect(reading).not.toHaveBeenCalled();
    } finally {
      reading.mockRestore();
    }
    expect(existsSync(`${options.db}.lock`)).toBe(false);
  }, 60_000);
});

function mtime(name: string): number {
  return statSync(join(options.input, name)).mtimeMs;
}
