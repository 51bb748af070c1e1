// The output folder is replaced whole. A run writes everything into `<output>.staging`
// beside it; publishing is two renames (output → `<output>.previous`, staging → output) and
// removing the previous tree. Killed before the renames, the old outputs were never touched;
// killed between them, the old tree is whole in `.previous` and the next run puts it back.
import { existsSync, statSync } from 'node:fs';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { EXIT, ExplainedError } from '../base/errors.ts';
import { problemLines, type Problem } from '../contract/problem.ts';
import type { Effects } from './effects.ts';
import { readManifest } from './manifest.ts';

export const stagingDir = (output: string) => `${output}.staging`;
export const previousDir = (output: string) => `${output}.previous`;
/** Held by the build that writes this output folder. */
export const outputLock = (output: string) => `${output}.lock`;

/** How to tell a folder pingyi wrote, and which option names another one. */
export interface FolderOwner {
  marker: string;
  option: string;
  owns(dir: string): Promise<boolean>;
}

const REPORTS: FolderOwner = {
  marker: 'manifest.json',
  option: '--output',
  owns: async (dir) => (await readManifest(dir)) !== null,
};

/** Not a folder pingyi wrote: replacing it would delete someone's files. */
export class ForeignOutputFolder extends ExplainedError {
  readonly exitCode = EXIT.usage;
  constructor(
    readonly dir: string,
    owner: FolderOwner = REPORTS,
  ) {
    super(
      `输出文件夹 ${dir} 中已有不是 pingyi 生成的文件（没有 ${owner.marker}）；pingyi 每次会整体替换输出文件夹，请换一个空的或新的文件夹（${owner.option}）`,
    );
  }
}

/** Left by git, Finder and Explorer; no one keeps work in them. */
const HOUSEKEEPING = new Set(['.gitkeep', '.DS_Store', 'Thumbs.db', 'desktop.ini']);

/**
 * Brings the folder back to a published state after a run that was killed: restores the
 * previous outputs if the swap was cut in half, and removes a half-written staging folder.
 * Returns what it did, for the log.
 */
export async function recoverOutput(output: string): Promise<string[]> {
  const done: string[] = [];
  const previous = previousDir(output);
  if (existsSync(previous)) {
    if (existsSync(output)) await rm(previous, { recursive: true, force: true });
    else {
      await rename(previous, output);
      done.push(`上次运行在替换输出文件夹时中断，已恢复原来的输出：${output}`);
    }
  }
  if (existsSync(stagingDir(output))) {
    await rm(stagingDir(output), { recursive: true, force: true });
    done.push('已清除上次中断的运行留下的未完成输出');
  }
  return done;
}

/** The output folder is replaced by renaming it, and a mount point cannot be renamed. */
export class OutputIsMountPoint extends ExplainedError {
  readonly exitCode = EXIT.usage;
  constructor(
    readonly dir: string,
    owner: FolderOwner = REPORTS,
  ) {
    super(
      `输出文件夹 ${dir} 是一个挂载点（单独的磁盘或网络共享）；pingyi 每次整体替换输出文件夹，挂载点不能替换，请用它下面的一个文件夹，例如 ${join(dir, 'pingyi')}（${owner.option}）`,
    );
  }
}

const isMountPoint = (dir: string) => existsSync(dir) && statSync(dir).dev !== statSync(dirname(dir)).dev;

/** An empty staging folder, after checking the output folder may be replaced. */
export async function startStaging(output: string, owner: FolderOwner = REPORTS): Promise<string> {
  if (isMountPoint(output)) throw new OutputIsMountPoint(output, owner);
  const foreign =
    existsSync(output) && (await readdir(output)).some((f) => !HOUSEKEEPING.has(f)) && !(await owner.owns(output));
  if (foreign) throw new ForeignOutputFolder(output, owner);
  const staging = stagingDir(output);
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  return staging;
}

export async function publish(output: string, effects: Pick<Effects, 'pause'> = {}): Promise<void> {
  const previous = previousDir(output);
  if (existsSync(output)) await rename(output, previous);
  await effects.pause?.('publish');
  try {
    await rename(stagingDir(output), output);
  } catch (e) {
    await rename(previous, output).catch(() => undefined);
    throw e;
  }
  await rm(previous, { recursive: true, force: true });
}

const UNWRITABLE: Record<string, string> = {
  ENOSPC: '磁盘已满',
  EDQUOT: '超出了磁盘配额',
  EROFS: '文件系统是只读的',
  EACCES: '没有写入权限',
  EPERM: '没有写入权限',
};

/** The outputs (or their lock, or the staging folder) could not be written; what was published is untouched. */
export class OutputNotWritable extends ExplainedError {
  readonly exitCode = EXIT.failed;
  constructor(
    readonly path: string,
    readonly code: string,
  ) {
    super(`无法写入 ${path}：${UNWRITABLE[code]}（${code}）。已发布的输出没有改动；腾出磁盘空间或改好权限后重新运行`);
  }
}

/**
 * Runs a step that writes the outputs. A full or read-only disk becomes OutputNotWritable,
 * and the half-written staging folder is removed at once to give its space back.
 */
export async function writingOutput<T>(output: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    const { code, path } = e as NodeJS.ErrnoException;
    if (!code || !(code in UNWRITABLE)) throw e;
    await rm(stagingDir(output), { recursive: true, force: true }).catch(() => undefined);
    throw new OutputNotWritable(path ?? output, code);
  }
}

/** The publish stage: the run's log goes in beside the outputs, then the staging folder replaces the output folder. */
export async function publishBuild(
  ctx: { output: string; runLog: string[]; problems: Problem[] },
  effects: Pick<Effects, 'pause'> = {},
): Promise<void> {
  await writingOutput(ctx.output, async () => {
    await writeFile(
      join(stagingDir(ctx.output), 'build.log'),
      [...ctx.runLog, '', ...problemLines(ctx.problems), ''].join('\n'),
    );
    await publish(ctx.output, effects);
  });
}
