// The watch row of the benchmark: `pingyi watch` running on the built folders, a branch's
// corrected form written, and the time until the output folder holds its new files, counted
// from when the folder settled (the change plus the settle time the watch waits for); when the
// change alters no published file, until its build ends.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface WatchRun {
  /** From the folder settling to the new files published. */
  republishMs: number;
  /** The settle time the watch was given. */
  settleMs: number;
  /** The files the build made for the change. */
  made: string[];
}

const CLI = resolve('bin/pingyi.js');
const SETTLE_S = 1;
const INTERVAL_S = 0.2;

/** The published manifest's files and their hashes; empty while there is none. */
function published(output: string): Map<string, string> {
  try {
    const manifest = JSON.parse(readFileSync(join(output, 'manifest.json'), 'utf8')) as {
      outputs: { path: string; sha256: string }[];
    };
    return new Map(manifest.outputs.map((o) => [o.path, o.sha256]));
  } catch {
    return new Map();
  }
}

const count = (text: string, line: RegExp) => text.split('\n').filter((l) => line.test(l)).length;

const changedFiles = (before: Map<string, string>, after: Map<string, string>) =>
  [...after].filter(([path, sha]) => before.get(path) !== sha).map(([path]) => path);

export async function watchRepublish(args: string[], output: string, change: () => Promise<void>): Promise<WatchRun> {
  const watch = spawn(
    process.execPath,
    [CLI, 'watch', ...args, '--settle', String(SETTLE_S), '--interval', String(INTERVAL_S)],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } },
  );
  let log = '';
  watch.stdout.on('data', (d: Buffer) => (log += d.toString()));
  watch.stderr.on('data', (d: Buffer) => (log += d.toString()));
  const until = async (done: () => boolean, what: string) => {
    for (let waited = 0; !done(); waited += 20) {
      if (waited > 600_000 || watch.exitCode !== null) throw new Error(`pingyi watch: ${what}:\n${log}`);
      await sleep(20);
    }
  };
  try {
    // The build it makes when it starts, with nothing to do, and the worker's warm-up after it:
    // the worker is then as it is for any form resubmitted later (warm.ts).
    await until(() => /生成结束/.test(log), 'the first build did not end');
    await until(() => /生成进程已就绪/.test(log), 'the worker did not warm up');
    const before = published(output);
    const builds = count(log, /生成结束/);
    await change();
    const changed = performance.now();
    // Its files published, or its build ended with none to change: above 1000 organizations no
    // branch report is printed, and a corrected comment changes no published file.
    await until(
      () => changedFiles(before, published(output)).length > 0 || count(log, /生成结束/) > builds,
      'the change was not published',
    );
    const republishMs = performance.now() - changed - SETTLE_S * 1000;
    return { republishMs, settleMs: SETTLE_S * 1000, made: changedFiles(before, published(output)) };
  } finally {
    watch.kill('SIGTERM');
    await new Promise((done) => (watch.exitCode !== null ? done(null) : watch.once('exit', done)));
  }
}
