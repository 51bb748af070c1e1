// The committee's 评先选优审定表 for a period with an award round: per candidate 同意 or
// 不同意 with the reason, and the 表彰决定's (or the recommendation's) 文号 and date.
import type ExcelJS from 'exceljs';
import type { Period } from '../scheme/period.ts';
import { periodLabel } from '../scheme/period.ts';
import type { AwardRound, Scheme } from '../scheme/schema.ts';
import { AWARD_DECISIONS, AWARD_DOCUMENT, AWARD_LABELS } from '../contract/form-layout.ts';
import { addInstructionsSheet, type FieldValues } from './instructions.ts';
import { addTableSheet, type RowInput } from './sheet-writer.ts';
import { finishFormWorkbook, newFormWorkbook } from './workbook.ts';

export interface DecisionFormData {
  fields?: FieldValues;
  /** One row per candidate decided on. */
  decisions?: RowInput[];
  document?: RowInput;
}

export interface DecisionFormInput {
  scheme: Scheme;
  period: Period;
  round: AwardRound;
  generatedAt: Date;
  data?: DecisionFormData;
}

export async function buildDecisionWorkbook(input: DecisionFormInput): Promise<ExcelJS.Workbook> {
  const { scheme, period, round, data = {} } = input;
  const label = periodLabel(scheme, period);
  const wb = newFormWorkbook(`${label} 评先选优审定表 · ${scheme.issuer}`, `${label}评先选优审定表`, input.generatedAt);
  const awards = round.awards.map((a) => `${a.title ?? AWARD_LABELS[a.kind]} ${a.places} 个名额`).join('，');
  const commend = round.level === 'commend';
  addInstructionsSheet(wb, {
    scheme,
    title: `${label}评先选优审定表`,
    facts: [
      ['审定单位', scheme.issuer],
      ['评议期', `${label}（${period.code}）`],
      ['本轮评选', commend ? `局党委表彰：${awards}` : `向${round.recommendTo ?? '上级'}推荐：${awards}`],
    ],
    fields: data.fields ?? {},
    steps: [
      '党委会审定后填写。候选人名单见 pingyi 生成的“推荐情况汇总”。',
      '“审定”：每名候选人一行，填写奖项、候选人编号，在“党委意见”中选择同意或不同意；不同意的写明理由。没有列入本表的候选人不列入名单。',
      `“表彰决定”：填写${commend ? '表彰决定' : '推荐'}文件的文号（如 东教体党〔2011〕20号）和成文日期；填写后 pingyi 生成${commend ? '表彰名单' : '推荐名单'}，不再标注“草案”。`,
      '填好后保存为 .xlsx 格式，放入该评议期的文件夹。',
    ],
    criteria: [],
  });
  const decisions = data.decisions ?? [];
  addTableSheet(wb, {
    scheme,
    spec: AWARD_DECISIONS,
    title: `${label}评先选优党委审定意见`,
    subtitle: `审定单位：${scheme.issuer}`,
    rows: decisions,
    blankRows: decisions.length > 0 ? 5 : 40,
    landscape: true,
  });
  addTableSheet(wb, {
    scheme,
    spec: AWARD_DOCUMENT,
    title: commend ? `${label}表彰决定` : `${label}推荐文件`,
    subtitle: `发文单位：${scheme.issuer}`,
    rows: data.document ? [data.document] : [],
    blankRows: data.document ? 0 : 1,
  });
  return finishFormWorkbook(wb, {
    kind: 'decision',
    schemeId: scheme.id,
    schemeVersion: scheme.version,
    period: period.code,
    generatedAt: input.generatedAt.toISOString(),
  });
}
