// One run of the `pingyi` command line: yargs set up for it, each command a module in
// commands/. A run exits with a documented code (src/base/errors.ts); an error that ends it
// carries its own.
import yargs, { type Argv } from 'yargs';
import { EXIT, ExplainedError } from '../base/errors.ts';
import { err, out } from './print.ts';
import { UsageError } from './usage-error.ts';

/**
 * The commands in the order help lists them. A command's module (and all it imports) is loaded
 * only when that command runs, or help lists them all: start-up is part of every build, and a
 * build has no use for the form writers or the sample generator.
 */
const COMMANDS: Record<string, (y: Argv) => Promise<Argv>> = {
  forms: async (y) => y.command((await import('./commands/forms.ts')).formsCommand),
  scheme: async (y) => y.command((await import('./commands/scheme.ts')).schemeCommand),
  sample: async (y) => y.command((await import('./commands/sample.ts')).sampleCommand),
  validate: async (y) => y.command((await import('./commands/validate.ts')).validateCommand),
  build: async (y) => y.command((await import('./commands/build.ts')).buildCommand),
  watch: async (y) => y.command((await import('./commands/watch.ts')).watchCommand),
  export: async (y) => y.command((await import('./commands/export.ts')).exportCommand),
  status: async (y) => y.command((await import('./commands/status.ts')).statusCommand),
  send: async (y) => y.command((await import('./commands/send.ts')).sendCommand),
};

/** Commands help does not list: the worker `pingyi watch` starts (watch.ts). */
const HIDDEN: Record<string, (y: Argv) => Promise<Argv>> = {
  'watch-worker': async (y) => y.command((await import('./build-worker.ts')).watchWorkerCommand),
};

/** yargs' own messages where its Chinese locale reads as a translation ("是指 build?") or leaves English in. */
const WORDS = {
  'Did you mean %s?': '没有这个命令；要运行的是不是 pingyi %s？',
  'Unknown argument: %s': { one: '没有这个选项：%s', other: '没有这些选项：%s' },
  'Invalid values:': '选项的值不在可选范围内：',
  'Argument: %s, Given: %s, Choices: %s': '选项 %s 的值是 %s，可选的值：%s',
  'Positionals:': '参数：',
  boolean: '开关',
  string: '文字',
  number: '数字',
};

/**
 * One run of the command line: `argv` without node and the script. Resolves to the exit code,
 * also left in process.exitCode; an error that ends the run is reported with its own code.
 * The watch worker runs it again for every build.
 */
export async function runCli(argv: string[]): Promise<number> {
  process.exitCode = undefined;
  try {
    const [first] = argv;
    const registered =
      first !== undefined && Object.hasOwn(HIDDEN, first)
        ? [HIDDEN[first]!]
        : (first !== undefined && Object.hasOwn(COMMANDS, first) ? [first] : Object.keys(COMMANDS)).map(
            (name) => COMMANDS[name]!,
          );
    let cli = yargs(argv)
      .scriptName('pingyi')
      .usage('pingyi —— 创先争优评议：生成评议表、读取回收的表格、评分排名并生成报告\n\n用法：$0 <命令> [选项]');
    for (const register of registered) cli = await register(cli);
    await cli
      .demandCommand(1, '请指定一个命令，例如：pingyi build')
      .strict()
      .recommendCommands()
      .help('help')
      .alias('help', 'h')
      .version(false)
      .locale('zh_CN')
      // Plural forms ({ one, other }) are read as the locale files write them; the type knows only strings.
      .updateLocale(WORDS as unknown as Record<string, string>)
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
  return Number(process.exitCode ?? EXIT.ok);
}
