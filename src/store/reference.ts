// docs/database.md is generated from the schema, so it cannot drift from the tables.
import { DEFAULT_DB } from './db.ts';
import { columnsOf, RECORD_TABLES, SCHEMA_VERSION, TABLE_GROUPS, TABLES, type TableName } from '../contract/tables.ts';

function tableReference(name: TableName): string {
  const rows = columnsOf(name).map(
    ([col, def]) => `| \`${col}\` | ${def.type}${'nullable' in def ? '' : ' NOT NULL'} | ${def.doc} |`,
  );
  return [`### \`${name}\``, '', TABLES[name].doc, '', '| 列 | 类型 | 含义 |', '|---|---|---|', ...rows, ''].join('\n');
}

export function databaseReference(): string {
  const groups = TABLE_GROUPS.flatMap((g) => [`## ${g.title}`, '', ...g.tables.map(tableReference)]);
  return [
    '# 数据库参考',
    '',
    '<!-- 本文件由 `npm run docs` 根据 src/contract/tables.ts 生成，请勿手工修改。 -->',
    '',
    `pingyi 把读入的数据保存在一个嵌入式 DuckDB 数据库文件中（默认 \`${DEFAULT_DB}\`，用 \`--db\` 指定其他位置），结构版本 ${SCHEMA_VERSION}。`,
    '可以用 DuckDB 命令行或任何支持 DuckDB 的工具直接查询。',
    '',
    '## 历史与当前数据',
    '',
    '- 每个读入过的文件在 `submission` 中有一行，按文件内容的 SHA-256 区分；内容相同的文件（无论文件名）只读一次。',
    '- 名册、评议方案或 pingyi 的读入程序变化后，已读入的文件会重新读入（`context_hash` 记录读入时的名册、方案和程序）。',
    '- 每个文件的数据在一个事务中写入：要么整份文件都写入，要么都不写入。',
    '- 文件从 input 文件夹中移走后，`present` 变为 false，它的数据保留在历史中，但不再是当前数据。',
    '- 每张数据表都有一个 `current_<表名>` 视图，给出当前有效的数据：对每个党组织和评议期，取 input 文件夹中仍存在、',
    '  可用、含有该表数据的最新文件。所以只含一张表的文件（CSV 更正、只交一张工作表的补交）只取代这张表，',
    '  原来那份表格的其他表照常有效；名册整份取代。',
    `  有视图的表：${RECORD_TABLES.map((t) => `\`${t}\``).join('、')}。`,
    '- “最新”对任意两个文件都有确定的先后（视图 `submission_order`，`newness` = 1 为最新），依次比较：',
    '  1. 日期：填表日期；没有填表日期的（CSV 文件、没填日期的表格）用文件时间所在的那一天；',
    '  2. 文件时间：文件修改时间，若 pingyi 第一次读到这份内容（`first_seen`）更早则用它（复制文件夹会改掉修改时间）；',
    '  3. 文件名（含子文件夹），排在后面的为新，如“…（更正）.xlsx”新于“….xlsx”；',
    '  4. 文件内容的 SHA-256，保证不会相同。',
    '  同一张表有不止一份时，每次运行都在 `problem` 中给出一条提醒（scope=scan），列出各文件，最新的在前。',
    '- 每条数据都记录来源：`submission_id`（对应文件路径、SHA-256、读入时间）、`sheet` 工作表和 `row_no` 行号。',
    '- 每个文件的行数核对：`rows_read` = `rows_accepted` + `rows_rejected`。',
    '- 评分时重写 `scheme_*` 表（评议方案）和 `override` 表（调整决定），再由评分模型生成结果表（见 docs/scoring.md）；',
    '  `score_run` 记录最近一次评分所依据内容的指纹。',
    '',
    ...groups,
  ].join('\n');
}
