// results.xlsx and CSV copies of the result tables, for people who work on in Excel.
// Text that Excel would run as a formula (= + - @ tab CR at the start, OWASP CSV injection)
// is neutralised: in CSV by a leading apostrophe; in xlsx it is a text cell, which Excel
// never runs, formatted as Text so that editing it keeps it text. Numbers stay numbers.
import { displayWidth } from '../forms/sheet-writer.ts';
import type { Scheme } from '../scheme/schema.ts';
import type { Store } from '../store/db.ts';
import { wording, type Wording } from './wording.ts';

type Cell = string | number | boolean | null;

export interface ExportTable {
  /** File and sheet name. */
  name: string;
  sql: string;
  /** The words for the columns the SQL gives as codes (with the numbers the words need), by header. */
  words?: Record<string, (cell: unknown, w: Wording) => Cell>;
}

interface VetoCell {
  code: string;
  trust_rate: number | null;
  fail_share: number | null;
}

/** Column aliases are the Chinese headers people see. */
export const EXPORT_TABLES: ExportTable[] = [
  {
    name: '党组织排名',
    sql: `SELECT rank AS 名次, tier AS 组, org_id AS 组织编号, name AS 党组织, type AS 类型, self_total AS 自评, bureau_total AS 上级考评,
                 satisfaction_index AS 满意度指数, satisfaction_rate AS 满意率, satisfaction_n AS 满意度有效票, total AS 总分,
                 proposed_band AS 按规则档次, final_band AS 最终档次, override_reason AS 调整理由, total_change AS 较上期, rank_change AS 名次变化
          FROM org_result WHERE period = $1 ORDER BY rank NULLS LAST, org_id`,
  },
  {
    name: '党员评议结果',
    sql: `SELECT m.org_id AS 组织编号, o.name AS 党组织, m.member_id AS 党员编号, m.name AS 姓名, m.rank_in_org AS 支部内名次, m.rank AS 全系统名次,
                 m.daily_score AS 日常量化, m.review_score AS 民主评议, m.review_n AS 有效票, m.trust_rate AS 信任率, m.total AS 总分,
                 m.proposed_band AS 按规则等次, m.final_band AS 最终等次,
                 CASE WHEN m.veto IS NOT NULL THEN {code: m.veto, trust_rate: m.trust_rate, fail_share: m.fail_share} END AS 一票否决,
                 m.sanction AS 处分, m.status AS 状态
          FROM member_result m JOIN current_roster_org o USING (org_id) WHERE m.period = $1 ORDER BY m.org_id, m.rank_in_org NULLS LAST, m.member_id`,
    words: {
      一票否决: (v, w) => (v === null ? null : w.veto((v as VetoCell).code, v as VetoCell)),
      状态: (v, w) => w.memberStatusColumn(String(v)),
    },
  },
  {
    name: '表彰推荐名单',
    sql: `SELECT award AS 奖项, position AS 序号, id AS 编号, name AS 名称, org_id AS 组织编号, total AS 总分, rank AS 名次, tie_at_cut AS 说明
          FROM award_recommendation WHERE period = $1 ORDER BY award, position`,
    words: { 奖项: (v, w) => w.awardName(String(v)), 说明: (v, w) => w.tieNote(v === true) },
  },
];

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
    const reader = await store.con.runAndReadAll(t.sql, [period]);
    const columns = reader.columnNames();
    const cell = columns.map((c) => {
      const words = t.words?.[c];
      return words ? (v: unknown) => words(v, w) : (v: unknown) => (typeof v === 'bigint' ? Number(v) : (v as Cell));
    });
    const rows = (reader.getRowsJS() as unknown[][]).map((r) => r.map((v, i) => cell[i]!(v)));
    data.push({ name: t.name, columns, rows });
  }
  return data;
}

/** One formatted sheet per table; dated `date`, so the same rows give the same bytes. */
export async function xlsxOf(tables: ExportData[], date: Date): Promise<Uint8Array> {
  // Loaded when an export is made, not on every build: exceljs takes ~0.3 s to load.
  const [{ default: ExcelJS }, { workbookBytes }] = await Promise.all([
    import('exceljs'),
    import('../forms/workbook.ts'),
  ]);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'pingyi';
  wb.created = date;
  wb.modified = date;
  for (const { name, columns, rows } of tables) {
    const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.addRow(columns).font = { bold: true };
    for (const row of rows) {
      ws.addRow(row).eachCell((cell) => {
        if (typeof cell.value === 'string' && FORMULA_START.test(cell.value)) cell.numFmt = '@';
      });
    }
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
    columns.forEach((c, i) => {
      // A loop, not Math.max(...rows): a province's 150,000 members overflow the argument stack.
      const widest = rows.reduce((w, r) => Math.max(w, displayWidth(String(r[i] ?? ''))), displayWidth(c));
      ws.getColumn(i + 1).width = Math.min(Math.max(widest + 2, 8), 50);
    });
  }
  return new Uint8Array(await workbookBytes(wb));
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
