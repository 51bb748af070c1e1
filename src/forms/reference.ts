// docs/forms.md is generated from the layout, so the reference cannot drift from the forms.
import type { Scheme } from '../scheme/schema.ts';
import {
  BUREAU_REVIEW,
  DECISION_SHEETS,
  FORM_FIELDS,
  FORM_KIND_LABELS,
  INSTRUCTIONS_SHEET,
  META_SHEET,
  ROSTER_SHEETS,
  ROUNDS,
  branchSheets,
  MEMBER_COMMENTS,
  REVIEW_COMMENTS,
  type ColumnSpec,
  type SheetSpec,
} from '../contract/form-layout.ts';
import { HEADER_ROW } from './sheet-writer.ts';

const KIND_TEXT: Record<ColumnSpec['kind'], string> = {
  code: '编号（文本）',
  name: '姓名/名称',
  text: '文字',
  longText: '文字（可换行）',
  date: '日期',
  count: '票数/人数：不小于 0 的整数',
  points: '得分：0 到该条分值，可有小数',
  score: '得分：0–100',
  choice: '下拉选择',
  yesNo: '下拉：是/否',
  phone: '电话号码：数字，可用“-”分隔',
  email: '电子邮箱地址',
  formula: '公式（自动计算，不读取）',
};

function sheetTable(scheme: Scheme, spec: SheetSpec): string {
  const rows = spec.columns.map((c) => {
    const kind = c.kind === 'choice' && c.choices ? `下拉：${c.choices(scheme).join('、')}` : KIND_TEXT[c.kind];
    const also = c.synonyms?.length ? c.synonyms.join('、') : '';
    return `| ${c.header} | ${kind} | ${c.prefilled ? '预填' : c.kind === 'formula' ? '自动' : c.required ? '必填' : '选填'} | ${also} |`;
  });
  const names = spec.synonyms?.length ? `（读取时也认：${spec.synonyms.join('、')}）` : '';
  return [
    `### ${spec.name}${names}`,
    '',
    ...(spec.onlyWhen ? [`${spec.onlyWhen}。`, ''] : []),
    '| 列 | 内容 | 填写 | 读取时也认作此列的表头 |',
    '|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

export function formsReference(scheme: Scheme): string {
  // Every sheet a scheme can ask for, each once: the optional ones say when they are there.
  const every: Scheme = {
    ...scheme,
    member: { ...scheme.member, fiveModels: { ...scheme.member.fiveModels, onTally: true } },
    memberComments: { collectedOn: 'bureau' },
  };
  const fields = Object.values(FORM_FIELDS)
    .map((f) => `${f.label}（定义名称 \`${f.definedName}\`）`)
    .join('、');
  return [
    '# 表格参考',
    '',
    '<!-- 本文件由 `npm run docs` 根据 src/contract/form-layout.ts 生成，请勿手工修改。 -->',
    '',
    `pingyi 写出和读取这几种工作簿：${Object.values(FORM_KIND_LABELS).join('、')}。`,
    `每种工作簿的第一张表是“${INSTRUCTIONS_SHEET}”；名册以外的工作簿在“${INSTRUCTIONS_SHEET}”中有填写项：${fields}。`,
    `数据表的第 1 行是标题，第 2 行是说明，第 ${HEADER_ROW} 行是表头，数据从第 ${HEADER_ROW + 1} 行开始。表头行冻结并锁定；`,
    '预填（灰色）单元格锁定，填写区不锁定，工作表保护不设密码。读取时表头可以在前 20 行内的任意一行，列的顺序可以调整，',
    '表头可以用下表所列的别名，前后空格、全角字符和“（必填）”之类的后缀会被忽略。',
    '',
    `每份工作簿都带有隐藏的表单信息：文档属性“备注”（description）中的 \`pingyi:1 kind=… period=… org=… scheme=… schemeVersion=… generated=…\`，`,
    `以及隐藏工作表“${META_SHEET}”中的同样内容。文件改名后仍能识别。`,
    '',
    `## ${FORM_KIND_LABELS.roster}`,
    '',
    '由局党委维护，放在 input 文件夹中。`pingyi forms --roster-template 文件` 生成空白模板。',
    '',
    ...ROSTER_SHEETS.map((s) => sheetTable(scheme, s)),
    `## ${FORM_KIND_LABELS.branch}`,
    '',
    '每个党组织每期一份，`pingyi forms --roster 名册 --period 2011H1` 生成。',
    `“评议票数”预填四行：${ROUNDS.democraticReview}（各评议人类别）和${ROUNDS.satisfaction}（各评议人类别）。`,
    '“民主评议计票”按评议人类别列出本组织的全部党员；“民主评议票”在电子评议时使用，每张票对每名党员一行，预留空行。',
    '“党组织承诺”“党员承诺”和“结对子”的前几行是上期转来的：`pingyi forms` 从数据库（`--db`，默认与 `pingyi build` 相同）读出上期末',
    '未兑现、部分兑现、顺延和未到期的承诺（“承诺期”写上期），以及上期的结对，预先填入；数据库中没有上期数据时从空白开始，并给出提示。',
    '“党员承诺”每名党员预留一行，一名党员有多条承诺时写在下面的空行中。',
    '',
    ...branchSheets(every).map((s) => sheetTable(every, s)),
    `## ${FORM_KIND_LABELS.bureau}`,
    '',
    '局党委每期一份，列出全部党组织：上级考评逐条打分，领导点评写明成绩、问题和方向。',
    '',
    ...[BUREAU_REVIEW, REVIEW_COMMENTS, MEMBER_COMMENTS].map((s) => sheetTable(every, s)),
    `## ${FORM_KIND_LABELS.decision}`,
    '',
    '有评先选优的评议期，`pingyi forms` 另为局党委生成一份：党委会审定后，对“推荐情况汇总”中的每名候选人填写同意或不同意，',
    '并填写表彰决定（或推荐）文件的文号和成文日期；填写文号后，pingyi 生成的名单不再标注“草案”。',
    '',
    ...DECISION_SHEETS.map((s) => sheetTable(every, s)),
  ].join('\n');
}
