// The shape of one `pingyi` command: its options and what it does with them. Each command is
// one file in commands/ and one line in main.ts.
import type { ArgumentsCamelCase, Argv } from 'yargs';

export interface Command<Args> {
  command: string;
  /** false for a command help does not list. */
  describe: string | false;
  builder: (y: Argv) => Argv<Args>;
  handler: (a: ArgumentsCamelCase<Args>) => void | Promise<void>;
}

/** Types the handler's arguments from the options the builder declares. */
export const defineCommand = <Args>(c: Command<Args>): Command<Args> => c;
