// Cuts a PDF that Chromium printed from several documents in a row back into those
// documents, at the named destinations of their first elements, and numbers each one's pages again.
import fontkit from '@pdf-lib/fontkit';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef, rgb, type PDFFont } from 'pdf-lib';

const MM = 72 / 25.4;

/** The page each of `anchors` is on, from the PDF's named destinations. */
function pagesOf(pdf: PDFDocument, anchors: string[]): number[] | null {
  const pages = new Map(pdf.getPages().map((p, i) => [p.ref.toString(), i]));
  const dests = pdf.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict);
  const found: number[] = [];
  for (const anchor of anchors) {
    // Chromium writes the destination as an array; PDF also allows a dictionary holding it as D.
    const dest = dests?.lookup(PDFName.of(anchor));
    const array = dest instanceof PDFDict ? dest.lookupMaybe(PDFName.of('D'), PDFArray) : dest;
    const target = array instanceof PDFArray ? array.get(0) : undefined;
    const page = target instanceof PDFRef ? pages.get(target.toString()) : undefined;
    if (page === undefined) return null;
    found.push(page);
  }
  return found;
}

/**
 * The documents of `pdf`, each starting at the named destination `anchor` and titled `title`;
 * null unless every anchor is there, the first on the first page and each on a later
 * page than the one before (the caller then prints the documents one by one).
 * `numberFont`: a TrueType font with 第页共/, digits and space, for "第1页 共3页".
 */
export async function splitAtAnchors(
  pdf: Uint8Array,
  parts: { anchor: string; title: string }[],
  numberFont: Uint8Array,
): Promise<Uint8Array[] | null> {
  // Parsed and saved without pausing every 100 objects for the event loop: a pause is at least
  // a timer's millisecond, and a batch has hundreds of objects.
  const source = await PDFDocument.load(pdf, { updateMetadata: false, parseSpeed: Infinity });
  const first = pagesOf(
    source,
    parts.map((p) => p.anchor),
  );
  if (!first || first[0] !== 0 || first.some((page, i) => i > 0 && page <= first[i - 1]!)) return null;
  const total = source.getPageCount();
  const documents: Uint8Array[] = [];
  for (const [i, start] of first.entries()) {
    const end = first[i + 1] ?? total;
    const doc = await PDFDocument.create({ updateMetadata: false });
    doc.registerFontkit(fontkit);
    // A fixed name: pdf-lib would otherwise add a random suffix, and the same input must give the same bytes.
    const font = await doc.embedFont(numberFont, { subset: false, customName: 'PingYiPageNumbers' });
    const pages = await doc.copyPages(
      source,
      Array.from({ length: end - start }, (_, k) => start + k),
    );
    pages.forEach((page, k) => {
      doc.addPage(page);
      stampNumber(page, font, `第${k + 1}页 共${pages.length}页`);
    });
    doc.setTitle(parts[i]!.title);
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
