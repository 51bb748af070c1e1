// `pingyi watch`: builds when the input folder changes. People copy large files slowly
// and drop several at once, so a build starts only when the folder has been quiet (no file
// added, grown, touched or removed) for `settleMs`; Office lock and temp files never count.
// Builds run one after another, and a failed build does not stop the watch. The folder is looked
// at every `intervalMs`, and at once when the system reports a change in one of its folders.
import { watch as watchFolder, type FSWatcher } from 'node:fs';
import { basename } from 'node:path';
import { stat } from 'node:fs/promises';
import { EXIT_MEANING, type ExitCode } from '../base/errors.ts';
import { listInput } from '../ingest/read-input.ts';

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

/** The input files with their size and modification time, and the folders that hold them. */
async function look(input: string, skip: string[]): Promise<{ files: Snapshot; folders: string[] }> {
  const { files, folders } = await listInput(input, skip).catch(() => ({ files: [], folders: [] }));
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
  return { files: new Map(entries.filter((e): e is [string, string] => e[1] !== null)), folders };
}

/** A reported change is looked at this long after the report: a save, or a file being copied, reports every write. */
const REPORTED_LOOK_GAP_MS = 200;

/**
 * The system's reports of changes, one watch per input folder (not recursive: Node's recursive
 * watch on Linux adds one per file, the output's too, and stops reporting a folder made again),
 * the folders taken again from every look. A report only brings the next look forward, and only
 * while no change is waiting to settle (the settle time decides those looks): the looks decide
 * what changed, so a report missed (a network share, the system's limit on watches) costs at most
 * one interval.
 */
class ChangeReports {
  private readonly watchers = new Map<string, FSWatcher>();
  private following = false;
  private reported = false;
  private wake: (() => void) | null = null;

  follow(folders: string[]): void {
    const wanted = new Set(folders);
    for (const [folder, watcher] of this.watchers) {
      if (wanted.has(folder)) continue;
      watcher.close();
      this.watchers.delete(folder);
    }
    for (const folder of wanted) {
      if (this.watchers.has(folder)) continue;
      try {
        const stop = () => {
          watcher.close();
          if (this.watchers.get(folder) === watcher) this.watchers.delete(folder);
        };
        const watcher = watchFolder(folder, { persistent: false }, (_, name) => {
          // The folder itself removed or renamed (reported under its own name): its watch reports
          // nothing more, even when a folder of that name is made again, so the next look watches anew.
          if (name === basename(folder)) stop();
          this.report();
        });
        watcher.on('error', stop);
        this.watchers.set(folder, watcher);
        // A folder new since the last look: what was written into it before its watch began is looked at.
        if (this.following) this.reported = true;
      } catch {
        // Not watchable (the limit on watches, a file system without reports): looked at every interval.
      }
    }
    this.following = true;
  }

  /**
   * Waits `ms`; with `early`, less when a change is reported (or was, since the last wait that
   * took reports), then a little more, for the writes reported together (a save is several) to
   * be looked at once.
   */
  async wait(ms: number, early: boolean, signal?: AbortSignal): Promise<void> {
    if (!(early && this.reported)) {
      await new Promise<void>((done) => {
        const end = () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', end);
          this.wake = null;
          done();
        };
        const timer = setTimeout(end, ms);
        signal?.addEventListener('abort', end, { once: true });
        this.wake = early ? end : null;
      });
    }
    if (!early || !this.reported || signal?.aborted) return;
    this.reported = false;
    await new Promise((done) => setTimeout(done, Math.min(ms, REPORTED_LOOK_GAP_MS)));
  }

  close(): void {
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
  }

  private report(): void {
    this.reported = true;
    this.wake?.();
  }
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
    o.log(
      `生成结束，退出码 ${code}（${EXIT_MEANING[code as ExitCode] ?? '意外退出'}）；继续监视 ${o.input}（按 Ctrl+C 停止）`,
    );
  };
  const reports = new ChangeReports();
  const lookNow = async () => {
    const { files, folders } = await look(o.input, o.skip);
    reports.follow(folders);
    return files;
  };

  try {
    let built = await lookNow();
    await run(`启动时，${built.size} 个文件`);
    let seen = await lookNow();
    let changedAt = Date.now();
    while (!aborted()) {
      // A change waiting to settle is looked at again when it will have settled, if that comes before
      // the next look: the looks' own time (listing and stat) no longer adds up to one look more.
      const idle = same(seen, built);
      const settled = idle ? Infinity : changedAt + o.settleMs - Date.now();
      await reports.wait(Math.max(0, Math.min(o.intervalMs, settled)), idle, o.signal);
      if (aborted()) break;
      const now = await lookNow();
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
  } finally {
    reports.close();
  }
}
