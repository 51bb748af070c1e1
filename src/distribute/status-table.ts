// 回收情况 and 催交名单 as tables of words and numbers: one place for what people read, whether
// the command prints it, results.xlsx holds it as a sheet, or a page or PDF shows it.
import { basename } from 'node:path';
import { chaseList, type FormState, type OrgStatus, type PeriodStatus } from './status.ts';

export type StatusCell = string | number | null;

export const FORM_STATE_LABELS: Record<FormState, string> = {
  missing: '未交',
  blank: '交了空表',
  incomplete: '部分未填',
  complete: '已交齐',
};

export interface StatusTable {
  name: string;
  columns: string[];
  rows: StatusCell[][];
}

export const day = (d: Date | null | undefined) => (d ? d.toISOString().slice(0, 10) : null);

/** 逾期未交 5 天 / 迟交 2 天 / nothing. */
export function lateness(o: OrgStatus): string | null {
  if (o.overdueDays <= 0) return null;
  return o.outstanding ? `逾期 ${o.overdueDays} 天未交齐` : `迟交 ${o.overdueDays} 天`;
}

/** What is still to come from the organization, in a few words. */
export function owed(o: OrgStatus): string {
  if (o.state === 'missing') return o.unusable.length > 0 ? '交回的文件无法读取，需重交' : '评议表未交';
  if (o.state === 'blank') return '交回的是空表';
  return o.blankSheets.length > 0 ? `未填写：${o.blankSheets.join('、')}` : '';
}

export function statusTable(s: PeriodStatus): StatusTable {
  return {
    name: '回收情况',
    columns: [
      '组织编号',
      '党组织',
      '状态',
      '首次交回',
      '最新版本',
      '文件',
      '空白的工作表',
      '未填完的工作表',
      '错误',
      '提醒',
      '逾期天数',
      '说明',
    ],
    rows: s.orgs.map((o) => [
      o.orgId,
      o.name,
      FORM_STATE_LABELS[o.state],
      day(o.first?.date),
      day(o.latest?.date),
      [...o.files.map((f) => basename(f)), ...o.unusable.map((f) => `${basename(f)}（无法读取）`)].join('；') || null,
      o.blankSheets.join('、') || null,
      o.partialSheets.map((g) => `${g.sheet}（${g.filled}/${g.expected}）`).join('、') || null,
      o.errors,
      o.warnings,
      o.overdueDays > 0 ? o.overdueDays : null,
      lateness(o),
    ]),
  };
}

export function chaseTable(s: PeriodStatus): StatusTable {
  return {
    name: '催交名单',
    columns: ['组织编号', '党组织', '缺少', '逾期天数', '书记', '书记电话', '联系人', '联系人电话', '电子邮箱'],
    rows: chaseList(s).map((o) => [
      o.orgId,
      o.name,
      owed(o),
      o.overdueDays > 0 ? o.overdueDays : null,
      o.secretary,
      o.secretaryPhone,
      o.contact,
      o.contactPhone,
      [o.secretaryEmail, o.contactEmail].filter(Boolean).join('；') || null,
    ]),
  };
}

/** One sentence of totals. */
export function totalsLine(s: PeriodStatus): string {
  const t = s.totals;
  const parts = [
    `应交 ${t.orgs} 个党组织`,
    `已交齐 ${t.complete}`,
    ...(t.incomplete ? [`部分未填 ${t.incomplete}`] : []),
    ...(t.blank ? [`交了空表 ${t.blank}`] : []),
    `未交 ${t.missing}`,
    ...(t.overdue ? [`逾期未交齐 ${t.overdue}`] : []),
    ...(t.late ? [`迟交 ${t.late}`] : []),
  ];
  const bureau = s.bureau.returned ? `已交（${day(s.bureau.latest?.date)}）` : '未交';
  return `${parts.join('，')}；上级考评和领导点评表${bureau}`;
}

/** The heading: the period, its due date, and the day the status is as of. */
export function statusHeading(s: PeriodStatus, periodLabel: string): string {
  const due = s.due ? `回收截止 ${day(s.due)}` : '未设回收截止日期（见 office.yaml 的 due）';
  return `${periodLabel}评议表回收情况（${due}，截至 ${day(s.asOf)}）`;
}
