// One worksheet's XML into a GridSheet, by scanning for tags with indexOf: <row>, <c r s t>,
// and inside a cell <f>, <v> and <is>. No DOM and no object per node. Values follow
// exceljs (the reader the ingest used before, and the oracle of test/xlsx-reader.test.ts)
// down to its quirks, so a file gives the same records and problems as it always did; except
// in merged ranges, where exceljs copies the first cell over the covered cells' own values.
import { NO_CACHED_RESULT, type Scalar } from '../cells.ts';
import { MAX_MERGED_CELLS, MAX_ROWS, TOO_MANY_MERGED, TOO_MANY_ROWS } from '../limits.ts';
import { cellAddress, columnOf, decodeAddress, GridSheet, type SheetState } from '../sheet-book.ts';
import { itemText, type SharedString } from './shared-strings.ts';
import { attributes, decodeNamedAgain, startTags, texts, xmlText } from './xml.ts';
import { ZipProblem } from './zip.ts';

export interface SheetContext {
  strings: SharedString[];
  /** By cellXfs index: numbers in this style are dates. */
  dateStyles: boolean[];
  date1904: boolean;
}

const GT = 62;
const SLASH = 47;

/** After a tag name: space, tab, LF, CR, `/` or `>`. */
function ends(code: number): boolean {
  return code === 32 || code === GT || code === SLASH || code === 9 || code === 10 || code === 13;
}

/** The raw value of attribute `name` in the start tag xml[from..to), undefined when absent. */
function attr(xml: string, from: number, to: number, name: string): string | undefined {
  for (let at = xml.indexOf(name, from + 1); at !== -1 && at < to; at = xml.indexOf(name, at + 1)) {
    const before = xml.charCodeAt(at - 1);
    if (before !== 32 && before !== 9 && before !== 10 && before !== 13) continue;
    let i = at + name.length;
    while (xml.charCodeAt(i) === 32) i++;
    if (xml.charCodeAt(i) !== 61) continue;
    i++;
    while (xml.charCodeAt(i) === 32) i++;
    const quote = xml[i];
    if (quote !== '"' && quote !== "'") continue;
    const close = xml.indexOf(quote, i + 1);
    return xml.slice(i + 1, close);
  }
  return undefined;
}

/** The r, s and t attributes of the `<c` start tag xml[from..to), found in one pass over it. */
function cellAttributes(
  xml: string,
  from: number,
  to: number,
): [r: string | undefined, s: string | undefined, t: string | undefined] {
  let r: string | undefined;
  let s: string | undefined;
  let t: string | undefined;
  for (let i = from + 2; i < to;) {
    const eq = xml.indexOf('=', i);
    if (eq === -1 || eq >= to) break;
    let q = eq + 1;
    while (xml.charCodeAt(q) === 32) q++;
    const quote = xml[q];
    if (quote !== '"' && quote !== "'") break;
    const close = xml.indexOf(quote, q + 1);
    let nameEnd = eq;
    while (xml.charCodeAt(nameEnd - 1) === 32) nameEnd--;
    const before = xml.charCodeAt(nameEnd - 2);
    // A one-letter name: white space before its letter.
    if (before === 32 || before === 9 || before === 10 || before === 13) {
      const name = xml.charCodeAt(nameEnd - 1);
      if (name === 114) r = xml.slice(q + 1, close);
      else if (name === 115) s = xml.slice(q + 1, close);
      else if (name === 116) t = xml.slice(q + 1, close);
    }
    i = close + 1;
  }
  return [r, s, t];
}

/** Serial day number → Date, as exceljs converts it (1900 system, or 1904). */
export function excelDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86400000));
}

/**
 * Rows past MAX_ROWS are ignored while empty (a row formatted at the bottom of the sheet) and
 * make the sheet a ZipProblem once one holds a value: the readers walk every row up to the last.
 */
export function readSheet(xml: string, name: string, state: SheetState, ctx: SheetContext): GridSheet {
  const sheet = new GridSheet(name, state);
  const tooMany = () => new ZipProblem('limit', TOO_MANY_ROWS, name);
  const start = xml.indexOf('<sheetData');
  const stop = start === -1 ? -1 : xml.indexOf('</sheetData>', start);
  const linked = hyperlinkedCells(xml, Math.max(stop, 0));
  let row = 0;
  let col = 0;
  for (let at = start; stop !== -1 && at < stop;) {
    const lt = xml.indexOf('<', at + 1);
    if (lt === -1 || lt >= stop) break;
    const end = xml.indexOf('>', lt);
    const first = xml.charCodeAt(lt + 1);
    if (first === 114 && xml.startsWith('row', lt + 1) && ends(xml.charCodeAt(lt + 4))) {
      const r = attr(xml, lt, end, 'r');
      row = r === undefined ? row + 1 : parseInt(r, 10);
      col = 0;
      if (row <= MAX_ROWS) sheet.touch(row);
      at = end;
    } else if (first === 99 && ends(xml.charCodeAt(lt + 2))) {
      const [r, s, t] = cellAttributes(xml, lt, end);
      col = r === undefined ? col + 1 : columnOf(r);
      const empty = xml.charCodeAt(end - 1) === SLASH;
      const close = empty ? end : xml.indexOf('</c>', end);
      const value = empty
        ? null
        : cellValue(
            xml,
            end + 1,
            close,
            t,
            s ? ctx.dateStyles[parseInt(s, 10)] === true : false,
            ctx,
            r !== undefined && linked !== null && linked.has(r),
          );
      // Excel calls such a file damaged; read as empty, the cell would pass for one left blank.
      if (value === undefined)
        throw new ZipProblem('corrupt', 'shared string out of range', name, r ?? cellAddress(row, col));
      // A cell with neither value nor style is no cell at all to exceljs: an earlier one at the same place stays.
      if (row > MAX_ROWS) {
        if (value !== null) throw tooMany();
      } else if (row > 0 && (value !== null || s !== undefined)) sheet.set(row, col, value);
      at = empty ? end : close + 3;
    } else at = end;
  }
  applyMerges(xml, stop === -1 ? 0 : stop, sheet, tooMany);
  return sheet;
}

/** A cell's value from its children xml[from..to); undefined when it names a shared string that does not exist. */
function cellValue(
  xml: string,
  from: number,
  to: number,
  type: string | undefined,
  isDate: boolean,
  ctx: SheetContext,
  hyperlink: boolean,
): Scalar | undefined {
  let formula = false;
  let text: string | undefined;
  let rich: string | null = null;
  for (let at = from; at < to;) {
    const lt = xml.indexOf('<', at);
    if (lt === -1 || lt >= to) break;
    const end = xml.indexOf('>', lt);
    const first = xml.charCodeAt(lt + 1);
    const empty = xml.charCodeAt(end - 1) === SLASH;
    if (first === 102 && ends(xml.charCodeAt(lt + 2))) {
      const close = empty ? end : xml.indexOf('</f>', end);
      // <f t="shared" si="0"/> continues a shared formula; an empty <f/> is no formula.
      formula ||= attr(xml, lt, end, 't') !== undefined || close > end + 1;
      at = empty ? end + 1 : close + 4;
    } else if (first === 118 && ends(xml.charCodeAt(lt + 2))) {
      const close = empty ? end : xml.indexOf('</v>', end);
      if (close > end + 1) text = (text ?? '') + xmlText(xml.slice(end + 1, close));
      at = empty ? end + 1 : close + 4;
    } else if (first === 105 && xml.charCodeAt(lt + 2) === 115 && ends(xml.charCodeAt(lt + 3))) {
      const close = empty ? end : xml.indexOf('</is>', end);
      if (!empty) {
        if (/<r[\s>]/.test(xml.slice(end + 1, close))) rich = itemText(xml, end + 1, close);
        else {
          // Unlike shared strings, exceljs leaves _x000D_ escapes in inline text as they are.
          const t = texts(xml, end + 1, close);
          if (t !== '') text = (text ?? '') + t;
        }
      }
      at = empty ? end + 1 : close + 5;
    } else at = end + 1;
  }

  if (formula) {
    // An empty cached value counts as none, as in exceljs.
    if (!text) return hyperlink ? null : NO_CACHED_RESULT;
    const result: string | number | boolean | null =
      type === 'str'
        ? decodeNamedAgain(text)
        : type === 'b'
          ? parseInt(text, 10) !== 0
          : type === 'e'
            ? null
            : parseFloat(text);
    // exceljs turns any cached result in a date format into a date, whatever its type.
    if (isDate) return excelDate(result === null ? NaN : Number(result), ctx.date1904);
    return result;
  }
  if (rich !== null) return rich;
  if (text === undefined) return null;
  switch (type) {
    case 's': {
      const index = parseInt(text, 10);
      return index >= 0 && index < ctx.strings.length ? ctx.strings[index]! : undefined;
    }
    case 'str':
      return decodeNamedAgain(text);
    case 'inlineStr':
      return text;
    case 'b':
      return parseInt(text, 10) !== 0;
    case 'e':
      return null;
    default: {
      const n = parseFloat(text);
      return isDate ? excelDate(n, ctx.date1904) : n;
    }
  }
}

/** Cells with a link to elsewhere (r:id): exceljs turns a formula there into its bare result. */
function hyperlinkedCells(xml: string, from: number): Set<string> | null {
  const open = xml.indexOf('<hyperlinks', from);
  if (open === -1) return null;
  const cells = new Set<string>();
  for (const [at, end] of startTags(xml, 'hyperlink', open)) {
    const a = attributes(xml.slice(at, end));
    const ref = a.get('ref');
    if (ref && a.has('r:id')) cells.add(ref);
  }
  return cells;
}

/**
 * The merged ranges, applied by GridSheet.merge. Every merged cell is visited, so their number
 * is bounded: A1:XFD300000 is 4.9 billion.
 */
function applyMerges(xml: string, from: number, sheet: GridSheet, tooMany: () => ZipProblem): void {
  const open = xml.indexOf('<mergeCells', from);
  if (open === -1) return;
  let merged = 0;
  for (const [at, end] of startTags(xml, 'mergeCell', open)) {
    const ref = attributes(xml.slice(at, end)).get('ref');
    if (!ref) continue;
    const [a, b = a] = ref.split(':') as [string, string?];
    const [r1, c1] = decodeAddress(a);
    const [r2, c2] = decodeAddress(b);
    const [top, bottom, left, right] = [Math.min(r1, r2), Math.max(r1, r2), Math.min(c1, c2), Math.max(c1, c2)];
    if (bottom > MAX_ROWS) throw tooMany();
    merged += (bottom - top + 1) * (right - left + 1);
    if (merged > MAX_MERGED_CELLS) throw new ZipProblem('limit', TOO_MANY_MERGED, sheet.name);
    sheet.merge(top, left, bottom, right);
  }
}
