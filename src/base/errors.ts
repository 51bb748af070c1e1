// How a run ends: the exit codes documented in README "退出码", and the base class of every
// error that ends a run with a message written for the user and one of those codes.

export const EXIT = {
  /** Finished, and the data had no problems. */
  ok: 0,
  /** Finished, but the data has problems (errors or warnings) someone must fix. */
  problems: 1,
  /** The command, the scheme, the overrides or the folders given are wrong: fix them and rerun. */
  usage: 2,
  /** The run failed: a document not made, no browser, unwritable output, a busy lock or database. */
  failed: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** What an exit code means, for a log that goes on after the run (pingyi watch). */
export const EXIT_MEANING: Record<ExitCode, string> = {
  0: '完成，没有发现数据问题',
  1: '完成，数据有问题需要核对，见 build.log 和数据质量报告',
  2: '命令、评议方案或设置文件有误，请按上面的提示修改',
  3: '没有全部完成，原因见上面的说明',
};

/** An error whose message tells the user what to do, ending the run with its own exit code. */
export abstract class ExplainedError extends Error {
  abstract readonly exitCode: ExitCode;
}
