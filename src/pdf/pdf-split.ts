// Cuts a PDF that Chromium printed from several documents in a row back into those
// documents, at the bookmarks of their titles, and numbers each one's pages again.
import fontkit from '@pdf-lib/fontkit';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRef, PDFString, rgb, type PDFFont } from 'pdf-lib';

const MM = 72 / 25.4;

/** Top-level bookmarks in order: their titles and the page each points at. */
function bookmarks(pdf: PDFDocument): { title: string; page: number }[] | null {
  const pages = new Map(pdf.getPages().map((p, i) => [p.ref.toString(), i]));
  const outlines = pdf.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict);
  const found: { title: string; page: number }[] = [];
  let item = outlines?.lookupMaybe(PDFName.of('First'), PDFDict);
  while (item) {
    const title = item.lookupMaybe(PDFName.of('Title'), PDFString, PDFHexString)?.decodeText();
    const target = item.lookupMaybe(PDFName.of('Dest'), PDFArray)?.get(0);
    const page = target instanceof PDFRef ? pages.get(target.toString()) : undefined;
    if (title === undefined || page === undefined) return null;
    found.push({ title, page });
    item = item.lookupMaybe(PDFName.of('Next'), PDFDict);
  }
  return found;
}

const normal = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * The documents of `pdf`, one per title, each starting at the bookmark of its title;
 * null when the bookmarks are not exactly those titles in that order, each on a later
 * page than the one before (the caller then prints the documents one by one).
 * `numberFont`: a TrueType font with 第页共/, digits and space, for "第1页 共3页".
 */
export async function splitAtTitles(
  pdf: Uint8Array,
  titles: string[],
  numberFont: Uint8Array,
): Promise<Uint8Array[] | null> {
  // Parsed and saved without pausing every 100 objects for the event loop: a pause is at least
  // a timer's millisecond, and a batch has thousands of objects.
  const source = await PDFDocument.load(pdf, { updateMetadata: false, parseSpeed: Infinity });
  const marks = bookmarks(source);
  if (!marks || marks.length !== titles.length || marks[0]?.page !== 0) return null;
  if (marks.some((m, i) => normal(m.title) !== normal(titles[i]!) || (i > 0 && m.page <= marks[i - 1]!.page)))
    return null;
  const total = source.getPageCount();
  const documents: Uint8Array[] = [];
  for (const [i, mark] of marks.entries()) {
    const end = marks[i + 1]?.page ?? total;
    const doc = await PDFDocument.create({ updateMetadata: false });
    doc.registerFontkit(fontkit);
    // A fixed name: pdf-lib would otherwise add a random suffix, and the same input must give the same bytes.
    const font = await doc.embedFont(numberFont, { subset: false, customName: 'PingYiPageNumbers' });
    const pages = await doc.copyPages(
      source,
      Array.from({ length: end - mark.page }, (_, k) => mark.page + k),
    );
    pages.forEach((page, k) => {
      doc.addPage(page);
      stampNumber(page, font, `第${k + 1}页 共${pages.length}页`);
    });
    doc.setTitle(titles[i]!);
    doc.setCreator(source.getCreator() ?? '');
    doc.setProducer(source.getProducer() ?? '');
    documents.push(await doc.save({ useObjectStreams: false, objectsPerTick: Infinity }));
  }
  return documents;
}

/** Where the templates' CSS puts it: centred in the 18 mm bottom margin, 8 pt, grey. */
function stampNumber(page: ReturnType<PDFDocument['getPages']>[number], font: PDFFont, text: string): void {
  const size = 8;
  const { width } = page.getSize();
  page.drawText(text, {
    x: (width - font.widthOfTextAtSize(text, size)) / 2,
    y: 9 * MM - size * 0.35,
    size,
    font,
    color: rgb(0x55 / 255, 0x55 / 255, 0x55 / 255),
  });
}
