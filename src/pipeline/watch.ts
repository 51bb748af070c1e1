// `pingyi watch`: builds when the input folder changes. People copy large files slowly
// and drop several at once, so a build starts only when the folder has been quiet (no file
// added, grown, touched or removed) for `settleMs`; Office lock and temp files never count.
// Builds run one after another, and a failed build does not stop the watch.
import { watch as watchFiles, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { inputPathTest, listInputFiles } from '../ingest/read-input.ts';

export interface WatchOptions {
  input: string;
  /** Folders and files inside the input folder that are not input (output, database, locks). */
  skip: string[];
  settleMs: number;
  intervalMs: number;
  /** Runs one build to its end and gives its exit code. */
  build: () => Promise<number>;
  log: (line: string) => void;
  signal?: AbortSignal;
}

type Snapshot = Map<string, string>;

/** Every input file with its size and modification time. */
export async function snapshot(input: string, skip: string[]): Promise<Snapshot> {
  const files = await listInputFiles(input, skip).catch(() => []);
  const entries = await Promise.all(
    files.map(
      async (f) =>
        [
          f,
          await stat(f).then(
            (s) => `${s.size}:${s.mtimeMs}`,
            () => null,
          ),
        ] as const,
    ),
  );
  return new Map(entries.filter((e): e is [string, string] => e[1] !== null));
}

const same = (a: Snapshot, b: Snapshot) => a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);

export function describeChanges(before: Snapshot, after: Snapshot): string {
  const added = [...after.keys()].filter((k) => !before.has(k)).length;
  const removed = [...before.keys()].filter((k) => !after.has(k)).length;
  const changed = [...after.keys()].filter((k) => before.has(k) && before.get(k) !== after.get(k)).length;
  return (
    [added && `新增 ${added} 个`, changed && `修改 ${changed} 个`, removed && `移走 ${removed} 个`]
      .filter(Boolean)
      .join('，') || '有变化'
  );
}

/**
 * Changes the system reports in the folder (inotify), of input files only: `last` is when the
 * latest was reported, and `sleep` can end early at the next. None are reported where the system
 * cannot tell (a network share, too many folders): the looks at the folder then find every change.
 */
function reportedChanges(dir: string, isInput: (path: string) => boolean) {
  let last = 0;
  let wake: (() => void) | null = null;
  let watcher: FSWatcher | null = null;
  try {
    watcher = watchFiles(dir, { recursive: true, persistent: false }, (_event, name) => {
      if (name !== null && !isInput(join(dir, name))) return;
      last = Date.now();
      wake?.();
    });
    watcher.on('error', () => watcher?.close());
  } catch {
    watcher = null;
  }
  return {
    get last() {
      return last;
    },
    /** Waits `ms`, or until a change is reported when `early`, or until `signal` aborts. */
    sleep(ms: number, early: boolean, signal?: AbortSignal): Promise<void> {
      return new Promise((done) => {
        const end = () => {
          clearTimeout(timer);
          wake = null;
          signal?.removeEventListener('abort', end);
          done();
        };
        const timer = setTimeout(end, ms);
        if (early) wake = end;
        signal?.addEventListener('abort', end);
      });
    },
    close: () => watcher?.close(),
  };
}

export async function watch(o: WatchOptions): Promise<void> {
  const aborted = () => o.signal?.aborted ?? false;
  const run = async (why: string) => {
    o.log(`开始生成（${why}）`);
    const code = await o.build();
    o.log(`生成结束，退出码 ${code}；继续监视 ${o.input}（按 Ctrl+C 停止）`);
  };
  // A reported change is looked at at once rather than at the next look, and a file still being
  // written keeps the folder from settling even between two looks.
  const reported = reportedChanges(o.input, inputPathTest(o.input, o.skip));
  try {
    let built = await snapshot(o.input, o.skip);
    await run(`启动时，${built.size} 个文件`);
    let seen = await snapshot(o.input, o.skip);
    let changedAt = Date.now();
    const quietSince = () => Math.max(changedAt, reported.last);
    while (!aborted()) {
      const settling = !same(seen, built);
      // Settling, the next look is when the folder will have been quiet long enough, if that is sooner.
      const wait = settling
        ? Math.max(0, Math.min(o.intervalMs, quietSince() + o.settleMs - Date.now()))
        : o.intervalMs;
      await reported.sleep(wait, !settling, o.signal);
      if (aborted()) break;
      const now = await snapshot(o.input, o.skip);
      if (!same(now, seen)) {
        seen = now;
        changedAt = Date.now();
        continue;
      }
      if (!same(now, built) && Date.now() - quietSince() >= o.settleMs) {
        const why = `文件变化：${describeChanges(built, now)}`;
        built = now;
        await run(why);
      }
    }
  } finally {
    reported.close();
  }
}
