// `pingyi watch`: builds when the input folder changes. People copy large files slowly
// and drop several at once, so a build starts only when the folder has been quiet (no file
// added, grown, touched or removed) for `settleMs`; Office lock and temp files never count.
// Builds run one after another, and a failed build does not stop the watch.
import { stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { listInputFiles } from '../ingest/read-input.ts';

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

export async function watch(o: WatchOptions): Promise<void> {
  const aborted = () => o.signal?.aborted ?? false;
  const run = async (why: string) => {
    o.log(`开始生成（${why}）`);
    const code = await o.build();
    o.log(`生成结束，退出码 ${code}；继续监视 ${o.input}（按 Ctrl+C 停止）`);
  };

  let built = await snapshot(o.input, o.skip);
  await run(`启动时，${built.size} 个文件`);
  let seen = await snapshot(o.input, o.skip);
  let changedAt = Date.now();
  while (!aborted()) {
    // A change waiting to settle is looked at again when it will have settled, if that comes before
    // the next look: the looks' own time (listing and stat) no longer adds up to one look more.
    const settled = same(seen, built) ? Infinity : changedAt + o.settleMs - Date.now();
    const wait = Math.max(0, Math.min(o.intervalMs, settled));
    await sleep(wait, undefined, o.signal ? { signal: o.signal } : {}).catch(() => undefined);
    if (aborted()) break;
    const now = await snapshot(o.input, o.skip);
    if (!same(now, seen)) {
      seen = now;
      changedAt = Date.now();
      continue;
    }
    if (!same(now, built) && Date.now() - changedAt >= o.settleMs) {
      const why = `文件变化：${describeChanges(built, now)}`;
      built = now;
      await run(why);
    }
  }
}
