// The bureau's workbook for one period: 上级考评 (the itemised sheet for every
// organization), 领导点评 (strengths, problems, direction per organization) and, when the
// scheme collects it here, the 点评 of every member.
import type ExcelJS from 'exceljs';
import type { Roster } from '../contract/roster.ts';
import { periodLabel, type Period } from '../scheme/period.ts';
import type { Scheme } from '../scheme/schema.ts';
import { addInstructionsSheet, type FieldValues } from './instructions.ts';
import { BUREAU_REVIEW, MEMBER_COMMENTS, REVIEW_COMMENTS } from '../contract/form-layout.ts';
import { addTableSheet, type RowInput } from './sheet-writer.ts';
import { finishFormWorkbook, newFormWorkbook } from './workbook.ts';

export interface BureauFormData {
  fields?: FieldValues;
  /** By reviewKey(). */
  review?: Record<string, RowInput>;
  /** By org id. */
  comments?: Record<string, RowInput>;
  /** By member id. */
  memberComments?: Record<string, RowInput>;
}

export interface BureauFormInput {
  scheme: Scheme;
  roster: Roster;
  period: Period;
  generatedAt: Date;
  data?: BureauFormData;
}

export const reviewKey = (orgId: string, itemKey: string) => `${orgId}|${itemKey}`;

export async function buildBureauWorkbook(input: BureauFormInput): Promise<ExcelJS.Workbook> {
  const { scheme, roster, period, data = {} } = input;
  const label = periodLabel(scheme, period);
  const wb = newFormWorkbook(
    `${label} 上级考评和领导点评 · ${scheme.issuer}`,
    `${label}上级考评和领导点评表`,
    input.generatedAt,
  );

  addInstructionsSheet(wb, {
    scheme,
    title: `${label}创先争优活动上级考评和领导点评表`,
    facts: [
      ['考评单位', scheme.issuer],
      ['评议期', `${label}（${period.code}）`],
      ['被考评党组织', `${roster.orgs.length} 个`],
      ['评议方案', `${scheme.name}（${scheme.version}）`],
    ],
    fields: data.fields ?? {},
    steps: [
      '先在本页填写填表日期、填表人和联系电话。灰色单元格由系统预先填好，请勿修改；白色单元格为填写区。',
      '“上级考评”：按“五个好”考核细则对每个党组织逐项打分，每项不超过该项分值，扣分的请写明原因。可用筛选功能按党组织查看。',
      '“领导点评”：对每个党组织写明主要成绩、存在问题和努力方向（实施方案：实事求是肯定取得的成绩，指出存在的问题和努力方向）。点评时先对照上期点评指出的问题，检查整改情况。',
      ...(scheme.memberComments.collectedOn === 'bureau'
        ? ['“党员点评”：对党员写明主要成绩、存在不足和努力方向，并署名点评人；可用筛选功能按党组织查看。']
        : []),
      '填好后保存为 .xlsx 格式，文件名可以修改，系统按表内信息识别。',
    ],
    criteria: ['org'],
  });

  const items = scheme.org.dimensions.flatMap((d) => d.items.map((it) => ({ ...it, dimension: d.label })));
  addTableSheet(wb, {
    scheme,
    spec: BUREAU_REVIEW,
    title: `${label}“五个好”先进基层党组织上级考评表`,
    subtitle: `考评单位：${scheme.issuer}`,
    rows: roster.orgs.flatMap((o) =>
      items.map((it) => ({
        orgId: o.orgId,
        orgName: o.name,
        dimension: it.dimension,
        itemKey: it.key,
        text: it.text,
        max: it.max,
        ...data.review?.[reviewKey(o.orgId, it.key)],
      })),
    ),
    maxPoints: (row) => Number(row.max),
    landscape: true,
  });

  addTableSheet(wb, {
    scheme,
    spec: REVIEW_COMMENTS,
    title: `${label}领导点评意见`,
    subtitle: `点评单位：${scheme.issuer}`,
    rows: roster.orgs.map((o) => ({ orgId: o.orgId, orgName: o.name, ...data.comments?.[o.orgId] })),
    landscape: true,
  });

  if (scheme.memberComments.collectedOn === 'bureau') {
    const orgName = new Map(roster.orgs.map((o) => [o.orgId, o.name]));
    const order = new Map(roster.orgs.map((o, i) => [o.orgId, i]));
    // Grouped by organization in roster order, members in roster order within each.
    const members = roster.members
      .map((m, i) => ({ m, i }))
      .filter(({ m }) => order.has(m.orgId))
      .sort((a, b) => order.get(a.m.orgId)! - order.get(b.m.orgId)! || a.i - b.i)
      .map(({ m }) => m);
    addTableSheet(wb, {
      scheme,
      spec: MEMBER_COMMENTS,
      title: `${label}党员点评意见`,
      subtitle: `点评单位：${scheme.issuer}`,
      rows: members.map((m) => ({
        orgName: orgName.get(m.orgId),
        memberId: m.memberId,
        name: m.name,
        ...data.memberComments?.[m.memberId],
      })),
      landscape: true,
    });
  }

  return finishFormWorkbook(wb, {
    kind: 'bureau',
    schemeId: scheme.id,
    schemeVersion: scheme.version,
    period: period.code,
    generatedAt: input.generatedAt.toISOString(),
  });
}
