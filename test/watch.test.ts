// `pingyi watch` as the office uses it: files copied in slowly, lock files, a broken build.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { open, rm, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { smallInput, tempDir } from './helpers.ts';

const count = (text: string, pattern: RegExp) => (text.match(new RegExp(pattern, 'g')) ?? []).length;

describe('pingyi watch', () => {
  it('builds once when a file has been copied in chunks, ignores lock files, and keeps going after a failed build', async () => {
    const dir = await tempDir('pingyi-watch-');
    const input = await smallInput(join(dir, 'input'), { orgs: ['J01'], periods: ['2011H1'] });
    const form = join(input, '2011H1/2011H1_J01_东湖区教科体局机关党支部_评议表.xlsx');
    const bytes = readFileSync(form);
    await rm(form);

    const watch = spawn(
      process.execPath,
      [
        'bin/pingyi.js',
        'watch',
        '--input',
        input,
        '--output',
        join(dir, 'output'),
        '--db',
        join(dir, 'pingyi.duckdb'),
        '--settle',
        '1.5',
        '--interval',
        '0.2',
      ],
      {
        env: { ...process.env, NO_COLOR: '1' },
      },
    );
    let text = '';
    watch.stdout.on('data', (d: Buffer) => (text += d.toString()));
    watch.stderr.on('data', (d: Buffer) => (text += d.toString()));
    const builds = () => count(text, /生成结束，退出码/);
    const waitForBuilds = async (n: number) => {
      for (let waited = 0; builds() < n; waited += 100) {
        if (waited > 240_000) throw new Error(`waited for build ${n}:\n${text}`);
        await sleep(100);
      }
    };
    try {
      await waitForBuilds(1);
      expect(text).toContain('开始生成（启动时，3 个文件）');

      // An Office lock file appears and goes: not input, no build.
      await writeFile(join(input, '2011H1/~$2011H1_J01.xlsx'), 'lock');
      await sleep(2500);
      await rm(join(input, '2011H1/~$2011H1_J01.xlsx'));
      await sleep(2500);
      expect(builds()).toBe(1);

      // Copied slowly: four chunks, each pause shorter than the settle time.
      const file = await open(form, 'w');
      const chunk = Math.ceil(bytes.length / 4);
      for (let i = 0; i < 4; i++) {
        await file.write(bytes.subarray(i * chunk, (i + 1) * chunk));
        await file.sync();
        await sleep(600);
      }
      await file.close();
      await waitForBuilds(2);
      await sleep(3000);
      expect(builds()).toBe(2);
      expect(count(text, /开始生成/)).toBe(2);
      expect(text).toContain('开始生成（文件变化：新增 1 个）');
      expect(text).toContain('新读 1 个');
      expect(text).not.toContain('已损坏');

      // A broken scheme makes the next build fail (exit 2); the watch carries on.
      await writeFile(join(dir, 'pingyi.yaml'), 'weights: [');
      await utimes(form, new Date(), new Date());
      await waitForBuilds(3);
      expect(text).toContain('生成结束，退出码 2');
      await rm(join(dir, 'pingyi.yaml'));
      await utimes(form, new Date(), new Date(Date.now() + 1000));
      await waitForBuilds(4);
      expect(text.slice(text.lastIndexOf('开始生成'))).toMatch(/生成结束，退出码 [01]/);
    } finally {
      watch.kill('SIGTERM');
      await new Promise((done) => watch.once('exit', done));
    }
    expect(text).toContain('收到停止信号');
  }, 400_000);
});
