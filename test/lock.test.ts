import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireLock, acquireLocks, LockBusy, LockFolderUnusable, waitingFor } from '../src/pipeline/lock.ts';
import { tempDir } from './helpers.ts';

const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid!;
const owner = (pid: number, processStart: string | null = null) =>
  JSON.stringify({ pid, host: hostname(), processStart, since: '2026-11-26T01:00:00.000Z' });

describe('the build lock', () => {
  it('refuses a second holder at once with --no-wait, naming the first', async () => {
    const file = join(await tempDir(), 'output.lock');
    const lock = await acquireLock(file, { wait: false });
    const busy = await acquireLock(file, { wait: false }).catch((e: unknown) => e);
    expect(busy).toBeInstanceOf(LockBusy);
    expect((busy as LockBusy).message).toContain(`进程 ${process.pid}`);
    lock.release();
    expect(existsSync(file)).toBe(false);
  });

  it('says when the holder started in local time, as the log lines do', () => {
    const tz = process.env.TZ;
    process.env.TZ = 'Asia/Shanghai';
    try {
      const holder = { pid: 42, host: 'h', processStart: null, since: '2026-11-26T01:00:00.000Z' };
      expect(waitingFor(holder)).toBe('另一个生成正在运行（进程 42，开始于 2026-11-26 09:00:00），等待其结束……');
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });

  it('can be taken in a folder that does not exist yet (the database folder on a first run)', async () => {
    const file = join(await tempDir(), 'data', 'pingyi.duckdb.lock');
    (await acquireLock(file, { wait: false })).release();
    expect(existsSync(file)).toBe(false);
  });

  it('says which path is wrong when its folder cannot be made because a file is in the way', async () => {
    const dir = await tempDir();
    writeFileSync(join(dir, 'data'), 'a file, not a folder');
    const refused = acquireLock(join(dir, 'data', 'pingyi.duckdb.lock'), { wait: false });
    await expect(refused).rejects.toBeInstanceOf(LockFolderUnusable);
    await expect(refused).rejects.toThrow(
      `不能建立文件夹 ${join(dir, 'data')}（路径中有一段是文件，不是文件夹）；请检查 --db 和 --output 指定的路径`,
    );
  });

  it('lets a waiting run in when the holder releases, telling it once that it waits', async () => {
    const file = join(await tempDir(), 'output.lock');
    const first = await acquireLock(file, { wait: true });
    const waits: number[] = [];
    const second = acquireLock(file, { wait: true, pollMs: 20, onWait: (o) => waits.push(o.pid) });
    await new Promise((r) => setTimeout(r, 200));
    first.release();
    (await second).release();
    expect(waits).toEqual([process.pid]);
  });

  it('takes over a lock whose process is gone, one whose pid now belongs to another process, and a half-written one', async () => {
    const dir = await tempDir();
    for (const [name, content] of [
      ['dead', owner(deadPid())],
      ['reused', owner(process.pid, 'not-this-start-time')],
      ['torn', '{"pid": 12'],
    ] as const) {
      const file = join(dir, `${name}.lock`);
      writeFileSync(file, content);
      const lock = await acquireLock(file, { wait: false });
      expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ pid: process.pid });
      lock.release();
    }
  });

  it('never removes a lock another run holds', async () => {
    const file = join(await tempDir(), 'output.lock');
    const mine = await acquireLock(file, { wait: false });
    writeFileSync(file, owner(process.pid, 'someone-else-took-it'));
    mine.release();
    expect(existsSync(file)).toBe(true);
  });

  it('takes several locks in one order and gives all back when one is busy', async () => {
    const dir = await tempDir();
    const [a, b] = [join(dir, 'a.lock'), join(dir, 'b.lock')];
    const held = await acquireLock(b, { wait: false });
    await expect(acquireLocks([b, a], { wait: false })).rejects.toBeInstanceOf(LockBusy);
    expect(existsSync(a)).toBe(false);
    held.release();
    (await acquireLocks([b, a], { wait: false })).release();
    expect([existsSync(a), existsSync(b)]).toEqual([false, false]);
  });
});
