// The fast xlsx reader: only the parts the readers need are inflated (workbook, its
// relationships, shared strings, styles, the document properties and the worksheets),
// and each is scanned once. Damaged files, zip bombs and files over the limits of
// limits.ts come back as problems.
import { MAX_SHEETS, tooManySheets } from '../limits.ts';
import { GridBook, type GridSheet } from '../sheet-book.ts';
import { readSharedStrings } from './shared-strings.ts';
import { readSheet } from './sheet.ts';
import { readDateStyles } from './styles.ts';
import { readDescription, readWorkbook } from './workbook.ts';
import { ZIP_LIMITS, ZipArchive, ZipProblem, type ZipLimits } from './zip.ts';

export { ZIP_LIMITS, ZipProblem, type ZipLimits };

export type XlsxResult = { ok: true; book: GridBook } | { ok: false; problem: ZipProblem };

export function readXlsx(bytes: Uint8Array, limits: ZipLimits = ZIP_LIMITS): XlsxResult {
  const zip = ZipArchive.open(bytes, limits);
  if (zip instanceof ZipProblem) return { ok: false, problem: zip };
  try {
    const part = (name: string): string => {
      const text = zip.text(name);
      if (text instanceof ZipProblem) throw text;
      return text ?? '';
    };
    const workbook = readWorkbook(part('xl/workbook.xml'), part('xl/_rels/workbook.xml.rels'));
    if (workbook.sheets.length > MAX_SHEETS)
      return { ok: false, problem: new ZipProblem('limit', tooManySheets(workbook.sheets.length)) };
    const ctx = {
      strings: readSharedStrings(part('xl/sharedStrings.xml')),
      dateStyles: readDateStyles(part('xl/styles.xml')),
      date1904: workbook.date1904,
    };
    const sheets: GridSheet[] = [];
    for (const s of workbook.sheets) {
      const xml = zip.text(s.part);
      // A bomb in a worksheet is reported on that sheet.
      if (xml instanceof ZipProblem) throw new ZipProblem(xml.kind, xml.message, s.name);
      if (xml !== null) sheets.push(readSheet(xml, s.name, s.state, ctx));
    }
    return {
      ok: true,
      book: new GridBook(
        sheets,
        workbook.names,
        zip.has('docProps/core.xml') ? readDescription(part('docProps/core.xml')) : null,
      ),
    };
  } catch (e) {
    if (e instanceof ZipProblem) return { ok: false, problem: e };
    // XML the scanners cannot follow: as damaged as a broken zip.
    return { ok: false, problem: new ZipProblem('corrupt', String(e)) };
  }
}

/**
 * Only the document description, for a quick look at a form's metadata; null when unreadable.
 * An .xlsb keeps it where an .xlsx does, an .ods in meta.xml.
 */
export function peekDescription(bytes: Uint8Array): string | null {
  const zip = ZipArchive.open(bytes);
  if (zip instanceof ZipProblem) return null;
  const core = zip.text(zip.has('meta.xml') ? 'meta.xml' : 'docProps/core.xml');
  return typeof core === 'string' ? readDescription(core) : null;
}
