// CSV files that are the sheets of one form exported one by one: LibreOffice names them
// <workbook>-<sheet>.csv, people save 日常量化.csv, X01_说明.csv and so on. The files of one
// form (same folder, same name before the sheet's) are read together: the 说明 and hidden
// _pingyi sheets tell every part whose form it is and carry its fill-in fields.
import { basename, dirname, extname } from 'node:path';
import { branchSheets, bureauSheets, INSTRUCTIONS_SHEET, META_SHEET, ROSTER_SHEETS } from '../contract/form-layout.ts';
import type { Scheme } from '../scheme/schema.ts';

/** Sheets read from a part as the form's context, not as data. */
export const CONTEXT_SHEETS = [INSTRUCTIONS_SHEET, META_SHEET];

const NAMES = new WeakMap<Scheme, string[]>();

/** Every sheet name a form has or accepts, longest first so that 民主评议计票 wins over 民主评议. */
function sheetNames(scheme: Scheme): string[] {
  let names = NAMES.get(scheme);
  if (!names) {
    const specs = [...branchSheets(scheme), ...bureauSheets(scheme), ...ROSTER_SHEETS];
    names = [...CONTEXT_SHEETS, ...specs.flatMap((s) => [s.name, ...(s.synonyms ?? [])])].sort(
      (a, b) => b.length - a.length,
    );
    NAMES.set(scheme, names);
  }
  return names;
}

/** Between the workbook's name and the sheet's. */
const SEPARATORS = new Set(['-', '_', ' ', '.', '·', '（', '(']);

export interface CsvPart {
  /** Parts with the same group are one form's: folder and name before the sheet's. */
  group: string;
  /** The sheet the file holds, which it is read under. */
  sheet: string;
}

/** The sheet a CSV file's name ends with, and its group; null for other names and other files. */
export function csvPart(path: string, scheme: Scheme): CsvPart | null {
  const ext = extname(path).toLowerCase();
  if (ext !== '.csv' && ext !== '.txt') return null;
  const stem = basename(path).slice(0, -ext.length);
  for (const sheet of sheetNames(scheme)) {
    if (stem === sheet) return { group: `${dirname(path)}/`, sheet };
    if (stem.endsWith(sheet) && SEPARATORS.has(stem[stem.length - sheet.length - 1]!))
      return { group: `${dirname(path)}/${stem.slice(0, -sheet.length - 1)}`, sheet };
  }
  return null;
}

/** Files in order, the parts of one form together at the place of the first. */
export function readingUnits<T extends { name: string }>(files: T[], scheme: Scheme): T[][] {
  const units: T[][] = [];
  const groups = new Map<string, T[]>();
  for (const file of files) {
    const part = csvPart(file.name, scheme);
    const unit = part && groups.get(part.group);
    if (unit) unit.push(file);
    else {
      units.push([file]);
      if (part) groups.set(part.group, units.at(-1)!);
    }
  }
  return units;
}
