// results.xlsx and CSV copies of the result tables, for people who work on in Excel.
// Text that Excel would run as a formula (= + - @ tab CR at the start, OWASP CSV injection)
// is neutralised: in CSV by a leading apostrophe; in xlsx it is a text cell, which Excel
// never runs, formatted as Text so that editing it keeps it text. Numbers stay numbers.
import { displayWidth } from '../forms/sheet-writer.ts';
import { xlsxBytes } from './xlsx-export.ts';
import { parsePeriod, periodLabel, previousPeriod, type Period } from '../scheme/period.ts';
import type { Scheme } from '../scheme/schema.ts';
import type { Store } from '../store/db.ts';
import type { Problem } from '../contract/problem.ts';
import { SEVERITY_WORDS } from '../contract/problem.ts';
import { MEMBER_GAPS_SQL } from './views/member-ranking.ts';
import { cellPlace, chineseDate, printed, wording, type CategoryGap, type Wording } from './wording.ts';

type Cell = string | number | boolean | null;

export interface ExportTable {
  /** File and sheet name. */
  name: string;
  /** The query, or how the scheme shapes it (a column per 五个模范). */
  sql: string | ((scheme: Scheme) => string);
  /** The words for the columns the SQL gives as codes (with the numbers the words need), by header. */
  words?: Record<string, (cell: unknown, w: Wording) => Cell>;
  /**
   * Decimals of the numbers shown, by header, rounded as the documents print them (roundHalfUp):
   * SQL's round() of a total that is exactly a half goes the way DuckDB's summing order left its
   * last bit, so the same data exported 97.67 one night and 97.68 the next.
   */
  digits?: Record<string, number> | ((scheme: Scheme) => Record<string, number>);
}

interface VetoCell {
  vetoes: string[];
  trust_rate: number | null;
  fail_share: number | null;
}

interface MemberStatusCell {
  status: string;
  gaps: CategoryGap[] | null;
}

interface BandCell {
  band: string | null;
  status: string;
}

interface OrgStatusCell {
  status: string;
  missing: string[] | null;
}

interface CategoryCell {
  code: string | null;
  level: string;
}

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;
const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;
const yes = (v: unknown, w: Wording) => (v === true ? w.yesNo(true) : null);

/** A column per 五个模范, named as the scheme names it: the member's mean grade value in that model. */
const modelColumns = (scheme: Scheme) =>
  scheme.member.dimensions
    .map(
      (d) =>
        `(SELECT x.mean FROM member_dimension_review x WHERE x.period = m.period AND x.member_id = m.member_id AND x.dimension = ${literal(d.key)}) AS ${quoted(d.label)}`,
    )
    .join(',\n                 ');

/**
 * Column aliases are the Chinese headers people see. Scores are rounded as the documents print
 * them (totals and 民主评议 to 2 decimals, points to 1, rates as percentages to 1 decimal).
 */
export const EXPORT_TABLES: ExportTable[] = [
  {
    name: '党组织排名',
    sql: `SELECT r.rank AS 名次, r.tier AS 组, r.org_id AS 组织编号, r.name AS 党组织, r.type AS 类型, r.parent_id AS 上级党组织,
                 r.self_total AS 自评, r.bureau_total AS 上级考评,
                 r.satisfaction_index AS 满意度指数, r.satisfaction_rate AS 满意率, r.satisfaction_n AS 满意度有效票, r.total AS 总分,
                 r.proposed_band AS 按规则档次, {band: r.final_band, status: r.status} AS 最终档次, {status: r.status, missing: r.missing} AS 状态,
                 {follow_up: r.follow_up, satisfaction_flagged: r.satisfaction_flagged} AS 需跟进,
                 r.override_reason AS 调整理由, r.total_change AS 较上期, r.rank_change AS 名次变化,
                 c.rate AS 承诺兑现率, p.young_members AS 青年党员, p.young_paired AS 已结对青年党员
          FROM org_result r
          LEFT JOIN commitment_rate c ON c.period = r.period AND c.org_id = r.org_id AND c.level = 'all'
          LEFT JOIN pair_coverage p ON p.period = r.period AND p.org_id = r.org_id
          WHERE r.period = $1 ORDER BY r.parent_id NULLS FIRST, r.rank NULLS LAST, r.org_id`,
    digits: { 自评: 1, 上级考评: 1, 满意度指数: 2, 满意率: 3, 总分: 2, 较上期: 2, 承诺兑现率: 3 },
    words: {
      状态: (v, w) => w.orgStatus((v as OrgStatusCell).status, (v as OrgStatusCell).missing),
      最终档次: (v, w) => w.orgBand((v as BandCell).band, (v as BandCell).status),
      需跟进: (v, w) => w.followUp(v as { follow_up: boolean; satisfaction_flagged: boolean }),
      名次变化: (v, w) => w.rankChange(v === null ? null : Number(v)),
    },
  },
  {
    name: '党员评议结果',
    sql: (
      scheme,
    ) => `SELECT m.org_id AS 组织编号, o.name AS 党组织, m.member_id AS 党员编号, m.name AS 姓名, m.rank_in_org AS 支部内名次, m.rank AS 全系统名次,
                 m.daily_score AS 日常量化, m.review_score AS 民主评议, m.review_n AS 有效票, m.trust_rate AS 信任率,
                 m.total AS 总分, m.proposed_band AS 按规则等次, {band: m.final_band, status: m.status} AS 最终等次,
                 CASE WHEN m.vetoes IS NOT NULL THEN {vetoes: m.vetoes, trust_rate: m.trust_rate, fail_share: m.fail_share} END AS 一票否决,
                 m.sanction AS 处分, {status: m.status, gaps: CASE WHEN m.status = 'unverified' THEN ${MEMBER_GAPS_SQL} END} AS 状态,
                 m.total_change AS 较上期, m.rank_change AS 名次变化, m.young AS 青年,
                 (SELECT string_agg(t.name, '、' ORDER BY p.sheet, p.row_no) FROM current_member_pair p JOIN current_roster_member t ON t.member_id = p.mentor_id
                  WHERE p.period = m.period AND p.mentee_id = m.member_id) AS 导师,
                 (SELECT list(c.status ORDER BY c.made_in, c.sheet, c.row_no) FROM commitment_status c WHERE c.period = m.period AND c.member_id = m.member_id) AS 公开承诺,
                 ${modelColumns(scheme)}
          FROM member_result m JOIN current_roster_org o USING (org_id) WHERE m.period = $1 ORDER BY m.org_id, m.rank_in_org NULLS LAST, m.member_id`,
    digits: (scheme) => ({
      日常量化: 1,
      民主评议: 2,
      信任率: 3,
      总分: 2,
      较上期: 2,
      ...Object.fromEntries(scheme.member.dimensions.map((d) => [d.label, 2])),
    }),
    words: {
      最终等次: (v, w) => w.memberBand((v as BandCell).band, (v as BandCell).status),
      一票否决: (v, w) => (v === null ? null : w.vetoes(v as VetoCell)),
      状态: (v, w) => {
        const c = v as MemberStatusCell;
        const gaps = (c.gaps ?? []).map((g) => w.categoryGap('democraticReview', g));
        return gaps.length > 0
          ? `${w.memberStatusColumn(c.status)}（${gaps.join('；')}）`
          : w.memberStatusColumn(c.status);
      },
      名次变化: (v, w) => w.rankChange(v === null ? null : Number(v)),
      青年: yes,
      公开承诺: (v, w) => (v === null ? null : (v as string[]).map((c) => w.commitmentStatus(c)).join('、')),
    },
  },
  {
    name: '公开承诺',
    sql: `SELECT c.org_id AS 组织编号, o.name AS 党组织, c.level AS 承诺主体, c.member_id AS 党员编号, m.name AS 姓名,
                 {code: c.category, level: c.level} AS 类别, c.content AS 承诺内容, c.deadline AS 承诺时限, c.status AS 兑现情况,
                 c.explanation AS 兑现情况说明, c.rating AS 评诺结果, c.reason_accepted AS 原因是否认可, c.made_in AS 承诺期,
                 c.carries_forward AS 转入下期
          FROM commitment_status c JOIN current_roster_org o USING (org_id) LEFT JOIN current_roster_member m USING (member_id)
          WHERE c.period = $1 ORDER BY c.org_id, c.level DESC, c.member_id, c.made_in, c.sheet, c.row_no`,
    words: {
      承诺主体: (v) => (v === 'org' ? '党组织' : '党员'),
      类别: (v, w) => w.commitmentCategory((v as CategoryCell).code, (v as CategoryCell).level),
      承诺时限: (v) => (v instanceof Date ? v.toISOString().slice(0, 10) : null),
      兑现情况: (v, w) => w.commitmentStatus(String(v)),
      评诺结果: (v, w) => w.commitmentRating(v as string | null),
      原因是否认可: (v, w) => w.yesNo(v as boolean | null),
      承诺期: (v, w) => w.periodName(String(v)),
      转入下期: yes,
    },
  },
  {
    // The 公示's list (award_final): organizations by name, no scores, marked 草案 until decided.
    name: '表彰推荐名单',
    sql: `SELECT {award: f.award, period: f.period} AS 奖项, f.position AS 序号, f.name AS 名称,
                 CASE WHEN f.target = 'member' THEN o.name ELSE p.name END AS 所在党组织,
                 CASE WHEN f.target = 'member' THEN coalesce(f.party_role, f.post) END AS 职务, f.draft AS 状态
          FROM award_final f LEFT JOIN current_roster_org o ON o.org_id = f.org_id
          LEFT JOIN current_roster_org p ON p.org_id = o.parent_id
          WHERE f.period = $1 ORDER BY f.award, f.position`,
    words: {
      奖项: (v, w) => w.awardName((v as AwardCell).award, (v as AwardCell).period),
      状态: (v, w) => w.awardStatus(v === true),
    },
  },
  {
    // Each organization's and person's awards up to this period (award_history: decided lists only).
    name: '表彰',
    sql: `SELECT h.period AS 评议期, {award: h.award, period: h.period} AS 奖项, h.name AS 名称,
                 CASE WHEN h.target = 'member' THEN h.candidate_id END AS 党员编号, h.org_id AS 组织编号,
                 o.name AS 所在党组织, h.level AS 方式, h.doc_no AS 文号, h.doc_date AS 成文日期
          FROM award_history h LEFT JOIN current_roster_org o ON o.org_id = h.org_id
          WHERE h.period <= $1 ORDER BY h.period, h.award, h.org_id, h.candidate_id`,
    words: {
      评议期: (v, w) => w.periodName(String(v)),
      奖项: (v, w) => w.awardName((v as AwardCell).award, (v as AwardCell).period),
      方式: (v, w) => w.awardLevel(String(v)),
      成文日期: (v) => (v instanceof Date ? chineseDate(v) : null),
    },
  },
];

interface AwardCell {
  award: string;
  period: string;
}

const FORMULA_START = /^[=+\-@\t\r]/;

/** =HYPERLINK(…), +cmd, -1+1, @SUM(…) become plain text with a leading apostrophe (for CSV). */
export function neutralise(value: Cell): Cell {
  return typeof value === 'string' && FORMULA_START.test(value) ? `'${value}` : value;
}

export interface ExportData {
  name: string;
  columns: string[];
  rows: Cell[][];
}

/** The rows behind the exports; they are also what decides whether the files change. */
export async function readExportTables(
  store: Store,
  scheme: Scheme,
  period: string,
  tables: ExportTable[] = EXPORT_TABLES,
): Promise<ExportData[]> {
  const w = wording(scheme);
  const data: ExportData[] = [];
  for (const t of tables) {
    const reader = await store.con.runAndReadAll(typeof t.sql === 'string' ? t.sql : t.sql(scheme), [period]);
    const columns = reader.columnNames();
    const digits = typeof t.digits === 'function' ? t.digits(scheme) : (t.digits ?? {});
    const cell = columns.map((c) => {
      const words = t.words?.[c];
      const places = digits[c];
      if (words) return (v: unknown) => words(v, w);
      if (places !== undefined) return (v: unknown) => printed(v === null ? null : Number(v), places);
      return (v: unknown) => (typeof v === 'bigint' ? Number(v) : (v as Cell));
    });
    const rows = (reader.getRowsJS() as unknown[][]).map((r) => r.map((v, i) => cell[i]!(v)));
    data.push({ name: t.name, columns, rows });
  }
  return data;
}

/** results.xlsx's 数据问题 sheet: every problem of the period, where it is and why. */
export function problemTable(problems: Problem[]): ExportData {
  return {
    name: '数据问题',
    columns: ['文件', '工作表', '位置', '内容', '问题', '类别'],
    rows: problems.map((p) => [
      p.file || '全部文件',
      p.sheet ?? null,
      cellPlace(p.cell),
      p.value ?? null,
      p.message,
      SEVERITY_WORDS[p.severity],
    ]),
  };
}

/**
 * results.xlsx's 说明 sheet: the scheme, the periods and the day the results are dated — the
 * data's own date, as the summary's, so that the same data make the same file.
 */
export function aboutTable(scheme: Scheme, period: string, dated: Date): ExportData {
  const p = parsePeriod(period);
  const label = (q: Period | null) => (q ? periodLabel(scheme, q) : period);
  return {
    name: '说明',
    columns: ['项目', '内容'],
    rows: [
      ['评议方案', `${scheme.name}（${scheme.id}，版本 ${scheme.version}）`],
      ['评议期', label(p)],
      ['较上期、名次变化对比的评议期', label(p && previousPeriod(p))],
      ['数据日期', `${chineseDate(dated)}（上级考评表的填表日期；没有时为评议期末）`],
      [
        '分数',
        '按报告中印出的位数四舍五入：总分、民主评议两位小数，自评、上级考评、日常量化一位小数，满意率、信任率为比例',
      ],
      [
        '等次和状态',
        '数据不足：缺少考核细则得分，或群众满意度测评无效；待核实：民主评议缺少某类评议人的有效票，不评定等次、不排名、不参加评优；未交：没有交回评议表',
      ],
      ['数据问题', '“数据问题”表列出本期每个文件的每个问题（错误的行未采用，提醒的已采用）以及评分时发现的问题'],
    ],
  };
}

/** One formatted sheet per table; dated `date`, so the same rows give the same bytes. */
export async function xlsxOf(tables: ExportData[], date: Date): Promise<Uint8Array> {
  const sheets = tables.map(({ name, columns, rows }) => ({
    name,
    columns,
    rows,
    widths: columns.map((c, i) => {
      // A loop, not Math.max(...rows): a province's 150,000 members overflow the argument stack.
      const widest = rows.reduce((w, r) => Math.max(w, displayWidth(String(r[i] ?? ''))), displayWidth(c));
      return Math.min(Math.max(widest + 2, 8), 50);
    }),
  }));
  return xlsxBytes(sheets, { date, creator: 'pingyi', isText: (v) => FORMULA_START.test(v) });
}

export function csvOf({ columns, rows }: ExportData): Uint8Array {
  const lines = [columns, ...rows.map((r) => r.map(neutralise))].map((r) => r.map(csvField).join(','));
  // The BOM makes Excel on Chinese Windows open UTF-8 instead of guessing GBK.
  return Buffer.from(`\ufeff${lines.join('\r\n')}\r\n`, 'utf8');
}

function csvField(v: Cell): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
