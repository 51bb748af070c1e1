// `pingyi forms`: blank evaluation forms for a roster and period, or a blank roster template.
import { join, resolve } from 'node:path';
import { EXIT } from '../../base/errors.ts';
import { readRosterFile } from '../../ingest/roster.ts';
import { loadScheme, resolveSchemeFile } from '../../scheme/load.ts';
import { periodLabel } from '../../scheme/period.ts';
import { DB_OPTION } from '../build-options.ts';
import { carriedFromDatabase } from '../carried.ts';
import { defineCommand } from '../command.ts';
import { err, out, printProblems } from '../print.ts';
import { periodArgument, UsageError } from '../usage-error.ts';

export const formsCommand = defineCommand({
  command: 'forms',
  describe:
    '生成空白评议表（每个党组织一份，另有上级考评表，有评先选优的评议期还有评先选优审定表），或生成空白名册模板',
  builder: (y) =>
    y
      .option('roster', { type: 'string', describe: '名册工作簿（组织、党员、处分）' })
      .option('period', { type: 'string', describe: '评议期，如 2011H1（2011年上半年）' })
      .option('out', { type: 'string', describe: '输出文件夹', default: 'forms' })
      .option('roster-template', { type: 'string', describe: '只生成一份空白名册模板到此文件' })
      .option('db', {
        ...DB_OPTION,
        describe: '数据库文件：从中读出上期未兑现、顺延、未到期的承诺和上期的结对，预先填入评议表',
      })
      .option('scheme', { type: 'string', describe: '评议方案文件（YAML），默认使用内置方案' }),
  handler: async (a) => {
    const { scheme } = loadScheme(resolveSchemeFile(a.scheme, undefined));
    if (a['roster-template']) {
      const file = resolve(a['roster-template']);
      const [{ writeWorkbook }, { buildRosterWorkbook }] = await Promise.all([
        import('../../forms/workbook.ts'),
        import('../../forms/roster-form.ts'),
      ]);
      await writeWorkbook(await buildRosterWorkbook(scheme, new Date()), file);
      out(`已生成空白名册模板：${file}`);
      return;
    }
    if (!a.roster || !a.period)
      throw new UsageError(
        '请同时指定 --roster 名册文件 和 --period 评议期（如 --period 2011H1），或用 --roster-template 生成空白名册',
      );
    const period = periodArgument(a.period);
    const { roster, problems } = await readRosterFile(resolve(a.roster), scheme);
    printProblems(problems);
    if (roster.orgs.length === 0) {
      err('名册中没有可用的党组织，未生成评议表。');
      process.exitCode = EXIT.problems;
      return;
    }
    const [{ writeForms, decisionFormFileName }, { carriedRows }] = await Promise.all([
      import('../../forms/write-forms.ts'),
      import('../../forms/carry-over.ts'),
    ]);
    const carried = await carriedFromDatabase(resolve(a.db), scheme, period);
    const files = await writeForms({
      scheme,
      roster,
      period,
      outDir: resolve(a.out),
      generatedAt: new Date(),
      branchData: carried ? (org) => ({ carried: carriedRows(scheme, roster, org, period, carried) }) : undefined,
    });
    const decision = files.includes(join(resolve(a.out), decisionFormFileName(period)));
    out(
      `已为 ${periodLabel(scheme, period)} 生成 ${files.length} 份评议表（${roster.orgs.length} 个党组织 + 1 份上级考评表${decision ? ' + 1 份评先选优审定表' : ''}），保存在 ${resolve(a.out)}`,
    );
    if (problems.some((p) => p.severity === 'error')) {
      err(`名册有 ${problems.length} 处问题（见上），有问题的行未写入评议表，请修正名册后重新生成。`);
      process.exitCode = EXIT.problems;
    }
  },
});
