// `pingyi watch` as the office uses it: files copied in slowly, lock files, a broken build.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, open, rm, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watch } from '../src/pipeline/watch.ts';
import { smallInput, tempDir } from './helpers.ts';

const count = (text: string, pattern: RegExp) => (text.match(new RegExp(pattern, 'g')) ?? []).length;

/** Resolves when `done()`; after four minutes fails, naming `what` and showing the process's `output()`. */
async function waitUntil(done: () => boolean, what: string, output: () => string): Promise<void> {
  for (let waited = 0; !done(); waited += 100) {
    if (waited > 240_000) throw new Error(`waited for ${what}:\n${output()}`);
    await sleep(100);
  }
}

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
    const waitForBuilds = (n: number) =>
      waitUntil(
        () => builds() >= n,
        `build ${n}`,
        () => text,
      );
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
      expect(text).toContain('生成结束，退出码 2（命令、评议方案或设置文件有误，请按上面的提示修改）');
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

/** A `pingyi watch` on a small input, its output as it goes, and a way to wait for a line. */
async function startWatch(prefix: string) {
  const dir = await tempDir(prefix);
  const input = await smallInput(join(dir, 'input'), { orgs: ['J01'], periods: ['2011H1'] });
  const folders = ['--input', input, '--output', join(dir, 'output'), '--db', join(dir, 'pingyi.duckdb')];
  const child = spawn(process.execPath, ['bin/pingyi.js', 'watch', ...folders, '--settle', '1', '--interval', '0.2'], {
    env: { ...process.env, NO_COLOR: '1' },
  });
  let text = '';
  child.stdout.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr.on('data', (d: Buffer) => (text += d.toString()));
  const waitFor = (done: () => boolean, what: string) => waitUntil(done, what, () => text);
  const builds = () => count(text, /生成结束，退出码/);
  const workers = () => [...text.matchAll(/生成进程已启动（进程 (\d+)）/g)].map((m) => Number(m[1]));
  const warmed = () => count(text, /生成进程已就绪（预热用时 \d+\.\d 秒）/);
  const form = join(input, '2011H1/2011H1_J01_东湖区教科体局机关党支部_评议表.xlsx');
  let touches = 0;
  /** The form saved again: a change the watch builds. */
  const touch = () => utimes(form, new Date(), new Date(Date.now() + ++touches * 1000));
  const stop = async () => {
    child.kill('SIGTERM');
    await new Promise((done) => (child.exitCode !== null ? done(null) : child.once('exit', done)));
  };
  return { dir, folders, child, text: () => text, waitFor, builds, workers, warmed, touch, stop };
}

function run(args: string[], env: Record<string, string> = {}) {
  const child: ChildProcess = spawn(process.execPath, ['bin/pingyi.js', ...args], {
    env: { ...process.env, NO_COLOR: '1', ...env },
  });
  let text = '';
  child.stdout!.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (text += d.toString()));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return { child, exited, text: () => text };
}

describe('the build worker of pingyi watch', () => {
  // One watch for both: its start and first build are half of each test's time.
  let w: Awaited<ReturnType<typeof startWatch>>;
  beforeAll(async () => {
    w = await startWatch('pingyi-watch-worker-');
    await w.waitFor(() => w.builds() === 1, 'the first build');
    await w.waitFor(() => w.warmed() === 1, 'the worker to warm up after its first build');
  }, 300_000);
  afterAll(() => w?.stop(), 60_000);

  it('is started again when it dies, between builds or in the middle of one, and the next change is built', async () => {
    const [first] = w.workers();
    expect(first).toBeGreaterThan(0);

    // Killed while waiting for work: the next build starts another.
    process.kill(first!, 'SIGKILL');
    await sleep(500);
    await w.touch();
    await w.waitFor(() => w.builds() === 2, 'a build by a new worker');
    expect(w.workers()).toHaveLength(2);
    expect(w.text().slice(w.text().lastIndexOf('开始生成'))).toMatch(/生成结束，退出码 [01]/);

    // Killed in the middle of a build (not of its warm-up): that build ends failed, the next one is built whole.
    await w.waitFor(() => w.warmed() === 2, 'the new worker to warm up');
    await w.touch();
    await w.waitFor(
      () => /开始生成（文件变化/.test(w.text().slice(w.text().lastIndexOf('生成结束'))),
      'the third build',
    );
    process.kill(w.workers()[1]!, 'SIGKILL');
    await w.waitFor(() => w.builds() === 3, 'the killed build to end');
    expect(w.text()).toContain('生成进程意外退出（SIGKILL）');
    await w.touch();
    await w.waitFor(() => w.builds() === 4, 'a build after the killed one');
    expect(w.workers()).toHaveLength(3);
    expect(w.text().slice(w.text().lastIndexOf('开始生成'))).toMatch(/生成结束，退出码 [01]/);
    expect(existsSync(join(w.dir, 'output', 'manifest.json'))).toBe(true);
  }, 400_000);

  it("takes the locks for each build and its one warm-up only: a build by hand runs between the watch's, and the watch waits for one running", async () => {
    // Between builds, once warm (each worker warms up after its first build), the worker holds
    // neither the locks nor the database.
    await w.waitFor(() => w.warmed() === w.workers().length, 'the last worker to warm up');
    const builds = w.builds();
    const byHand = run(['build', ...w.folders, '--no-wait', '--problems-exit-code', '0']);
    expect(await byHand.exited, byHand.text()).toBe(0);

    // A build by hand holding the locks (stopped before publishing): the watch's build waits for it.
    const holder = run(['build', ...w.folders], { PINGYI_PAUSE_AT: 'publish' });
    try {
      await waitUntil(() => /PINGYI_PAUSED publish/.test(holder.text()), 'the build by hand to pause', holder.text);
      const before = w.text().length;
      await w.touch();
      await w.waitFor(
        () => /另一个生成正在运行（进程 \d+/.test(w.text().slice(before)),
        'the watch to wait for the lock',
      );
      expect(w.text().slice(before)).toContain(`另一个生成正在运行（进程 ${holder.child.pid}`);
      expect(w.builds()).toBe(builds);
    } finally {
      holder.child.kill('SIGKILL');
    }
    await w.waitFor(() => w.builds() === builds + 1, 'the watch build after the lock was freed');
    expect(w.text().slice(w.text().lastIndexOf('开始生成'))).toMatch(/生成结束，退出码 [01]/);
  }, 400_000);
});

describe('the watch between its looks', () => {
  /**
   * Runs `body` beside watch() with a build that only counts, looking once a minute on its own,
   * on a new folder holding 2011H1/ with one form in it, built once after its start.
   */
  async function watching(body: (input: string, untilBuilds: (n: number) => Promise<void>) => Promise<void>) {
    const input = await tempDir('pingyi-watch-reports-');
    await mkdir(join(input, '2011H1'));
    const stop = new AbortController();
    let builds = 0;
    const log: string[] = [];
    const running = watch({
      input,
      skip: [],
      settleMs: 300,
      intervalMs: 60_000,
      signal: stop.signal,
      log: (line) => log.push(line),
      build: async () => {
        builds += 1;
        return 0;
      },
    });
    const untilBuilds = async (n: number) => {
      for (let waited = 0; builds < n; waited += 50) {
        if (waited > 10_000) throw new Error(`waited for build ${n}:\n${log.join('\n')}`);
        await sleep(50);
      }
    };
    try {
      await untilBuilds(1);
      await writeFile(join(input, '2011H1', 'a.xlsx'), 'a');
      await untilBuilds(2);
      await body(input, untilBuilds);
    } finally {
      stop.abort();
      await running;
    }
  }

  it(
    'builds a change the system reports without waiting for the next look, in folders made after it started too',
    () =>
      watching(async (input, untilBuilds) => {
        await mkdir(join(input, '2011H2'));
        await sleep(500);
        await writeFile(join(input, '2011H2', 'b.xlsx'), 'b');
        await untilBuilds(3);
        // A folder removed and made again is followed again.
        await rm(join(input, '2011H2'), { recursive: true });
        await untilBuilds(4);
        await mkdir(join(input, '2011H2'));
        await sleep(500);
        await writeFile(join(input, '2011H2', 'c.xlsx'), 'c');
        await untilBuilds(5);
      }),
    60_000,
  );

  it(
    'follows a folder removed and made again at once, between two looks',
    () =>
      watching(async (input, untilBuilds) => {
        await rm(join(input, '2011H1'), { recursive: true });
        await mkdir(join(input, '2011H1'));
        await writeFile(join(input, '2011H1', 'b.xlsx'), 'b');
        await untilBuilds(3);
        // The folder made again is watched: a later change in it is reported too.
        await sleep(500);
        await writeFile(join(input, '2011H1', 'c.xlsx'), 'c');
        await untilBuilds(4);
      }),
    60_000,
  );
});
