// xl/workbook.xml and its relationships: the sheets in tab order with their state and
// part, the defined names, the 1904 date system flag; and the document description in
// docProps/core.xml, where pingyi keeps a form's metadata.
import { parseCellRef, type CellRef, type SheetState } from '../sheet-book.ts';
import { attributes, decodeNamedAgain, startTags, xmlText } from './xml.ts';

export interface SheetEntry {
  name: string;
  state: SheetState;
  /** The zip entry holding the sheet's XML. */
  part: string;
}

export interface WorkbookInfo {
  sheets: SheetEntry[];
  names: Map<string, CellRef>;
  date1904: boolean;
}

/** `rels`: xl/_rels/workbook.xml.rels. Sheets without a worksheet part (chart sheets) are left out, as exceljs does. */
export function readWorkbook(xml: string, rels: string): WorkbookInfo {
  const targets = new Map<string, string>();
  for (const [at, end] of startTags(rels, 'Relationship')) {
    const a = attributes(rels.slice(at, end));
    const id = a.get('Id');
    const target = a.get('Target');
    if (id && target) targets.set(id, `xl/${target.replace(/^(\s|\/xl\/)+/, '')}`);
  }
  const sheets: SheetEntry[] = [];
  for (const [at, end] of startTags(xml, 'sheet')) {
    const a = attributes(xml.slice(at, end));
    const part = targets.get(a.get('r:id') ?? '');
    if (!part || !/xl\/worksheets\/sheet\d+[.]xml/.test(part)) continue;
    sheets.push({
      name: decodeNamedAgain(a.get('name') ?? ''),
      state: (a.get('state') ?? 'visible') as SheetState,
      part,
    });
  }
  const pr = startTags(xml, 'workbookPr').next().value;
  // exceljs reads only "1"; "true" is the same flag in the schema's other spelling.
  const flag = pr ? attributes(xml.slice(pr[0], pr[1])).get('date1904') : undefined;
  return { sheets, names: definedNames(xml), date1904: flag === '1' || flag === 'true' };
}

/** Each defined name's first reference, when that is one cell written with `$` (`说明!$B$5`). */
function definedNames(xml: string): Map<string, CellRef> {
  const names = new Map<string, CellRef>();
  for (const [at, end] of startTags(xml, 'definedName')) {
    const close = xml.indexOf('</definedName>', end);
    const name = attributes(xml.slice(at, end)).get('name');
    if (close === -1 || !name || names.has(name)) continue;
    // exceljs keeps only absolute references ($B$5); a relative one is not a fixed cell.
    const first = xmlText(xml.slice(end + 1, close))
      .split(',')
      .find((range) => /[$]\w+[$]\d+/.test(range.split('!').pop() ?? ''));
    const ref = first && /![$][A-Z]+[$]\d+$/.test(first) ? parseCellRef(first) : null;
    if (ref) names.set(name, ref);
  }
  return names;
}

/** The text of <dc:description>; null when there is none. */
export function readDescription(coreXml: string): string | null {
  const tag = startTags(coreXml, 'dc:description').next().value;
  if (!tag) return null;
  if (coreXml.charCodeAt(tag[1] - 1) === 47) return '';
  const close = coreXml.indexOf('</dc:description>', tag[1]);
  return close === -1 ? null : xmlText(coreXml.slice(tag[1] + 1, close));
}
