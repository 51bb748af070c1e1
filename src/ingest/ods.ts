// The OpenDocument spreadsheet (.ods, LibreOffice's own format) into a GridBook: content.xml
// scanned once with indexOf, as the xlsx reader scans its sheets, and the description from
// meta.xml. The zip limits of xlsx/zip.ts and the limits of limits.ts hold here too; one
// more is needed because ODS writes a run of equal rows or cells once with a repeat count,
// so a few bytes can stand for billions of cells.
import type { Scalar } from './cells.ts';
import {
  MAX_CELLS,
  MAX_MERGED_CELLS,
  MAX_ROWS,
  MAX_SHEETS,
  TOO_MANY_CELLS,
  TOO_MANY_MERGED,
  TOO_MANY_ROWS,
  tooManySheets,
} from './limits.ts';
import { GridBook, GridSheet, type CellRef, type SheetState } from './sheet-book.ts';
import { readDescription } from './xlsx/workbook.ts';
import { attributes, xmlText } from './xlsx/xml.ts';
import type { XlsxResult } from './xlsx/index.ts';
import { ZIP_LIMITS, ZipArchive, ZipProblem, type ZipLimits } from './xlsx/zip.ts';

export function readOds(bytes: Uint8Array, limits: ZipLimits = ZIP_LIMITS): XlsxResult {
  const zip = ZipArchive.open(bytes, limits);
  if (zip instanceof ZipProblem) return { ok: false, problem: zip };
  const content = zip.text('content.xml');
  if (content instanceof ZipProblem) return { ok: false, problem: content };
  if (content === null) return { ok: false, problem: new ZipProblem('corrupt', 'no content.xml') };
  const meta = zip.text('meta.xml');
  if (meta instanceof ZipProblem) return { ok: false, problem: meta };
  if (!content.includes('<office:spreadsheet'))
    return { ok: false, problem: new ZipProblem('corrupt', 'no spreadsheet') };
  try {
    const sheets = readSheets(content);
    return { ok: true, book: new GridBook(sheets, namedCells(content), meta ? readDescription(meta) : null) };
  } catch (e) {
    if (e instanceof ZipProblem) return { ok: false, problem: e };
    return { ok: false, problem: new ZipProblem('corrupt', String(e)) };
  }
}

/** Table styles that hide their sheet (`table:display="false"`). */
function hiddenStyles(xml: string): Set<string> {
  const hidden = new Set<string>();
  const re = /<style:style\b([^>]*)>\s*<style:table-properties\b([^>]*)>/g;
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    const style = attributes(m[1]!);
    if (style.get('style:family') === 'table' && attributes(m[2]!).get('table:display') === 'false')
      hidden.add(style.get('style:name') ?? '');
  }
  return hidden;
}

interface Merge {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

const count = (a: Map<string, string>, name: string) => Math.max(1, parseInt(a.get(name) ?? '1', 10) || 1);

function readSheets(xml: string): GridSheet[] {
  const hidden = hiddenStyles(xml);
  const sheets: GridSheet[] = [];
  let sheet: GridSheet | null = null;
  let merges: Merge[] = [];
  let cells = 0;
  let merged = 0;
  let row = 1;
  let rows = 1;
  let col = 1;
  const body = xml.indexOf('<office:spreadsheet');
  for (let at = body; at !== -1 && at < xml.length;) {
    const lt = xml.indexOf('<', at);
    if (lt === -1) break;
    const end = xml.indexOf('>', lt);
    if (end === -1) throw new ZipProblem('corrupt', 'unclosed tag');
    const tag = xml.slice(lt + 1, end);
    const name = tag.slice(0, tag.slice(1).search(/[\s/]|$/) + 1);
    at = end + 1;
    if (name === 'table:table') {
      if (sheets.length === MAX_SHEETS) throw new ZipProblem('limit', tooManySheets(countSheets(xml)));
      const a = attributes(tag);
      const state: SheetState = hidden.has(a.get('table:style-name') ?? '') ? 'hidden' : 'visible';
      sheet = new GridSheet(a.get('table:name') ?? '', state);
      sheets.push(sheet);
      [merges, cells, merged, row] = [[], 0, 0, 1];
    } else if (name === '/table:table' && sheet) {
      for (const m of merges) sheet.merge(m.top, m.left, m.bottom, m.right);
      sheet = null;
    } else if (name === 'table:table-row' && sheet) {
      rows = count(attributes(tag), 'table:number-rows-repeated');
      col = 1;
      if (tag.endsWith('/')) row += rows;
    } else if (name === '/table:table-row' && sheet) {
      row += rows;
    } else if ((name === 'table:table-cell' || name === 'table:covered-table-cell') && sheet) {
      const a = attributes(tag);
      const cols = count(a, 'table:number-columns-repeated');
      let inner = '';
      if (!tag.endsWith('/')) {
        const close = xml.indexOf(`</${name}>`, end);
        if (close === -1) throw new ZipProblem('corrupt', `unclosed ${name}`);
        inner = xml.slice(end + 1, close);
        at = close + name.length + 3;
      }
      const value = cellValue(a, inner);
      if (value !== null) {
        if (row + rows - 1 > MAX_ROWS) throw new ZipProblem('limit', TOO_MANY_ROWS, sheet.name);
        cells += rows * cols;
        if (cells > MAX_CELLS) throw new ZipProblem('limit', TOO_MANY_CELLS, sheet.name);
        for (let r = row; r < row + rows; r++) for (let c = col; c < col + cols; c++) sheet.set(r, c, value);
      }
      const across = count(a, 'table:number-columns-spanned');
      const down = count(a, 'table:number-rows-spanned');
      if (across > 1 || down > 1) {
        const m = { top: row, left: col, bottom: row + down - 1, right: col + across - 1 };
        if (m.bottom > MAX_ROWS) throw new ZipProblem('limit', TOO_MANY_ROWS, sheet.name);
        merged += across * down;
        if (merged > MAX_MERGED_CELLS) throw new ZipProblem('limit', TOO_MANY_MERGED, sheet.name);
        merges.push(m);
      }
      col += cols;
    }
  }
  return sheets;
}

const countSheets = (xml: string) => xml.split('<table:table ').length - 1;

/** A cell's value from its attributes and content, as the xlsx reader gives it: numbers, dates at UTC, text. */
function cellValue(a: Map<string, string>, inner: string): Scalar {
  if (a.get('calcext:value-type') === 'error') return null;
  switch (a.get('office:value-type')) {
    case 'float':
    case 'percentage':
    case 'currency':
      return parseFloat(a.get('office:value') ?? '');
    case 'date':
      return isoDate(a.get('office:date-value') ?? '');
    case 'boolean':
      return a.get('office:boolean-value') === 'true';
    case 'string':
      return a.get('office:string-value') ?? paragraphs(inner);
    case undefined:
      return null;
    default:
      return paragraphs(inner) || null;
  }
}

/** 2011-07-07 or 2011-07-07T14:30:00: the wall-clock time, kept at UTC like the xlsx reader's dates. */
function isoDate(text: string): Date {
  const [y, mo, d, h = 0, mi = 0, s = 0] = text.split(/[-T:]/).map(Number) as number[];
  return new Date(Date.UTC(y!, mo! - 1, d!, h, mi, s));
}

/** The cell's text: its paragraphs on lines of their own, comments left out. */
function paragraphs(inner: string): string {
  const text = inner.replace(/<office:annotation\b[\s\S]*?<\/office:annotation>/g, '');
  const found: string[] = [];
  const re = /<text:p\b[^>]*?(?:\/>|>([\s\S]*?)<\/text:p>)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) found.push(spans(m[1] ?? ''));
  return found.join('\n');
}

function spans(xml: string): string {
  return xmlText(
    xml
      .replace(/<text:s\b([^>]*)\/>/g, (_, a: string) => ' '.repeat(Number(/text:c="(\d+)"/.exec(a)?.[1] ?? 1)))
      .replace(/<text:tab\b[^>]*\/>/g, '\t')
      .replace(/<text:line-break\b[^>]*\/>/g, '\n')
      .replace(/<[^>]*>/g, ''),
  );
}

/** Named single cells (`$说明.$B$8`), as the xlsx reader keeps defined names. */
function namedCells(xml: string): Map<string, CellRef> {
  const names = new Map<string, CellRef>();
  const re = /<table:named-range\b([^>]*)>/g;
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    const a = attributes(m[1]!);
    const name = a.get('table:name');
    const ref = /^\$?'?(.+?)'?\.\$([A-Z]+)\$(\d+)$/.exec(a.get('table:cell-range-address') ?? '');
    if (name && ref && !names.has(name)) names.set(name, { sheet: ref[1]!, address: `${ref[2]}${ref[3]}` });
  }
  return names;
}
