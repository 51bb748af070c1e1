// 回收情况 and 催交名单 for people to read: the section of index.html and the one-page 催交名单
// PDF. The words and columns come from distribute/status-table.ts, written once for the command,
// the workbook and these.
import type { PeriodStatus } from '../../distribute/status.ts';
import { chaseTable, statusHeading, statusTable, totalsLine, type StatusTable } from '../../distribute/status-table.ts';
import type { Scheme } from '../../scheme/schema.ts';
import { header } from './shared.ts';

/** Columns of free text that may wrap; codes, dates, numbers, names and phones stay on one line. */
const WRAPPING = new Set(['党组织', '文件', '空白的工作表', '未填完的工作表', '说明', '缺少', '电子邮箱']);

const cells = (t: StatusTable) => ({
  columns: t.columns,
  rows: t.rows.map((r) =>
    r.map((v, i) => ({
      text: v === null || v === '' ? '—' : String(v),
      wrap: WRAPPING.has(t.columns[i]!),
      label: t.columns[i]!,
    })),
  ),
});

export function collectionModel(status: PeriodStatus, scheme: Scheme) {
  const head = header(scheme, status.period, '评议表催交名单');
  return {
    ...head,
    heading: statusHeading(status, head.periodLabel),
    totals: totalsLine(status),
    table: cells(statusTable(status)),
    chase: cells(chaseTable(status)),
  };
}

export type CollectionModel = ReturnType<typeof collectionModel>;
