// Reads one input file into records: recognise it, then hand it to the reader of its
// kind. Anything that makes the whole file unusable is reported, never thrown.
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { sha256 } from '../base/hash.ts';
import { FORM_KIND_LABELS, INSTRUCTIONS_SHEET, type FormKind } from '../contract/form-layout.ts';
import type { Roster } from '../contract/roster.ts';
import type { Scheme } from '../scheme/schema.ts';
import { decodeCsv, destroyedEncoding, parseCsv } from './csv.ts';
import { CONTEXT_SHEETS, csvPart } from './csv-parts.ts';
import { readFields, type FormFields } from './fields.ts';
import { readBinaryWorkbook } from './binary-workbook.ts';
import { fileTypeProblem, saveAsXlsx, sniffBytes, type WorkbookKind } from './file-type.ts';
import { formContext, type Records } from './form-context.ts';
import { ProblemLog, type Problem } from '../contract/problem.ts';
import { readBranchForm } from './read-branch.ts';
import { readDecisionForm } from './read-awards.ts';
import { readBureauForm } from './read-bureau.ts';
import { recogniseWorkbook, type Recognition } from './recognise.ts';
import { readRoster, type RosterResult } from './roster.ts';
import { GridBook, GridSheet, type SheetBook } from './sheet-book.ts';
import { emptyCounts, type RowCounts } from './sheet-rows.ts';
import { readOds } from './ods.ts';
import { readXlsx, type XlsxResult } from './xlsx/index.ts';

export interface InputFile {
  path: string;
  /** Relative to the input folder, as people see it. */
  name: string;
  sha256: string;
  size: number;
  mtime: Date;
}

export interface FileReading {
  file: InputFile;
  recognition: Recognition | null;
  fields: FormFields;
  records: Records;
  /** Set when the file is a roster. */
  roster: RosterResult | null;
  problems: Problem[];
  counts: RowCounts;
  /** False when nothing in the file can be used (unreadable, unrecognised, empty). */
  usable: boolean;
  /** Read as CSV text: one table, without the form's fields. */
  csv: boolean;
}

/** What the file is, as the submission table records it (a CSV holds one table of a form). */
export function submissionKind(r: FileReading): string {
  if (!r.recognition) return 'unknown';
  return r.csv ? 'csv' : r.recognition.kind;
}

const CORRUPT_XLSX = '文件已损坏或不是有效的 .xlsx 工作簿，请用 Excel 或 WPS 打开后重新保存';
const NUMBER_MERGE =
  '合并单元格覆盖了几个填有数字的单元格，已按每个单元格自己保存的数读取（合并后只显示第一个数）；请取消合并，核对这些数字';
const ENCODING_LOST = {
  'question-marks': '编码错误：请以 UTF-8 或 GBK 重新导出（文件中的中文都变成了“?”：导出时选的字符集不含中文）',
  mojibake:
    '编码错误：请以 UTF-8 或 GBK 重新导出（文件中的中文都变成了“å…š”一类的乱码：文件曾被当作西文编码打开，又保存了）',
};
const NO_FIELDS: FormFields = { fillDate: null, fillBy: null, phone: null };
const HEAD = 64 * 1024;
const TAIL = HEAD + 22;

/** A CSV file read as one sheet of a form exported sheet by sheet (csv-parts.ts). */
export interface CsvPartOf {
  /** The 说明 and _pingyi sheets of the form's other parts. */
  context: GridSheet[];
  /** How many files the form was exported to. */
  parts: number;
}

export async function readInputFile(
  file: InputFile,
  scheme: Scheme,
  roster: Roster | null,
  partOf: CsvPartOf = { context: [], parts: 1 },
): Promise<FileReading> {
  const log = new ProblemLog(file.name);
  const counts = emptyCounts();
  const reading: FileReading = {
    file,
    recognition: null,
    fields: NO_FIELDS,
    records: {},
    roster: null,
    problems: log.problems,
    counts,
    usable: false,
    csv: false,
  };
  // Read again here rather than kept from the listing: one file's bytes in memory at a time.
  const bytes = readOrNull(file.path);
  if (!bytes || sha256(bytes) !== file.sha256) {
    log.error(
      undefined,
      undefined,
      undefined,
      bytes
        ? '文件在读取过程中被改动了（可能还在复制），本次未读入，请稍后重新运行'
        : '文件在读取过程中被移走了，本次未读入',
    );
    return reading;
  }
  const ext = extname(file.name).toLowerCase();
  const type = sniffBytes(bytes.subarray(0, HEAD), bytes.subarray(Math.max(0, bytes.length - TAIL)), bytes.length);
  const unreadable = fileTypeProblem(type, ext);
  if (unreadable) {
    log.error(undefined, undefined, undefined, unreadable);
    return reading;
  }

  let wb: SheetBook;
  if (type.kind === 'text') {
    if (ext !== '.csv' && ext !== '.txt') {
      log.error(undefined, undefined, undefined, `不是评议表文件（${ext || '无扩展名'}），已跳过`);
      return reading;
    }
    const sheet = csvSheet(bytes, csvPart(file.name, scheme)?.sheet ?? 'CSV', log);
    if (!sheet) return reading;
    wb = new GridBook([sheet, ...partOf.context.filter((c) => c.name !== sheet.name)]);
    reading.csv = true;
  } else {
    // Every other kind was refused above by fileTypeProblem.
    const kind = type.kind as WorkbookKind;
    const read = readWorkbook(kind, bytes);
    if (!read.ok) {
      const { problem } = read;
      const corrupt = kind === 'xlsx' ? CORRUPT_XLSX : saveAsXlsx(kind);
      log.error(problem.sheet, problem.cell, undefined, problem.kind === 'limit' ? problem.message : corrupt);
      return reading;
    }
    wb = read.book;
  }

  const recognition = recogniseWorkbook(wb, file.name, scheme, roster, log);
  if (!recognition) {
    log.error(
      undefined,
      undefined,
      undefined,
      `无法识别这是哪一种表格：既没有 pingyi 的表单信息，工作表名和表头也对不上${Object.values(FORM_KIND_LABELS).join('、')}`,
    );
    return reading;
  }
  reading.recognition = recognition;
  for (const ws of wb.sheets) for (const range of ws.numberMerges) log.warn(ws.name, range, undefined, NUMBER_MERGE);
  if (log.errorCount > 0) return reading;
  if (recognition.kind === 'roster') {
    reading.roster = readRoster(wb, file.name, scheme);
    // Not push(...problems): a roster of 150,000 members could have as many problems, past the argument limit.
    for (const p of reading.roster.problems) log.problems.push(p);
    Object.assign(counts, reading.roster.counts);
    reading.usable = reading.roster.roster.orgs.length > 0;
    return reading;
  }
  if (!roster) {
    log.error(undefined, undefined, undefined, 'input 文件夹中没有可用的名册，无法核对党组织和党员，本文件未读入');
    return reading;
  }
  // A part of a CSV export reads the fields of its form's 说明; only the 说明 part reports them.
  const fromContext = partOf.context.some((c) => c === wb.getSheet(INSTRUCTIONS_SHEET));
  reading.fields = readFields(wb, fromContext ? new ProblemLog(file.name) : log);
  const ctx = formContext(scheme, roster, recognition.period ?? '', log, counts);
  const beforeSheets = log.problems.length;
  if (recognition.kind === 'branch') {
    const orgId = recognition.orgId ?? '';
    if (!ctx.orgs.has(orgId)) {
      log.error(undefined, undefined, orgId, `党组织编号“${orgId}”不在名册中，本文件未读入`);
      return reading;
    }
    reading.records = readBranchForm(wb, ctx, orgId, reading.csv);
  } else if (recognition.kind === 'decision') {
    reading.records = readDecisionForm(wb, ctx);
  } else {
    reading.records = readBureauForm(wb, ctx, reading.csv);
  }
  // Nothing filled in: what each blank sheet lacks would only repeat that.
  if (counts.read === 0) log.problems.splice(beforeSheets);
  // One sheet of several, with nothing filled in (the 说明, a sheet left blank): the form's other parts decide.
  if (counts.read === 0 && partOf.parts > 1) return reading;
  if (counts.read === 0) {
    log.error(undefined, undefined, undefined, emptyForm(recognition.kind));
    return reading;
  }
  reading.usable = true;
  return reading;
}

function readWorkbook(kind: WorkbookKind, bytes: Buffer): XlsxResult {
  if (kind === 'xlsx') return readXlsx(bytes);
  if (kind === 'ods') return readOds(bytes);
  return readBinaryWorkbook(bytes, kind);
}

const emptyForm = (kind: FormKind) => `${FORM_KIND_LABELS[kind]}是空的，没有填写任何数据`;

/**
 * The CSV files of one form exported sheet by sheet (csv-parts.ts), each read with the form's
 * 说明 and _pingyi parts beside it. The parts holding no data (说明, _pingyi, sheets left
 * blank) are accepted quietly when another part holds data; when none does, the form is empty.
 */
export async function readCsvParts(files: InputFile[], scheme: Scheme, roster: Roster | null): Promise<FileReading[]> {
  const context = files.flatMap((f) => {
    const sheet = csvPart(f.name, scheme)?.sheet;
    const bytes = sheet && CONTEXT_SHEETS.includes(sheet) ? readOrNull(f.path) : null;
    // Problems of the part itself are reported when it is read.
    return (bytes && csvSheet(bytes, sheet!, new ProblemLog(f.name))) || [];
  });
  const readings: FileReading[] = [];
  for (const file of files) readings.push(await readInputFile(file, scheme, roster, { context, parts: files.length }));
  const failed = (r: FileReading) => r.problems.some((p) => p.severity === 'error');
  const quiet = readings.filter((r) => !r.usable && r.recognition && !failed(r));
  if (readings.some((r) => r.usable)) for (const r of quiet) r.usable = true;
  else if (quiet.length === readings.length && quiet[0])
    quiet[0].problems.push({
      severity: 'error',
      file: quiet[0].file.name,
      message: emptyForm(quiet[0].recognition!.kind),
    });
  return readings;
}

/** A file's bytes, read synchronously (see sha256File); null when it is gone or unreadable. */
export function readOrNull(path: string): Buffer | null {
  try {
    return readFileSync(path);
  } catch {
    return null;
  }
}

/**
 * A CSV file holds one table: the sheet it becomes (named for the sheet it was exported from,
 * when its name says so) lets the workbook readers read it. Null, after reporting why, when
 * the text cannot be used.
 */
export function csvSheet(bytes: Buffer, name: string, log: ProblemLog): GridSheet | null {
  const { text } = decodeCsv(bytes);
  const destroyed = destroyedEncoding(text);
  if (destroyed) {
    log.error(undefined, undefined, undefined, ENCODING_LOST[destroyed]);
    return null;
  }
  const parsed = parseCsv(text);
  if (!parsed.ok) {
    log.error(undefined, undefined, undefined, `CSV 文件无法读取：${parsed.reason}`);
    return null;
  }
  const ws = new GridSheet(name);
  // Rows keep their line numbers, so a problem at "C12" is line 12 of the file.
  parsed.table.rows.forEach((row, i) => {
    const line = parsed.table.lines[i]!;
    row.forEach((cell, c) => ws.set(line, c + 1, cell));
  });
  return ws;
}
