// docs/scoring.md is generated from the models' own header comments, so the method
// described is the method run.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MODELS_DIR } from './models.ts';

function header(sql: string): string {
  const lines: string[] = [];
  for (const line of sql.split('\n')) {
    if (!line.startsWith('--')) break;
    lines.push(line.replace(/^-- ?/, ''));
  }
  return lines.join('\n');
}

export function scoringReference(): string {
  const models = readdirSync(MODELS_DIR)
    .filter((f) => f.endsWith('.sql') && !f.startsWith('00_'))
    .sort()
    .map((f) => {
      const table = f.replace(/^\d+_/, '').replace(/\.sql$/, '');
      return [
        `### \`${table}\``,
        '',
        `\`src/score/models/${f}\``,
        '',
        '```text',
        header(readFileSync(join(MODELS_DIR, f), 'utf8')),
        '```',
        '',
      ].join('\n');
    });
  return [
    '# 评分方法与结果表',
    '',
    '<!-- 本文件由 `npm run docs` 根据 src/score/models/*.sql 的说明生成，请勿手工修改。 -->',
    '',
    '评分全部用 SQL 在数据库中完成。`pingyi build` 读入数据后，先把评议方案写成 `scheme_*` 表（每个数字都来自方案文件），',
    '把调整决定写成 `override` 表，再按文件名顺序运行 `src/score/models/` 中的每个模型，每个模型生成与文件同名的表。',
    '模型只读 `current_*` 视图（当前有效的数据，见 docs/database.md）。结果表保存在数据库中，可以直接查询，例如：',
    '',
    '```sql',
    "SELECT name, total, rank, tier, final_band FROM org_result WHERE period = '2011H1' ORDER BY rank;",
    "SELECT award, position, name, total, tie_at_cut FROM award_recommendation WHERE period = '2011H1';",
    '```',
    '',
    '报告使用的三张表：`org_result`（党组织）、`member_result`（党员）、`award_recommendation`（推荐名单）。',
    '结果表只有代码和数字（如 `status`、`veto`、`award`、`tie_at_cut`），报告和导出文件中的文字由 `src/report/wording.ts` 按方案生成。',
    '',
    '## 调整决定（看票不唯票）',
    '',
    '领导小组改变按规则得出的结果时，写在 input 文件夹旁边的 `overrides.yaml`（或用 `--overrides` 指定），每条写明谁、何时、为什么：',
    '',
    '```yaml',
    '- period: 2011H1',
    '  target: member        # org 党组织 / member 党员',
    '  id: X02-005           # 组织编号或党员编号',
    '  field: band           # band 等次 / eligible 能否评优（true/false，仅党员）',
    '  value: 好',
    '  by: 局党委会议',
    '  date: 2011-07-10',
    '  reason: 抗洪抢险中表现突出，经党委会研究评为“好”',
    '```',
    '',
    '调整在评分之后应用：`proposed_band` 保留规则给出的等次，`final_band` 是调整后的等次，`overridden`、`override_by`、',
    '`override_on`、`override_reason` 写明调整，报告中始终显示。',
    '',
    '## 模型（按运行顺序）',
    '',
    ...models,
  ].join('\n');
}
