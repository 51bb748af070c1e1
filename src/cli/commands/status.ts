// `pingyi status`: who has returned what, which sheets are blank, who is late, and whom to call.
import { EXIT } from '../../base/errors.ts';
import { dueDate, loadOffice, resolveOfficeFile } from '../../distribute/office.ts';
import { periodStatus, type PeriodStatus } from '../../distribute/status.ts';
import { knownPeriods, statusFacts } from '../../distribute/status-facts.ts';
import { chaseTable, statusHeading, statusTable, totalsLine } from '../../distribute/status-table.ts';
import { withDatabase } from '../../pipeline/collect.ts';
import { parsePeriod, periodLabel } from '../../scheme/period.ts';
import { defineCommand } from '../command.ts';
import { officeOptions } from '../office-options.ts';
import { err, out, printTable } from '../print.ts';
import { periodArgument } from '../usage-error.ts';

export const statusCommand = defineCommand({
  command: 'status',
  describe: '评议表回收情况：各党组织交了没有、何时交的、哪些表没填、逾期几天、催交找谁（先读入新到的文件）',
  builder: (y) => officeOptions(y).option('json', { type: 'boolean', describe: '以 JSON 输出，供其他程序使用' }),
  handler: async (a) => {
    const office = loadOffice(resolveOfficeFile(a.office, a.input));
    const now = new Date();
    const { statuses, scheme } = await withDatabase({ ...a, read: true }, { log: err }, async (store, scheme) => {
      const known = await knownPeriods(
        store,
        Object.keys(office.due).map((p) => parsePeriod(p)!.code),
      );
      const periods = a.period === 'all' ? known : [a.period ? periodArgument(a.period).code : known.at(-1)];
      const statuses: PeriodStatus[] = [];
      for (const p of periods.filter((p) => p !== undefined))
        statuses.push(periodStatus(scheme, await statusFacts(store, p), dueDate(office, p), now));
      return { statuses, scheme };
    });
    process.exitCode = statuses.some((s) => s.totals.outstanding > 0) ? EXIT.problems : EXIT.ok;
    if (a.json) {
      out(JSON.stringify({ exitCode: process.exitCode, periods: statuses }, null, 2));
      return;
    }
    if (statuses.length === 0) out('数据库中还没有任何评议期的表格，设置文件中也没有回收截止日期。');
    for (const s of statuses) {
      out(statusHeading(s, periodLabel(scheme, parsePeriod(s.period)!)));
      const table = statusTable(s);
      printTable(table.columns, table.rows);
      out(totalsLine(s));
      const chase = chaseTable(s);
      if (chase.rows.length > 0) {
        out('催交名单：');
        printTable(chase.columns, chase.rows);
      }
      out();
    }
  },
});
