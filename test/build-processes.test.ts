// Builds as separate processes, the way cron and people run them: killed in every stage,
// started twice at once, and blocked by a lock or a database another program holds.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadScheme } from '../src/scheme/load.ts';
import { Store } from '../src/store/db.ts';
import { ingest } from '../src/pipeline/ingest.ts';
import { RECORD_TABLES } from '../src/contract/tables.ts';
import { expectWholeOutput, smallInput, tempDir } from './helpers.ts';

interface Run {
  child: ChildProcess;
  exited: Promise<number | null>;
  output(): string;
  /** Resolves when the run has printed a line matching `pattern`. */
  waitFor(pattern: RegExp): Promise<void>;
}

function start(args: string[], env: Record<string, string> = {}): Run {
  const child = spawn(process.execPath, ['bin/pingyi.js', ...args], { env: { ...process.env, NO_COLOR: '1', ...env } });
  let text = '';
  child.stdout!.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (text += d.toString()));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  let ended = false;
  void exited.then(() => (ended = true));
  return {
    child,
    exited,
    output: () => text,
    async waitFor(pattern) {
      while (!pattern.test(text)) {
        if (ended) throw new Error(`the run ended without printing ${pattern}:\n${text}`);
        await sleep(50);
      }
    },
  };
}

async function finish(run: Run): Promise<{ code: number | null; output: string }> {
  return { code: await run.exited, output: run.output() };
}

describe('a build killed in each stage', () => {
  let dir: string;
  let args: string[];
  let x01: string;
  const aside = () => join(dir, 'X01.xlsx');
  const output = () => join(dir, 'output');

  /** Starts a build that stops at `point`, kills it there with SIGKILL, and checks nothing published was touched. */
  async function killAt(point: string): Promise<number> {
    const before = expectWholeOutput(output());
    const run = start(args, { PINGYI_PAUSE_AT: point });
    await run.waitFor(new RegExp(`PINGYI_PAUSED ${point}`));
    run.child.kill('SIGKILL');
    await run.exited;
    // The previous outputs are whole: in place, or (killed between the two renames) beside it.
    const published = existsSync(output()) ? output() : `${output()}.previous`;
    expect(expectWholeOutput(published).outputs).toEqual(before.outputs);
    return run.child.pid!;
  }

  async function buildsCleanly(): Promise<string> {
    const { code, output: text } = await finish(start(args));
    expect(code, text).toBeLessThanOrEqual(1);
    expectWholeOutput(output());
    expect(existsSync(`${output()}.staging`)).toBe(false);
    expect(existsSync(`${output()}.previous`)).toBe(false);
    return text;
  }

  beforeAll(async () => {
    dir = await tempDir('pingyi-kill-');
    const input = await smallInput(join(dir, 'input'), { periods: ['2011H1'] });
    x01 = join(input, '2011H1/2011H1_X01_东湖区实验小学党支部_评议表.xlsx');
    args = ['build', '--input', input, '--output', output(), '--db', join(dir, 'pingyi.duckdb'), '--jobs', '2'];
    await rename(x01, aside());
    await buildsCleanly();
  }, 300_000);

  // Each killed run has X01's new form to work on; the run after it finds the input as it was
  // published, so it has little to print but must still clean up and complete.
  it('while loading a file: the file’s transaction is rolled back', async () => {
    await rename(aside(), x01);
    await killAt('ingest');
    const store = await Store.open(join(dir, 'pingyi.duckdb'));
    try {
      expect(await store.rows("SELECT path FROM submission WHERE org_id = 'X01'")).toEqual([]);
    } finally {
      store.close();
    }
    await rename(x01, aside());
    expect(await buildsCleanly()).toContain('新读 0 个');
  }, 300_000);

  it('while scoring: the previous results stay until the next run scores again', async () => {
    await rename(aside(), x01);
    await killAt('score');
    await rename(x01, aside());
    expect(await buildsCleanly()).toMatch(/评分：2011H1，党组织结果 1 个/);
  }, 300_000);

  it('while printing: Chromium goes with it, and the half-made staging folder and browser profile are discarded', async () => {
    await rename(aside(), x01);
    const pid = await killAt('print');
    expect(existsSync(`${output()}.staging`)).toBe(true);
    const profile = join(tmpdir(), `pingyi-chromium-${pid}-1`);
    for (let waited = 0; spawnSync('pgrep', ['-f', profile]).status === 0; waited += 100) {
      if (waited > 10_000) throw new Error('Chromium outlived the killed build');
      await sleep(100);
    }
    await rename(x01, aside());
    expect(await buildsCleanly()).toContain('已清除上次中断的运行留下的未完成输出');
    expect(existsSync(profile)).toBe(false);
  }, 300_000);

  it('between the two renames of publishing: the previous outputs are put back', async () => {
    await rename(aside(), x01);
    await killAt('publish');
    expect(existsSync(output())).toBe(false);
    await rename(x01, aside());
    expect(await buildsCleanly()).toContain('已恢复原来的输出');
  }, 300_000);

  it('leaves no row duplicated or lost in the database', async () => {
    await rename(aside(), x01);
    const { scheme, text } = loadScheme();
    const reference = await Store.open(join(dir, 'reference.duckdb'));
    await ingest({ store: reference, input: join(dir, 'input'), scheme, schemeText: text });
    const killed = await Store.open(join(dir, 'pingyi.duckdb'));
    try {
      const counts = async (s: Store) =>
        Promise.all(
          ['submission', ...RECORD_TABLES].map(async (t) => [
            t,
            (await s.rows<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${t}`))[0]!.n,
          ]),
        );
      expect(await counts(killed)).toEqual(await counts(reference));
    } finally {
      killed.close();
      reference.close();
    }
  }, 120_000);
});

describe('builds at the same time', () => {
  let dir: string;
  let args: string[];
  beforeAll(async () => {
    dir = await tempDir('pingyi-twice-');
    const input = await smallInput(join(dir, 'input'), { orgs: ['J01'], periods: ['2011H1'] });
    // The sample's J01 form carries a deliberate mistake (a probationary member proposed): exit 0 all the same.
    args = [
      'build',
      '--input',
      input,
      '--output',
      join(dir, 'output'),
      '--db',
      join(dir, 'pingyi.duckdb'),
      '--problems-exit-code',
      '0',
    ];
  });

  it('run one after the other: the second waits, then finds nothing to do', async () => {
    const [a, b] = await Promise.all([finish(start([...args, '--json'])), finish(start([...args, '--json']))]);
    expect([a.code, b.code]).toEqual([0, 0]);
    const summary = (r: { output: string }) =>
      JSON.parse(r.output.slice(r.output.indexOf('{\n'))) as {
        stages: { ingest: { parsed: number }; render: { made: string[] } };
      };
    const [first, second] = a.output.includes('等待其结束') ? [b, a] : [a, b];
    expect(second.output).toContain('等待其结束');
    expect(summary(first).stages.ingest.parsed).toBe(4);
    expect(summary(second).stages.ingest.parsed).toBe(0);
    expect(summary(second).stages.render.made).toEqual([]);
    expectWholeOutput(join(dir, 'output'));
  }, 300_000);

  it('--no-wait exits 3 at once, naming who holds the lock; a lock left by a dead process is taken over', async () => {
    const holder = start(args, { PINGYI_PAUSE_AT: 'publish' });
    await holder.waitFor(/PINGYI_PAUSED publish/);
    const busy = await finish(start([...args, '--no-wait']));
    expect(busy.code).toBe(3);
    expect(busy.output).toContain(`另一个 pingyi 正在运行（进程 ${holder.child.pid}`);
    holder.child.kill('SIGKILL');
    await holder.exited;
    expect(existsSync(`${join(dir, 'output')}.lock`)).toBe(true);
    const next = await finish(start(args));
    expect(next.code, next.output).toBe(0);
    expect(next.output).not.toContain('等待');
    expectWholeOutput(join(dir, 'output'));
  }, 300_000);
});

describe('a build that cannot start', () => {
  it('exits 2 when the input folder is missing', async () => {
    const dir = await tempDir();
    const r = await finish(
      start([
        'build',
        '--input',
        join(dir, 'nowhere'),
        '--output',
        join(dir, 'output'),
        '--db',
        join(dir, 'db.duckdb'),
      ]),
    );
    expect(r.code).toBe(2);
    expect(r.output).toContain(`输入文件夹 ${join(dir, 'nowhere')} 不存在`);
  }, 60_000);

  it('exits 3 and names the database when another program holds it', async () => {
    const dir = await tempDir();
    const db = join(dir, 'db.duckdb');
    const holder = spawn(process.execPath, [
      '--input-type=module',
      '-e',
      `import { DuckDBInstance } from '@duckdb/node-api'; await DuckDBInstance.create(${JSON.stringify(db)}); console.log('open'); setInterval(() => {}, 1000);`,
    ]);
    await new Promise<void>((ready) => holder.stdout.once('data', () => ready()));
    try {
      const r = await finish(
        start(['build', '--input', 'input', '--output', join(dir, 'output'), '--db', db, '--json']),
      );
      expect(r.code).toBe(3);
      expect(r.output).toContain(`数据库文件 ${db} 正被其他程序占用，无法打开（占用它的是进程 ${holder.pid}：`);
      expect(r.output).not.toContain('IO Error');
      expect(JSON.parse(r.output.slice(r.output.indexOf('{\n')))).toMatchObject({ exitCode: 3 });
    } finally {
      holder.kill('SIGKILL');
    }
  }, 60_000);
});
