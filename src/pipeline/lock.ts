// One build at a time. A lock is a small file created exclusively (O_EXCL), holding the
// owner's pid, host and process start time; a lock whose process is gone (or whose pid now
// belongs to another process) is stale and taken over.
import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { EXIT, ExplainedError } from '../base/errors.ts';
import { processExists } from '../base/process.ts';
import { timestamp } from '../base/timestamp.ts';
import { folderNotMadeReason } from '../base/unreadable-reason.ts';

export interface LockOwner {
  pid: number;
  host: string;
  /** Process start time from /proc (Linux), so a reused pid is not mistaken for the owner. */
  processStart: string | null;
  since: string;
}

/** Local time: `since` is stored as ISO (UTC), which would read eight hours early here. */
const since = (owner: LockOwner) => (owner.since ? timestamp(new Date(owner.since)) : '时间不详');

/** What a run waiting for the lock tells its user. */
export const waitingFor = (owner: LockOwner) =>
  `另一个生成正在运行（进程 ${owner.pid}，开始于 ${since(owner)}），等待其结束……`;

export class LockBusy extends ExplainedError {
  readonly exitCode = EXIT.failed;
  constructor(
    readonly file: string,
    readonly owner: LockOwner,
  ) {
    super(
      `另一个 pingyi 正在运行（进程 ${owner.pid}，${owner.host}，开始于 ${since(owner)}），锁文件 ${file}；请等它结束后再运行，或去掉 --no-wait 让本次运行排队等待`,
    );
  }
}

/** The folder a lock goes in (the database's, or beside the output) cannot be made: a file is in the way. */
export class LockFolderUnusable extends ExplainedError {
  readonly exitCode = EXIT.usage;
  constructor(file: string, reason: string) {
    super(`不能建立文件夹 ${dirname(file)}（${reason}）；请检查 --db 和 --output 指定的路径`);
  }
}

export interface LockOptions {
  /** Wait for the owner to finish (true) or throw LockBusy at once (false). */
  wait: boolean;
  /** Told once when the run starts waiting. */
  onWait?: (owner: LockOwner) => void;
  pollMs?: number;
}

export interface Lock {
  release(): void;
}

function processStart(pid: number): string | null {
  try {
    // Field 22 of /proc/<pid>/stat; the command name (field 2) may hold spaces, so count from ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function alive(owner: LockOwner): boolean {
  if (!(owner.pid > 0)) return false;
  // Another machine's process (a shared folder) cannot be checked: assume it runs.
  if (owner.host !== hostname()) return true;
  if (!processExists(owner.pid)) return false;
  const start = processStart(owner.pid);
  return owner.processStart === null || start === null || start === owner.processStart;
}

function readOwner(file: string): LockOwner | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LockOwner;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    // Half-written by an owner killed while creating it: no one holds it.
    return { pid: 0, host: hostname(), processStart: null, since: '' };
  }
}

function tryCreate(file: string, owner: LockOwner): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    writeSync(fd, JSON.stringify(owner));
  } finally {
    closeSync(fd);
  }
  return true;
}

const sameOwner = (a: LockOwner | null, b: LockOwner | null) =>
  a !== null &&
  b !== null &&
  a.pid === b.pid &&
  a.host === b.host &&
  a.processStart === b.processStart &&
  a.since === b.since;

/**
 * Removes a stale lock. Only one process at a time may do so (a second lock file guards it),
 * and only if the lock still holds the stale owner, so a fresh lock is never removed.
 */
function takeOver(file: string, stale: LockOwner, me: LockOwner): void {
  const guard = `${file}.takeover`;
  if (!tryCreate(guard, me)) {
    const holder = readOwner(guard);
    if (holder && !alive(holder)) unlinkSync(guard);
    return;
  }
  try {
    if (sameOwner(readOwner(file), stale)) unlinkSync(file);
  } finally {
    unlinkSync(guard);
  }
}

export async function acquireLock(file: string, o: LockOptions): Promise<Lock> {
  const me: LockOwner = {
    pid: process.pid,
    host: hostname(),
    processStart: processStart(process.pid),
    since: new Date().toISOString(),
  };
  // The database's or output's folder may not exist yet on a first run.
  try {
    mkdirSync(dirname(file), { recursive: true });
  } catch (e) {
    throw new LockFolderUnusable(file, folderNotMadeReason(e));
  }
  let told = false;
  for (;;) {
    if (tryCreate(file, me)) break;
    const owner = readOwner(file);
    if (owner && !alive(owner)) {
      takeOver(file, owner, me);
      continue;
    }
    if (owner) {
      if (!o.wait) throw new LockBusy(file, owner);
      if (!told) o.onWait?.(owner);
      told = true;
    }
    await sleep((o.pollMs ?? 250) * (0.5 + Math.random()));
  }
  return {
    release() {
      if (sameOwner(readOwner(file), me)) unlinkSync(file);
    },
  };
}

/** Locks every file in a fixed order (so two runs never hold one each), released in reverse. */
export async function acquireLocks(files: string[], o: LockOptions): Promise<Lock> {
  const held: Lock[] = [];
  try {
    for (const file of [...new Set(files)].sort()) held.push(await acquireLock(file, o));
  } catch (e) {
    for (const lock of held.reverse()) lock.release();
    throw e;
  }
  return {
    release() {
      for (const lock of held.reverse()) lock.release();
    },
  };
}
