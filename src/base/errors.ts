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

/** An error whose message tells the user what to do, ending the run with its own exit code. */
export abstract class ExplainedError extends Error {
  abstract readonly exitCode: ExitCode;
}
