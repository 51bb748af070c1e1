// The roster workbook the bureau maintains: 组织, 党员, 处分. Written empty as a
// template, or filled (the sample generator writes the shipped roster this way).
import type ExcelJS from 'exceljs';
import type { Roster } from '../contract/roster.ts';
import type { Scheme } from '../scheme/schema.ts';
import { addInstructionsSheet } from './instructions.ts';
import { ROSTER_MEMBERS, ROSTER_ORGS, ROSTER_SANCTIONS } from '../contract/form-layout.ts';
import { addTableSheet } from './sheet-writer.ts';
import { finishFormWorkbook, newFormWorkbook } from './workbook.ts';

/** Empty rows left ready (unlocked, with dropdowns) below the data on each sheet. */
const ROOM = { orgs: 50, members: 500, sanctions: 30 };

export async function buildRosterWorkbook(
  scheme: Scheme,
  generatedAt: Date,
  roster?: Roster,
): Promise<ExcelJS.Workbook> {
  const wb = newFormWorkbook(`党组织和党员名册 · ${scheme.issuer}`, '党组织和党员名册', generatedAt);
  const yes = scheme.yesNo.yes[0];
  const no = scheme.yesNo.no[0];

  addInstructionsSheet(wb, {
    scheme,
    title: '党组织和党员名册',
    facts: [
      ['维护单位', scheme.issuer],
      ['评议方案', `${scheme.name}（${scheme.version}）`],
    ],
    steps: [
      '“组织”：每个党总支、党支部一行。组织编号唯一且不要更改（如 S01）；党总支下属党支部在“上级组织编号”填写党总支的编号；“片区”填写所属片区或学区（可不填，用于分片统计和数据导出）。书记和联系人的电话、邮箱用于催交评议表和发送各党组织的报告（pingyi status、pingyi send）。',
      '“党员”：每名党员一行，党员编号唯一（如 S01-001），“所在党组织编号”填写“组织”表中的编号。出生日期用于统计 35 岁以下青年党员。',
      `“处分”：党员受到纪律处分的，填写处分所在的评议期（如 2011H1）和处分类型；受处分的党员当期不能参加评优（一票否决）。`,
      '名册放在 input 文件夹中，与各党组织交回的评议表一起处理；生成空白评议表时用 pingyi forms --roster 指定本文件。',
    ],
    criteria: [],
  });

  const statusLabel = (s: 'full' | 'probationary') =>
    s === 'full' ? scheme.memberStatuses.full : scheme.memberStatuses.probationary;
  addTableSheet(wb, {
    scheme,
    spec: ROSTER_ORGS,
    title: '党组织名册',
    subtitle: scheme.issuer,
    rows: (roster?.orgs ?? []).map((o) => ({
      ...o,
      parentId: o.parentId ?? undefined,
      secretary: o.secretary ?? undefined,
      secretaryPhone: o.secretaryPhone ?? undefined,
      secretaryEmail: o.secretaryEmail ?? undefined,
      contact: o.contact ?? undefined,
      contactPhone: o.contactPhone ?? undefined,
      contactEmail: o.contactEmail ?? undefined,
      region: o.region ?? undefined,
    })),
    blankRows: ROOM.orgs,
  });
  addTableSheet(wb, {
    scheme,
    spec: ROSTER_MEMBERS,
    title: '党员名册',
    subtitle: scheme.issuer,
    rows: (roster?.members ?? []).map((m) => ({
      ...m,
      sex: m.sex ?? undefined,
      joinDate: m.joinDate ?? undefined,
      status: statusLabel(m.status),
      post: m.post ?? undefined,
      partyWorker: m.partyWorker ? yes : no,
    })),
    blankRows: ROOM.members,
    landscape: true,
  });
  const names = new Map((roster?.members ?? []).map((m) => [m.memberId, m.name]));
  addTableSheet(wb, {
    scheme,
    spec: ROSTER_SANCTIONS,
    title: '党员纪律处分记录',
    subtitle: scheme.issuer,
    rows: (roster?.sanctions ?? []).map((s) => ({
      ...s,
      name: names.get(s.memberId),
      date: s.date ?? undefined,
      note: s.note ?? undefined,
    })),
    blankRows: ROOM.sanctions,
  });

  return finishFormWorkbook(wb, {
    kind: 'roster',
    schemeId: scheme.id,
    schemeVersion: scheme.version,
    generatedAt: generatedAt.toISOString(),
  });
}
