// A command typed wrongly: exit 2, and main.ts points to --help.
import { EXIT, ExplainedError } from '../base/errors.ts';
import { parsePeriod, type Period } from '../scheme/period.ts';

export class UsageError extends ExplainedError {
  readonly exitCode = EXIT.usage;
}

/** A --period value such as 2011H1. */
export function periodArgument(text: string): Period {
  const period = parsePeriod(text);
  if (!period) throw new UsageError(`评议期“${text}”格式不对，应写作 2011H1 或 2011H2`);
  return period;
}
