import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readMetadata } from './exceljs-book.ts';
import { DEFAULT_SCHEME_FILE } from '../src/scheme/load.ts';
import { readFileSync } from 'node:fs';
import { openWorkbook, pingyi, tempDir } from './helpers.ts';

describe('the pingyi command', () => {
  it('lists its commands in Chinese with --help', () => {
    const r = pingyi('--help');
    expect(r.code).toBe(0);
    for (const cmd of ['forms', 'scheme', 'sample', 'build']) expect(r.stdout).toMatch(new RegExp(`pingyi ${cmd}\\s`));
    expect(r.stdout).toContain('生成空白评议表');
  });

  it('writes blank forms for every organization in a roster', async () => {
    const out = await tempDir();
    const r = pingyi('forms', '--roster', 'input/党组织和党员名册.xlsx', '--period', '2011H2', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('已为 2011年下半年 生成 15 份评议表（14 个党组织 + 1 份上级考评表）');
    const files = await readdir(out);
    expect(files).toHaveLength(15);
    const wb = await openWorkbook(
      join(
        out,
        files.find((f) => f.includes('X01'))!,
      ),
    );
    expect(readMetadata(wb)).toMatchObject({ kind: 'branch', orgId: 'X01', period: '2011H2' });
  });

  it("counts the committee's decision form among the forms of a period with an award round", async () => {
    const out = await tempDir();
    const r = pingyi('forms', '--roster', 'input/党组织和党员名册.xlsx', '--period', '2011H1', '--out', out);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('生成 16 份评议表（14 个党组织 + 1 份上级考评表 + 1 份评先选优审定表）');
    expect(await readdir(out)).toContain('2011H1_评先选优审定表.xlsx');
  });

  it('writes an empty roster template', async () => {
    const file = join(await tempDir(), '名册模板.xlsx');
    const r = pingyi('forms', '--roster-template', file);
    expect(r.code).toBe(0);
    expect(readMetadata(await openWorkbook(file))?.kind).toBe('roster');
  });

  it('exits 2 for a watch that would look at the folder without pause or settle in negative time', () => {
    const none = pingyi('watch', '--interval', '0');
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--interval 应为大于 0 的秒数（现为 0）');
    const negative = pingyi('watch', '--settle', '-1');
    expect(negative.code).toBe(2);
    expect(negative.stderr).toContain('--settle 应为不小于 0 的秒数（现为 -1）');
  });

  it('exits 2 for a mistyped command or option, saying what was meant in plain words', () => {
    const command = pingyi('biuld');
    expect(command.code).toBe(2);
    expect(command.stderr).toContain('没有这个命令；要运行的是不是 pingyi build？');
    const option = pingyi('build', '--inptu', 'x');
    expect(option.code).toBe(2);
    expect(option.stderr).toContain('没有这个选项：inptu');
  });

  it('exits 2 with a usage message for a malformed period', () => {
    const r = pingyi('forms', '--roster', 'input/党组织和党员名册.xlsx', '--period', '2011上');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('评议期“2011上”格式不对，应写作 2011H1 或 2011H2');
  });

  it('exits 2 with one line per problem for a broken scheme', async () => {
    const file = join(await tempDir(), 'broken.yaml');
    const text = readFileSync(DEFAULT_SCHEME_FILE, 'utf8').replace(
      'org: { self: 0.4, bureau: 0.6 }',
      'org: { self: 0.5, bureau: 0.6 }',
    );
    await writeFile(file, text);
    const r = pingyi('scheme', '--scheme', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/weights\.org\.self（第 \d+ 行）: 权重之和必须为 1（当前 1\.1）/);
    const build = pingyi('build', '--scheme', file);
    expect(build.code).toBe(2);
  });

  it('checks the default scheme and prints it as a starting point', () => {
    const r = pingyi('scheme');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('党组织总分 = 自评 × 0.4 + 上级考评 × 0.6');
    expect(pingyi('scheme', '--print-default').stdout).toBe(readFileSync(DEFAULT_SCHEME_FILE, 'utf8'));
  });

  it('build reads the sample into the database, lists the problems by file and exits 1, then skips unchanged files', async () => {
    const dir = await tempDir();
    // A period with no results prints nothing: these runs check reading, skipping and exit codes.
    const args = ['build', '--db', join(dir, 'pingyi.duckdb'), '--output', join(dir, 'output'), '--period', '2099H1'];
    const r = pingyi(...args);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\] 评议方案：/);
    expect(r.stdout).toContain('读入：32 个文件，新读 32 个（数据行 5502：采用 5499，拒收 3），未变化跳过 0 个');
    // Y02 is 数据不足 in both periods (14 × 2 − 2 = 26); 226 members a period less Y02's 8
    // 待核实 in 2010H2 and Z02-003 in 2011H1 (452 − 9 = 443).
    expect(r.stdout).toContain('评分：2010H2、2011H1，党组织结果 26 个，党员结果 443 个');
    // The reading's 3 errors and 1 warning, and the scoring's: 9 voided ballots and Y02's 3 invalid
    // rounds (errors), 26 tallies over the 优秀 limit (warnings); 3 blank sheets (warnings); the
    // decision's 同意 to 4 candidates below the top band, without a reason (warnings).
    expect(r.stdout).toContain('错误 15 处（相应的行或文件未采用），提醒 34 处（已采用，请核对）');
    expect(r.stdout).toMatch(
      /【2011H1\/2011H1_Z02_东湖区城东中学党支部_评议表\.xlsx】\n {2}错误：工作表“民主评议计票”，单元格 B6/,
    );
    const again = pingyi(...args, '--problems-exit-code', '0');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('读入：32 个文件，新读 0 个（数据行 0：采用 0，拒收 0），未变化跳过 32 个');
    expect(again.stdout).toContain('评分：数据和方案都没有变化，沿用上次结果');
    expect(again.stdout).toContain('错误 15 处');
  }, 120_000);

  it('build reports files it cannot use, and a missing roster, and exits 1', async () => {
    const dir = await tempDir();
    const input = join(dir, 'input');
    await mkdir(input);
    await writeFile(
      join(input, '旧表格.xls'),
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]),
    );
    await writeFile(join(input, '~$锁定文件.xlsx'), 'lock');
    const r = pingyi('build', '--input', input, '--db', join(dir, 'db.duckdb'), '--output', join(dir, 'output'));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      '【旧表格.xls】\n  错误：这个旧版 Excel（.xls）文件已损坏或无法读取，请用 Excel、WPS 或 LibreOffice 打开后“另存为” .xlsx，放回 input 文件夹',
    );
    expect(r.stdout).toContain('input 文件夹中没有可用的名册');
    expect(r.stdout).not.toContain('锁定文件');
  });

  it('validate checks everything without a database and can answer in JSON', async () => {
    const r = pingyi('validate');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('检查了 32 个文件；名册：党组织和党员名册.xlsx');
    expect(r.stdout).toMatch(/数据行 \d+ 行：采用 \d+ 行，拒收 3 行/);
    const json = JSON.parse(pingyi('validate', '--json').stdout) as {
      files: { file: string; kind: string; rows: { read: number; accepted: number; rejected: number } }[];
    };
    expect(json.files).toHaveLength(32);
    for (const f of json.files) expect(f.rows.read).toBe(f.rows.accepted + f.rows.rejected);
    expect(json.files.find((f) => f.file.endsWith('（定稿）.xlsx'))).toMatchObject({ kind: 'branch' });
  });
});
