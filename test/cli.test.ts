import { spawnSync } from 'node:child_process';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readMetadata } from '../src/forms/metadata.ts';
import { DEFAULT_SCHEME_FILE } from '../src/scheme/load.ts';
import { readFileSync } from 'node:fs';
import { openWorkbook, tempDir } from './helpers.ts';

function pingyi(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['bin/pingyi.js', ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

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
    expect(r.stdout).toContain('已为 2011年下半年 生成 15 份评议表');
    const files = await readdir(out);
    expect(files).toHaveLength(15);
    const wb = await openWorkbook(join(out, files.find((f) => f.includes('X01'))!));
    expect(readMetadata(wb)).toMatchObject({ kind: 'branch', orgId: 'X01', period: '2011H2' });
  });

  it('writes an empty roster template', async () => {
    const file = join(await tempDir(), '名册模板.xlsx');
    const r = pingyi('forms', '--roster-template', file);
    expect(r.code).toBe(0);
    expect(readMetadata(await openWorkbook(file))?.kind).toBe('roster');
  });

  it('exits 2 with a usage message for a malformed period', () => {
    const r = pingyi('forms', '--roster', 'input/党组织和党员名册.xlsx', '--period', '2011上');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('评议期“2011上”格式不对，应写作 2011H1 或 2011H2');
  });

  it('exits 2 with one line per problem for a broken scheme', async () => {
    const file = join(await tempDir(), 'broken.yaml');
    const text = readFileSync(DEFAULT_SCHEME_FILE, 'utf8').replace('org: { self: 0.4, bureau: 0.6 }', 'org: { self: 0.5, bureau: 0.6 }');
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

  it('build recognises every sample form and says plainly which stages are not built yet', () => {
    const r = pingyi('build');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('名册：1 份');
    expect(r.stdout).toContain('2010H2：党组织评议表 14 份，上级考评表 1 份');
    expect(r.stdout).toContain('2011H1：党组织评议表 14 份，上级考评表 1 份');
    expect(r.stdout).toContain('以下阶段尚未实现');
  });

  it('build reports a file it cannot use and exits 1', async () => {
    const input = await tempDir();
    await writeFile(join(input, '旧表格.xls'), 'not really');
    await writeFile(join(input, '~$锁定文件.xlsx'), 'lock');
    const r = pingyi('build', '--input', input);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('错误：旧表格.xls：不支持 .xls 格式，请在 Excel 或 WPS 中“另存为” .xlsx');
    expect(r.stderr).not.toContain('锁定文件');
  });
});
