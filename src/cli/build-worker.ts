// `pingyi watch` builds in one worker process kept between builds (issue #21): Node with the
// code loaded, DuckDB's library, and Chromium started with its pages warm and its fonts loaded,
// so a resubmitted form is published seconds after the folder settles. Each build is still
// the `pingyi build` a person would run, with its output, exit code and locks (taken per
// build, so a build by hand waits for the watch's and the other way round); the database is
// opened per build and closed after, so between builds other programs can open it — except
// once, for the warm-up after the worker's first build (pipeline/warm.ts), under the same lock.
// The worker is a child process, not a thread of the watcher: when it dies the watcher starts another.
import { fork, type ChildProcess } from 'node:child_process';
import { EXIT } from '../base/errors.ts';
import { closeKeptChromium, keepChromiumBetweenBuilds, type BuildOptions } from '../pipeline/build.ts';
import type { Warmed } from '../pipeline/warm.ts';
import { buildArgs } from './build-options.ts';
import { defineCommand } from './command.ts';
import { runCli } from './run.ts';

/** The build as its command line, and as options for what the worker does after its first build. */
type ToWorker = { build: string[]; options: BuildOptions };
/** A build's exit code; or, once, how the worker's warm-up after its first good build went (warm.ts). */
type FromWorker = { built: number } | { warmedMs: number; warmed: Warmed | { failed: string } };

/** The watcher's side: one worker at a time, started again after it died. */
export class BuildWorker {
  private child: ChildProcess | null = null;
  private pending: ((code: number) => void) | null = null;
  private stopping = false;

  /** `cli`: bin/pingyi.js; `options`: the build's. */
  constructor(
    private readonly cli: string,
    private readonly options: BuildOptions,
    private readonly log: (line: string) => void,
  ) {}

  private start(): ChildProcess {
    const child = fork(this.cli, ['watch-worker'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.log(`生成进程已启动（进程 ${child.pid}），在两次生成之间保持运行`);
    child.on('message', (m: FromWorker) => {
      if ('built' in m) this.finish(m.built);
      else this.log(`生成进程已就绪（${warmingResult(m.warmed, m.warmedMs)}）`);
    });
    child.on('exit', (status, signal) => {
      if (this.child === child) this.child = null;
      if (this.pending) {
        if (!this.stopping) this.log(`生成进程意外退出（${signal ?? `退出码 ${status}`}），下次生成时重新启动`);
        this.finish(status ?? (signal ? 128 : EXIT.failed));
      }
    });
    child.on('error', (e) => this.log(`生成进程出错：${e.message}`));
    return child;
  }

  private finish(code: number): void {
    const done = this.pending;
    this.pending = null;
    done?.(code);
  }

  /** Runs one build to its end and gives its exit code; a worker that died is started again first. */
  build(): Promise<number> {
    const child = (this.child ??= this.start());
    return new Promise((done) => {
      this.pending = done;
      child.send({ build: buildArgs(this.options), options: this.options } satisfies ToWorker);
    });
  }

  /** Stops the worker (and with it the build it is running, as Ctrl+C stopped `pingyi build`). */
  stop(signal: NodeJS.Signals = 'SIGTERM'): void {
    this.stopping = true;
    this.child?.kill(signal);
  }
}

/** The worker's side: builds one after another as the watcher asks, until the watcher is gone. */
export const watchWorkerCommand = defineCommand({
  command: 'watch-worker',
  describe: false,
  builder: (y) => y,
  handler: async () => {
    keepChromiumBetweenBuilds();
    const quit = async (code: number) => {
      await closeKeptChromium();
      process.exit(code);
    };
    process.once('SIGINT', () => void quit(130));
    process.once('SIGTERM', () => void quit(143));
    await new Promise<void>((gone) => {
      let queue = Promise.resolve();
      let warmed = false;
      // Aborted when a build is asked for: the warm-up stops at its next step rather than keep it waiting.
      let warming: AbortController | null = null;
      // The watcher gone, a message could not be sent; the worker then ends (on 'disconnect').
      const tell = (m: FromWorker) => process.connected && process.send?.(m);
      process.on('message', (m: ToWorker) => {
        warming?.abort();
        queue = queue.then(async () => {
          const code = await runCli(['build', ...m.build]);
          tell({ built: code });
          // Once, after a build that ran through (with or without problems in the data): the next
          // change then runs code already loaded and compiled. A warm-up that fails leaves the next
          // build as slow as it would have been, and says why.
          if (!warmed && (code === EXIT.ok || code === EXIT.problems)) {
            warmed = true;
            warming = new AbortController();
            const started = performance.now();
            const result = await import('../pipeline/warm.ts')
              .then(({ warmWorker }) => warmWorker(m.options, warming!.signal))
              .catch((e: unknown) => ({ failed: e instanceof Error ? e.message : String(e) }));
            warming = null;
            tell({ warmedMs: performance.now() - started, warmed: result });
          }
        });
      });
      process.once('disconnect', () => void queue.then(gone));
    });
    await quit(EXIT.ok);
  },
});

/** How the warm-up went, for the watch's log. */
function warmingResult(w: Warmed | { failed: string }, ms: number): string {
  if ('failed' in w) return `预热未完成：${w.failed}；不影响生成`;
  if ('skipped' in w) return `未预热：${w.skipped}`;
  return `预热用时 ${(ms / 1000).toFixed(1)} 秒`;
}
