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
    "SELECT award, position, name, draft, doc_no FROM award_final WHERE period = '2011H1';",
    '```',
    '',
    '报告使用的表：`org_result`（党组织）、`member_result`（党员）、`award_candidate`（推荐情况汇总）、`award_final`（公示和表彰名单）和 `award_history`（历次表彰，党组织的报告和 results.xlsx 的“表彰”表）。',
    '结果表只有代码和数字（如 `status`、`vetoes`、`award`、`fails`），报告和导出文件中的文字由 `src/report/wording.ts` 按方案生成。',
    '',
    '## 调整决定（看票不唯票）',
    '',
    '领导小组改变按规则得出的结果时，写在 input 文件夹旁边的 `overrides.yaml`（或用 `--overrides` 指定），每条写明谁、何时、为什么：',
    '',
    '```yaml',
    '- period: 2011H1',
    '  target: member        # org 党组织 / member 党员',
    '  id: X02-005           # 组织编号或党员编号',
    '  field: band           # band 等次 / eligible 能否评优（true/false）',
    '  value: 好',
    '  by: 局党委会议',
    '  date: 2011-07-10',
    '  reason: 抗洪抢险中表现突出，经党委会研究评为“好”',
    '```',
    '',
    '调整在评分之后应用：`proposed_band` 保留规则给出的等次，`final_band` 是调整后的等次，`overridden`、`override_by`、',
    '`override_on`、`override_reason` 写明调整，报告中始终显示。',
    '`eligible` 为 false 的调整把该党组织或党员从本期的表彰名单中去掉，无论评先选优审定表是否已经审定；',
    '审定表对其写的是“同意”时，这一矛盾作为提醒列入 build.log、《数据质量报告》和 results.xlsx 的“数据问题”表（指明审定表的工作表和行），请核实后修改审定表或调整决定。',
    '',
    '## 数据缺失、不全或超过限额时',
    '',
    '缺失的数据从不按 0 分或按“最好情况”计算，不全的评议票从不用来评定等次。每条规则都是评议方案中的一个设置（括号内为默认值），',
    '规则本身写在下面各模型的说明中：',
    '',
    '| 情况 | 结果 | 设置（默认） | 模型 |',
    '|---|---|---|---|',
    '| 群众满意度某个必需类别无效（参评不足、票数不足、收回多于发出）或没有票 | 该党组织群众反映好和总分为“数据不足”、不排名；列为需跟进；不推荐为先进基层党组织 | `org.satisfaction.raterCategories[].required`（true）、`org.satisfaction.whenNoValidResult`（insufficient；itemPoints 只按细则计分）、`awards.validSatisfactionRequired`（true） | `org_satisfaction_category`、`org_satisfaction`、`org_dimension_final`、`org_score` |',
    '| 党员的民主评议某个必需类别没有有效票（计票行被拒收、没有填写、该轮无效、票数不足） | “待核实”：不评定等次、不排名、不作一票否决、不参加评优；报告写明原因和被拒收的单元格 | `member.raterCategories[].required`（true） | `member_review_category`、`member_review`、`member_score` |',
    '| 支部自评或上级考评有考核细则没有得分 | 读入时报错（单元格）；该党组织总分为“数据不足” | — | `org_dimension_score`、`org_score` |',
    '| 党组织没有交回评议表 | 该党组织和它的党员都列为“未交” | — | `org_return`、`member_score` |',
    '| 一张票或一份计票表评为“优秀”的超过党员人数的三分之一 | 每一处都报告（build.log、总体报告、本组织报告、results.xlsx）；作废的票计入拒收（包括五个模范和文件行数） | `quotas.excellentOverLimit`（voidBallots；warn 照计、voidTally 计票表该类作废） | `excellent_quota`、`member_votes`、`member_dimension_review`、`scoring_problem` |',
    '| 表彰 | 须为最高档次；同一人只推荐一项个人奖；名额线落在并列或同组的候选人之间时一并列出，由领导小组决定；名额基数不含预备党员 | `awards.topBandRequired`（先进基层党组织、优秀共产党员 true，优秀党务工作者 false）、`awards.oneIndividualAwardPerPerson`（true）、`quotas.awardBaseIncludesProbationary`（false） | `award_recommendation` |',
    '',
    '评分发现的问题（`scoring_problem`）和读入时的问题一起列在 build.log、《数据质量报告》、各党组织的报告和 results.xlsx 的“数据问题”表中。',
    '',
    '## 模型（按运行顺序）',
    '',
    ...models,
  ].join('\n');
}
