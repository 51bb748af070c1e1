// xl/styles.xml, only as far as values need it: which cell formats (cellXfs) show a
// number as a date or time. The rules are exceljs' so both readers give the same values.
import { attributes, startTags } from './xml.ts';

/**
 * Built-in formats by id. Only these have a format code that does not depend on the
 * locale; exceljs treats the locale-dependent ones (27–36, 50–58) as plain numbers, and
 * so does this reader (the date readers in cells.ts accept serial numbers anyway).
 */
const BUILT_IN: Record<number, string> = {
  14: 'mm-dd-yy',
  15: 'd-mmm-yy',
  16: 'd-mmm',
  17: 'mmm-yy',
  18: 'h:mm AM/PM',
  19: 'h:mm:ss AM/PM',
  20: 'h:mm',
  21: 'h:mm:ss',
  22: 'm/d/yy "h":mm',
  45: 'mm:ss',
  46: '[h]:mm:ss',
  47: 'mmss.0',
};

/** A date or time format: y, m, d, h, s (or b, M) outside quoted text and [brackets]. */
export function isDateFormat(code: string): boolean {
  return /[ymdhMsb]/.test(code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

/** For each cellXfs index, whether numbers in that format are dates. Index 0 never is (exceljs ignores style 0). */
export function readDateStyles(xml: string): boolean[] {
  const custom = new Map<number, string>();
  for (const [at, end] of startTags(xml, 'numFmt')) {
    const a = attributes(xml.slice(at, end));
    // Backslash-escaped characters are literal; exceljs drops the backslash before looking.
    custom.set(parseInt(a.get('numFmtId') ?? '', 10), (a.get('formatCode') ?? '').replace(/[\\](.)/g, '$1'));
  }
  const dates: boolean[] = [];
  const open = xml.indexOf('<cellXfs');
  const close = xml.indexOf('</cellXfs>', open);
  if (open === -1 || close === -1) return dates;
  for (const [at, end] of startTags(xml, 'xf', open, close)) {
    const id = parseInt(attributes(xml.slice(at, end)).get('numFmtId') ?? '', 10);
    const code = id ? custom.get(id) || BUILT_IN[id] : undefined;
    dates.push(dates.length > 0 && code !== undefined && isDateFormat(code));
  }
  return dates;
}
