// Faults around printing and publishing: Chromium killed while it prints, a browser that
// cannot start again, a disk that fills up and a folder that is read-only while outputs are written.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, statfsSync, writeFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildOptions, type BuildSummary } from '../src/pipeline/build.ts';
import { findBrowser } from '../src/pdf/browser.ts';
import { pdfPages } from '../src/pdf/print-all.ts';
import { expectWholeOutput, pingyi, smallInput, tempDir } from './helpers.ts';

/** PIDs of the Chromium processes this test process started (their profile folder names our pid). */
function ourChromium(): number[] {
  const marker = `pingyi-chromium-${process.pid}-`;
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        return readFileSync(`/proc/${d}/cmdline`, 'utf8').includes(marker);
      } catch {
        return false;
      }
    })
    .map(Number);
}

function killChromium(): number {
  const pids = ourChromium();
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Gone already: a renderer ends with its browser.
    }
  }
  return pids.length;
}

const quiet = { log: () => undefined };

describe('Chromium killed while printing', () => {
  let dir: string;
  let input: string;
  /** Every PDF an undisturbed build makes from this input. */
  let pdfs: string[];
  const options = (name: string): BuildOptions => ({
    input,
    output: join(dir, name, 'output'),
    db: join(dir, name, 'pingyi.duckdb'),
    jobs: 2,
  });

  beforeAll(async () => {
    dir = await tempDir('pingyi-chromium-fault-');
    input = await smallInput(join(dir, 'input'), { periods: ['2011H1'] });
    const summary = await build(options('undisturbed'), quiet);
    pdfs = summary.outputs.filter((e) => e.path.endsWith('.pdf')).map((e) => e.path);
    expect(pdfs.length).toBeGreaterThanOrEqual(5);
  }, 300_000);

  it('starts it again, prints the documents it was printing once more, and publishes every document', async () => {
    const lines: string[] = [];
    let killed = 0;
    const summary = await build(options('killed-once'), {
      log: (line) => lines.push(line),
      progress: (stage, done) => {
        if (stage === 'render' && done === 2 && killed === 0) killed = killChromium();
      },
    });
    expect(killed).toBeGreaterThan(0);
    expect(summary.render.browserRestarts).toBe(1);
    expect(summary.render.failed).toEqual([]);
    expect(lines).toContain('打印中浏览器意外退出，已重新启动 1 次，正在打印的文档各重试了一次');
    const manifest = expectWholeOutput(join(dir, 'killed-once', 'output'));
    expect(manifest.outputs.filter((e) => e.path.endsWith('.pdf')).map((e) => e.path)).toEqual(pdfs);
    for (const e of manifest.outputs.filter((e) => e.path.endsWith('.pdf')))
      expect(pdfPages(readFileSync(join(dir, 'killed-once', 'output', e.path))), e.path).toBeGreaterThan(0);
    // Neither the killed Chromium's profile nor the new one is left behind, nor any Chromium.
    expect(ourChromium()).toEqual([]);
    expect(readdirSync(tmpdir()).filter((f) => f.startsWith(`pingyi-chromium-${process.pid}-`))).toEqual([]);
  }, 300_000);

  it('names exactly the documents it could not print when Chromium does not start again, and publishes the rest', async () => {
    const real = findBrowser()!;
    // A browser that starts once: every later start fails at once.
    const wrapper = join(dir, 'chromium-once.sh');
    writeFileSync(wrapper, `#!/bin/sh\n[ -e "$0.started" ] && exit 1\ntouch "$0.started"\nexec "${real}" "$@"\n`);
    chmodSync(wrapper, 0o755);
    const saved = process.env.PINGYI_CHROMIUM;
    process.env.PINGYI_CHROMIUM = wrapper;
    const lines: string[] = [];
    let summary: BuildSummary;
    try {
      summary = await build(options('killed-for-good'), {
        log: (line) => lines.push(line),
        progress: (stage, done) => {
          if (stage === 'render' && done === 2) killChromium();
        },
      });
    } finally {
      if (saved === undefined) delete process.env.PINGYI_CHROMIUM;
      else process.env.PINGYI_CHROMIUM = saved;
    }
    const failed = summary.render.failed.map((f) => f.path);
    const output = join(dir, 'killed-for-good', 'output');
    const manifest = expectWholeOutput(output);
    const published = manifest.outputs.filter((e) => e.path.endsWith('.pdf')).map((e) => e.path);
    expect(failed.length).toBeGreaterThan(0);
    expect(published.length).toBeGreaterThanOrEqual(2);
    // Every document is either published or named as failed, never both, never neither.
    expect([...published, ...failed].sort()).toEqual([...pdfs].sort());
    for (const f of summary.render.failed) {
      expect(f.reason).toMatch(/^无法打印：浏览器意外退出，重新启动失败：/);
      expect(lines).toContain(`生成失败：${f.path}（${f.reason}）`);
      expect(existsSync(join(output, f.path))).toBe(false);
    }
    expect(manifest.failed).toEqual(summary.render.failed);
    const index = readFileSync(join(output, 'index.html'), 'utf8');
    for (const path of failed) expect(index).toContain(path);
    expect(ourChromium()).toEqual([]);
  }, 300_000);
});

/** A small tmpfs of our own, or why this machine cannot give us one. */
function mountTmpfs(at: string, size: string): string | null {
  if (process.getuid?.() !== 0) return 'mounting a tmpfs needs root';
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', at], { encoding: 'utf8' });
  return r.status === 0 ? null : `mount -t tmpfs failed here: ${(r.stderr || r.error?.message || '').trim()}`;
}

function remount(at: string, options: string): void {
  const r = spawnSync('mount', ['-o', `remount,${options}`, at], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`remount ${options} failed: ${r.stderr}`);
}

function cli(args: string[]): { code: number | null; text: string } {
  const r = pingyi(...args);
  return { code: r.code, text: r.stdout + r.stderr };
}

describe('an output folder that cannot be written', () => {
  let dir: string;
  let mount: string;
  let cannotMount: string | null = null;
  let input: string;
  let args: string[];
  const output = () => join(mount, 'output');

  beforeAll(async () => {
    dir = await tempDir('pingyi-disk-');
    mount = join(dir, 'mnt');
    await mkdir(mount);
    cannotMount = mountTmpfs(mount, '64m');
    if (cannotMount) return;
    input = await smallInput(join(dir, 'input'), { periods: ['2011H1'] });
    args = [
      'build',
      '--input',
      input,
      '--output',
      output(),
      '--db',
      join(dir, 'pingyi.duckdb'),
      '--jobs',
      '2',
      '--problems-exit-code',
      '0',
    ];
    const first = cli(args);
    expect(first.code, first.text).toBe(0);
  }, 300_000);

  afterAll(async () => {
    if (!cannotMount) spawnSync('umount', [mount]);
    await rm(mount, { recursive: true, force: true });
  });

  it('when the disk fills up: says so in Chinese, exits 3, leaves the published outputs as they were and frees the space', (ctx) => {
    if (cannotMount) return ctx.skip(cannotMount);
    const before = expectWholeOutput(output());
    const used = before.outputs.reduce((n, e) => n + e.bytes, 0);
    // Room for about half of a second copy of the outputs.
    remount(mount, `size=${Math.ceil((used * 1.5) / 4096) * 4096 + 64 * 1024}`);
    const free = () => statfsSync(mount).bfree;
    const freeBefore = free();
    try {
      const run = cli([...args, '--force']);
      expect(run.code, run.text).toBe(3);
      // A failed write() names no file; a failed open() names the one in the staging folder.
      expect(run.text).toMatch(
        new RegExp(
          `无法写入 ${output()}(\\.staging/\\S+)?：磁盘已满（ENOSPC）。已发布的输出没有改动；腾出磁盘空间或改好权限后重新运行`,
        ),
      );
      expect(expectWholeOutput(output()).outputs).toEqual(before.outputs);
      expect(existsSync(`${output()}.staging`)).toBe(false);
      expect(existsSync(`${output()}.previous`)).toBe(false);
      // Every block the half-written copy took is free again.
      expect(free()).toBe(freeBefore);
    } finally {
      remount(mount, 'size=64m');
    }
    const again = cli(args);
    expect(again.code, again.text).toBe(0);
    expectWholeOutput(output());
  }, 300_000);

  it('when it is read-only: says so in Chinese, exits 3 and leaves the published outputs as they were', (ctx) => {
    if (cannotMount) return ctx.skip(cannotMount);
    const before = expectWholeOutput(output());
    remount(mount, 'ro');
    try {
      const run = cli([...args, '--force']);
      expect(run.code, run.text).toBe(3);
      expect(run.text).toContain(
        `无法写入 ${output()}.lock：文件系统是只读的（EROFS）。已发布的输出没有改动；腾出磁盘空间或改好权限后重新运行`,
      );
      expect(expectWholeOutput(output()).outputs).toEqual(before.outputs);
    } finally {
      remount(mount, 'rw');
    }
    const again = cli(args);
    expect(again.code, again.text).toBe(0);
  }, 300_000);

  it('refuses a mount point as the output folder, which cannot be replaced by renaming, and names a folder to use', (ctx) => {
    if (cannotMount) return ctx.skip(cannotMount);
    const before = expectWholeOutput(output());
    const run = cli([
      'build',
      '--input',
      input,
      '--output',
      mount,
      '--db',
      join(dir, 'pingyi.duckdb'),
      '--problems-exit-code',
      '0',
    ]);
    expect(run.code, run.text).toBe(2);
    expect(run.text).toContain(
      `输出文件夹 ${mount} 是一个挂载点（单独的磁盘或网络共享）；pingyi 每次整体替换输出文件夹，挂载点不能替换，请用它下面的一个文件夹，例如 ${join(mount, 'pingyi')}（--output）`,
    );
    expect(expectWholeOutput(output()).outputs).toEqual(before.outputs);
    expect(existsSync(`${mount}.staging`)).toBe(false);
  }, 300_000);
});
