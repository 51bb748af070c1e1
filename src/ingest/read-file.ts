// Reads one input file into records: recognise it, then hand it to the reader of its
// kind. Anything that makes the whole file unusable is reported, never thrown.
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { sha256 } from '../base/hash.ts';
import { FORM_KIND_LABELS, type FormKind } from '../contract/form-layout.ts';
import type { Roster } from '../contract/roster.ts';
import type { Scheme } from '../scheme/schema.ts';
import { decodeCsv, parseCsv } from './csv.ts';
import { readFields, type FormFields } from './fields.ts';
import { fileTypeProblem, sniffBytes } from './file-type.ts';
import { formContext, type Records } from './form-context.ts';
import { ProblemLog, type Problem } from '../contract/problem.ts';
import { readBranchForm } from './read-branch.ts';
import { readBureauForm } from './read-bureau.ts';
import { recogniseWorkbook, type Recognition } from './recognise.ts';
import { readRoster, type RosterResult } from './roster.ts';
import { GridBook, GridSheet, type SheetBook } from './sheet-book.ts';
import { emptyCounts, type RowCounts } from './sheet-rows.ts';
import { readXlsx } from './xlsx/index.ts';

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
const NO_FIELDS: FormFields = { fillDate: null, fillBy: null, phone: null };
const HEAD = 64 * 1024;
const TAIL = HEAD + 22;

export async function readInputFile(file: InputFile, scheme: Scheme, roster: Roster | null): Promise<FileReading> {
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
    const csv = csvBook(bytes, log);
    if (!csv) return reading;
    wb = csv;
    reading.csv = true;
  } else {
    const xlsx = readXlsx(bytes);
    if (!xlsx.ok) {
      log.error(
        xlsx.problem.sheet,
        xlsx.problem.cell,
        undefined,
        xlsx.problem.kind === 'limit' ? xlsx.problem.message : CORRUPT_XLSX,
      );
      return reading;
    }
    wb = xlsx.book;
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
  reading.fields = reading.csv ? NO_FIELDS : readFields(wb, log);
  const ctx = formContext(scheme, roster, recognition.period ?? '', log, counts);
  const beforeSheets = log.problems.length;
  if (recognition.kind === 'branch') {
    const orgId = recognition.orgId ?? '';
    if (!ctx.orgs.has(orgId)) {
      log.error(undefined, undefined, orgId, `党组织编号“${orgId}”不在名册中，本文件未读入`);
      return reading;
    }
    reading.records = readBranchForm(wb, ctx, orgId, reading.csv);
  } else {
    reading.records = readBureauForm(wb, ctx);
  }
  if (counts.read === 0) {
    // An empty form is one error: what each of its blank sheets lacks would only repeat it.
    log.problems.splice(beforeSheets);
    log.error(
      undefined,
      undefined,
      undefined,
      `${FORM_KIND_LABELS[recognition.kind as FormKind]}是空的，没有填写任何数据`,
    );
    return reading;
  }
  reading.usable = true;
  return reading;
}

/** A file's bytes, read synchronously (see sha256File); null when it is gone or unreadable. */
export function readOrNull(path: string): Buffer | null {
  try {
    return readFileSync(path);
  } catch {
    return null;
  }
}

/** A CSV holds one table; it becomes a one-sheet workbook so the same readers apply. */
function csvBook(bytes: Buffer, log: ProblemLog): SheetBook | null {
  const { text } = decodeCsv(bytes);
  const parsed = parseCsv(text);
  if (!parsed.ok) {
    log.error(undefined, undefined, undefined, `CSV 文件无法读取：${parsed.reason}`);
    return null;
  }
  const ws = new GridSheet('CSV');
  // Rows keep their line numbers, so a problem at "C12" is line 12 of the file.
  parsed.table.rows.forEach((row, i) => {
    const line = parsed.table.lines[i]!;
    row.forEach((cell, c) => ws.set(line, c + 1, cell));
  });
  return new GridBook([ws]);
}
