// The `pingyi` command line (run.ts), run once with this process's arguments.
import { hideBin } from 'yargs/helpers';
import { runCli } from './run.ts';

// Output piped into `head` closes early; that is not a failure of the run.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

await runCli(hideBin(process.argv));
