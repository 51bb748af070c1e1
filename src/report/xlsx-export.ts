// The exports' workbooks written as SpreadsheetML directly, not through exceljs: a province's
// results.xlsx (150,000 members, millions of cells) took exceljs's in-memory model past 4 GB
// and over ten minutes of the main thread, during which no document was printed. Here each row
// becomes XML as it comes, every string is stored once (the shared strings), the work yields to
// the event loop every few thousand rows, and the parts are zipped dated by the data.
// What the sheets have: a bold header row, frozen, with a filter; the columns' widths; strings,
// numbers and booleans; text that Excel would run as a formula formatted as Text (exports.ts).
import { zipEntries } from '../base/zip-write.ts';

export type XlsxCell = string | number | boolean | null;

export interface XlsxSheet {
  name: string;
  columns: string[];
  rows: XlsxCell[][];
  /** Each column's width in characters. */
  widths: number[];
}

/** Style indexes in styles.xml's cellXfs. */
const STYLE = { header: 1, text: 2 } as const;
/** Rows written between two yields to the event loop. */
const ROWS_PER_TURN = 2000;

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PACKAGE_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\r': '&#13;' };
/** Characters XML cannot hold at all: the controls other than tab, LF and CR, and U+FFFE/U+FFFF. */
const forbidden = (c: number) => (c < 0x20 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffe || c === 0xffff;

/** XML text: the five that need it escaped (CR kept as CR), the characters XML cannot hold left out. */
function xml(text: string): string {
  let kept = text;
  for (let i = 0; i < text.length; i++)
    if (forbidden(text.charCodeAt(i))) {
      kept = [...text].filter((ch) => !forbidden(ch.charCodeAt(0))).join('');
      break;
    }
  return kept.replace(/[&<>"\r]/g, (c) => ESCAPES[c]!);
}

/** A column's letters: 1 → A, 27 → AA. */
export function columnName(n: number): string {
  let name = '';
  for (let i = n; i > 0; i = Math.floor((i - 1) / 26)) name = String.fromCharCode(65 + ((i - 1) % 26)) + name;
  return name;
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The workbook's bytes; `isText(value)` marks the strings formatted as Text. */
export async function xlsxBytes(
  sheets: XlsxSheet[],
  o: { date: Date; creator: string; isText: (value: string) => boolean },
): Promise<Buffer> {
  const strings = new Map<string, number>();
  let stringCells = 0;
  const shared = (s: string) => {
    stringCells += 1;
    let i = strings.get(s);
    if (i === undefined) strings.set(s, (i = strings.size));
    return i;
  };
  const cell = (ref: string, v: XlsxCell, header: boolean): string => {
    if (v === null || (typeof v === 'number' && !Number.isFinite(v))) return '';
    if (typeof v === 'number') return `<c r="${ref}"><v>${v}</v></c>`;
    if (typeof v === 'boolean') return `<c r="${ref}" t="b"><v>${v ? 1 : 0}</v></c>`;
    const style = header ? STYLE.header : o.isText(v) ? STYLE.text : 0;
    return `<c r="${ref}"${style ? ` s="${style}"` : ''} t="s"><v>${shared(v)}</v></c>`;
  };

  const sheetParts: Buffer[] = [];
  for (const sheet of sheets) {
    const letters = sheet.columns.map((_, i) => columnName(i + 1));
    const last = letters.at(-1) ?? 'A';
    const chunks: string[] = [
      `${HEAD}<worksheet xmlns="${NS}" xmlns:r="${REL_NS}">`,
      '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' +
        '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>',
      '<sheetFormatPr defaultRowHeight="15"/>',
      `<cols>${sheet.widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('')}</cols>`,
      '<sheetData>',
    ];
    const row = (r: number, values: XlsxCell[], header: boolean) =>
      `<row r="${r}">${values.map((v, i) => cell(`${letters[i]}${r}`, v, header)).join('')}</row>`;
    chunks.push(row(1, sheet.columns, true));
    const parts: Buffer[] = [];
    for (const [i, values] of sheet.rows.entries()) {
      chunks.push(row(i + 2, values, false));
      if ((i + 1) % ROWS_PER_TURN === 0) {
        parts.push(Buffer.from(chunks.join(''), 'utf8'));
        chunks.length = 0;
        await turn();
      }
    }
    chunks.push(`</sheetData><autoFilter ref="A1:${last}1"/></worksheet>`);
    parts.push(Buffer.from(chunks.join(''), 'utf8'));
    sheetParts.push(Buffer.concat(parts));
  }

  const sst = [`${HEAD}<sst xmlns="${NS}" count="${stringCells}" uniqueCount="${strings.size}">`];
  for (const s of strings.keys())
    sst.push(/^\s|\s$/.test(s) ? `<si><t xml:space="preserve">${xml(s)}</t></si>` : `<si><t>${xml(s)}</t></si>`);
  sst.push('</sst>');

  const n = sheets.length;
  const filters = sheets
    .map(
      (s, i) =>
        `<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">'${xml(s.name.replace(/'/g, "''"))}'!$A$1:$${columnName(s.columns.length || 1)}$1</definedName>`,
    )
    .join('');
  const iso = o.date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  // The workbook's own parts first, as Excel writes them: streaming readers need the workbook and the strings before the sheets.
  const entries: { name: string; data: string | Buffer }[] = [
    {
      name: '[Content_Types].xml',
      data:
        `${HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        sheets
          .map(
            (_, i) =>
              `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
          )
          .join('') +
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' +
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
        '</Types>',
    },
    {
      name: '_rels/.rels',
      data:
        `${HEAD}<Relationships xmlns="${PACKAGE_REL_NS}">` +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
        '</Relationships>',
    },
    {
      name: 'xl/workbook.xml',
      data:
        `${HEAD}<workbook xmlns="${NS}" xmlns:r="${REL_NS}"><bookViews><workbookView/></bookViews><sheets>` +
        sheets.map((s, i) => `<sheet name="${xml(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
        `</sheets><definedNames>${filters}</definedNames></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data:
        `${HEAD}<Relationships xmlns="${PACKAGE_REL_NS}">` +
        sheets
          .map(
            (_, i) =>
              `<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
          )
          .join('') +
        `<Relationship Id="rId${n + 1}" Type="${REL_NS}/styles" Target="styles.xml"/>` +
        `<Relationship Id="rId${n + 2}" Type="${REL_NS}/sharedStrings" Target="sharedStrings.xml"/>` +
        '</Relationships>',
    },
    {
      name: 'xl/styles.xml',
      data:
        `${HEAD}<styleSheet xmlns="${NS}">` +
        '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
        '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
        '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
        '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>' +
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>',
    },
    { name: 'xl/sharedStrings.xml', data: sst.join('') },
    ...sheetParts.map((data, i) => ({ name: `xl/worksheets/sheet${i + 1}.xml`, data })),
    {
      name: 'docProps/core.xml',
      data:
        `${HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ' +
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
        `<dc:creator>${xml(o.creator)}</dc:creator>` +
        `<dcterms:created xsi:type="dcterms:W3CDTF">${iso}</dcterms:created>` +
        `<dcterms:modified xsi:type="dcterms:W3CDTF">${iso}</dcterms:modified></cp:coreProperties>`,
    },
  ];
  return zipEntries(
    entries.map((e) => ({ name: e.name, data: typeof e.data === 'string' ? Buffer.from(e.data, 'utf8') : e.data })),
    o.date,
  );
}
