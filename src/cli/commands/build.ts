// `pingyi build`: read the input folder, score, and publish the reports (redoing only what changed).
import { join } from 'node:path';
import { EXIT } from '../../base/errors.ts';
import { build } from '../../pipeline/build.ts';
import { buildOptions, toBuildOptions } from '../build-options.ts';
import { defineCommand } from '../command.ts';
import { buildJson } from '../json-summaries.ts';
import { pauseAt } from '../pause.ts';
import { err, out, printProblemList } from '../print.ts';
import { chooseMode, createReporter, useColor } from '../progress.ts';

export const buildCommand = defineCommand({
  command: 'build',
  describe: '读取 input 文件夹中的表格，评分并生成报告到 output 文件夹（只重做有变化的部分）',
  builder: (y) =>
    buildOptions(y)
      .option('force', { type: 'boolean', describe: '全部重做：重新读取每个文件、重新生成每份文档' })
      .option('json', { type: 'boolean', describe: '结束时在标准输出打印一个 JSON 汇总（过程信息改到标准错误）' })
      .option('quiet', { type: 'boolean', alias: 'q', describe: '只输出错误' })
      .option('problems-exit-code', {
        type: 'number',
        default: EXIT.problems,
        describe: '有数据问题时的退出码（npm start 演示时用 0）',
      }),
  handler: async (a) => {
    const stream = a.json ? process.stderr : process.stdout;
    const reporter = createReporter(chooseMode(a, stream), stream, useColor(stream));
    const summary = await build({ ...toBuildOptions(a), force: a.force }, { ...reporter, pause: pauseAt });
    reporter.finish();
    const code =
      summary.render.failed.length > 0 ? EXIT.failed : summary.problems.length > 0 ? a['problems-exit-code'] : EXIT.ok;
    process.exitCode = code;
    if (a.json) {
      out(JSON.stringify(buildJson(summary, code), null, 2));
      return;
    }
    for (const f of summary.render.failed) err(`生成失败：${f.path}（${f.reason}）`);
    if (a.quiet) return;
    if (summary.problems.length > 0) {
      printProblemList(summary.problems);
      out('');
    }
    out(
      `评分结果也保存在数据库 ${a.db} 中，供查询和以后各期对比（各表的说明见 docs/database.md 和 docs/scoring.md）。`,
    );
    out(`报告和导出见 ${join(a.output, 'index.html')}，本次运行记录见 ${join(a.output, 'build.log')}。`);
  },
});
