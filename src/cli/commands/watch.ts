// `pingyi watch`: build whenever the input folder changes and has settled; runs until stopped.
// Each build is a `pingyi build`, with the output and exit code it has when run by hand, run in
// a worker process kept warm between builds (build-worker.ts).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSkips, InputFolderMissing } from '../../pipeline/build.ts';
import { watch } from '../../pipeline/watch.ts';
import { buildOptions, toBuildOptions } from '../build-options.ts';
import { BuildWorker } from '../build-worker.ts';
import { defineCommand } from '../command.ts';
import { chooseMode, createReporter, useColor } from '../progress.ts';
import { UsageError } from '../usage-error.ts';

const CLI = fileURLToPath(new URL('../../../bin/pingyi.js', import.meta.url));

export const watchCommand = defineCommand({
  command: 'watch',
  describe: '监视 input 文件夹，文件有变化（复制完成后）就自动生成；一直运行，按 Ctrl+C 停止',
  builder: (y) =>
    buildOptions(y)
      .option('settle', {
        type: 'number',
        default: 3,
        describe: '文件夹安静多少秒后才开始生成（等待复制完成、合并连续的改动）',
      })
      .option('interval', { type: 'number', default: 1, describe: '每隔多少秒检查一次文件夹' }),
  handler: async (a) => {
    // 0 would look at the folder without pause, a core kept busy for nothing.
    if (!(a.interval > 0)) throw new UsageError(`--interval 应为大于 0 的秒数（现为 ${a.interval}）`);
    if (!(a.settle >= 0)) throw new UsageError(`--settle 应为不小于 0 的秒数（现为 ${a.settle}）`);
    if (!existsSync(a.input)) throw new InputFolderMissing(resolve(a.input));
    const stream = process.stdout;
    const reporter = createReporter(chooseMode({}, stream), stream, useColor(stream));
    const stop = new AbortController();
    const options = toBuildOptions(a);
    const worker = new BuildWorker(CLI, options, (line) => reporter.log(line));
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.on(signal, () => {
        reporter.log('收到停止信号，当前生成结束后退出');
        stop.abort();
        worker.stop(signal);
      });
    }
    await watch({
      input: resolve(a.input),
      skip: buildSkips(options),
      settleMs: a.settle * 1000,
      intervalMs: a.interval * 1000,
      signal: stop.signal,
      log: (line) => reporter.log(line),
      build: () => worker.build(),
    });
    worker.stop();
  },
});
