// `pingyi validate`: read and check every file in the input folder; the database is not touched.
import { dirname, resolve } from 'node:path';
import { EXIT } from '../../base/errors.ts';
import { validateInput } from '../../pipeline/validate.ts';
import { loadScheme, resolveSchemeFile } from '../../scheme/load.ts';
import { DEFAULT_DB } from '../../store/db.ts';
import { defineCommand } from '../command.ts';
import { validationJson } from '../json-summaries.ts';
import { out, printProblemList } from '../print.ts';

export const validateCommand = defineCommand({
  command: 'validate',
  describe: '读取并检查 input 文件夹中的全部表格，列出问题，不改动数据库',
  builder: (y) =>
    y
      .option('input', { type: 'string', default: 'input', describe: '输入文件夹' })
      .option('output', { type: 'string', default: 'output', describe: '输出文件夹（位于 input 之内时跳过）' })
      .option('scheme', { type: 'string', describe: '评议方案文件（YAML）' })
      .option('json', { type: 'boolean', describe: '以 JSON 输出，供其他程序使用' }),
  handler: async (a) => {
    const { scheme, text } = loadScheme(resolveSchemeFile(a.scheme, a.input));
    const { summary, readings } = await validateInput(a.input, scheme, text, [a.output, dirname(resolve(DEFAULT_DB))]);
    const problems = [...readings.flatMap((r) => r.problems), ...summary.problems];
    if (a.json) {
      out(JSON.stringify(validationJson(summary.rosterFile, readings, summary.problems), null, 2));
    } else {
      out(`检查了 ${readings.length} 个文件；名册：${summary.rosterFile ?? '无'}`);
      const rows = readings.reduce(
        (n, r) => ({
          read: n.read + r.counts.read,
          accepted: n.accepted + r.counts.accepted,
          rejected: n.rejected + r.counts.rejected,
        }),
        { read: 0, accepted: 0, rejected: 0 },
      );
      out(`数据行 ${rows.read} 行：采用 ${rows.accepted} 行，拒收 ${rows.rejected} 行`);
      if (problems.length === 0) out('没有发现问题。');
      else printProblemList(problems);
    }
    process.exitCode = problems.length > 0 ? EXIT.problems : EXIT.ok;
  },
});
