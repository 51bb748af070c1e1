// The `pingyi` command line: yargs set up once, each command a module in commands/. A run
// exits with a documented code (src/base/errors.ts); an error that ends it carries its own.
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { EXIT, ExplainedError } from '../base/errors.ts';
import { buildCommand } from './commands/build.ts';
import { exportCommand } from './commands/export.ts';
import { formsCommand } from './commands/forms.ts';
import { sampleCommand } from './commands/sample.ts';
import { schemeCommand } from './commands/scheme.ts';
import { sendCommand } from './commands/send.ts';
import { statusCommand } from './commands/status.ts';
import { validateCommand } from './commands/validate.ts';
import { watchCommand } from './commands/watch.ts';
import { err, out } from './print.ts';
import { UsageError } from './usage-error.ts';

// Output piped into `head` closes early; that is not a failure of the run.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

const argv = hideBin(process.argv);
try {
  await yargs(argv)
    .scriptName('pingyi')
    .usage('pingyi —— 创先争优评议：生成评议表、读取回收的表格、评分排名并生成报告\n\n用法：$0 <命令> [选项]')
    .command(formsCommand)
    .command(schemeCommand)
    .command(sampleCommand)
    .command(validateCommand)
    .command(buildCommand)
    .command(watchCommand)
    .command(exportCommand)
    .command(statusCommand)
    .command(sendCommand)
    .demandCommand(1, '请指定一个命令，例如：pingyi build')
    .strict()
    .recommendCommands()
    .help('help')
    .alias('help', 'h')
    .version(false)
    .locale('zh_CN')
    .wrap(Math.min(110, process.stdout.columns || 110))
    .fail((msg, e) => {
      throw e ?? new UsageError(msg);
    })
    .parseAsync();
} catch (e) {
  const message = e instanceof Error ? e.message : String(e);
  const code = e instanceof ExplainedError ? e.exitCode : EXIT.failed;
  err(e instanceof ExplainedError ? message : `运行失败：${e instanceof Error ? (e.stack ?? message) : message}`);
  if (e instanceof UsageError) err('运行 pingyi --help 查看用法。');
  if (argv.includes('--json')) out(JSON.stringify({ exitCode: code, error: message }, null, 2));
  process.exitCode = code;
}
