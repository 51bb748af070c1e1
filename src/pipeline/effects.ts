// What a build does to the world besides its files: the log, progress and the crash tests'
// pause points all come in from the caller (the CLI, a test, the bench), so the stages
// themselves stay plain functions.
export type Stage = 'ingest' | 'score' | 'render' | 'publish';

/** Where the crash tests stop a build: inside each stage's commit, after a printed PDF, between the publishing renames. */
export type PausePoint = 'ingest' | 'score' | 'print' | 'publish';

export interface Effects {
  /** A sentence for people, in Chinese. */
  log(line: string): void;
  /** Files read, documents printed: `done` of `total` in a stage. */
  progress?(stage: Stage, done: number, total: number): void;
  /** Called at each pause point; the CLI stops there when PINGYI_PAUSE_AT names it. */
  pause?(point: PausePoint): Promise<void>;
}

/** For callers that want nothing but the result. */
export const QUIET: Effects = { log: () => undefined };
