// Cuts a PDF that Chromium printed from several documents in a row back into those
// documents, at the named destinations of their first elements, and numbers each one's pages again.
import fontkit from '@pdf-lib/fontkit';
import {
  degrees,
  drawText,
  PDFArray,
  PDFContentStream,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFRef,
  rgb,
  type PDFFont,
  type PDFPage,
} from 'pdf-lib';

const MM = 72 / 25.4;

/**
 * The named destination `name` of a PDF: the array of its page and position. Chromium writes it as
 * an array; PDF also allows a dictionary holding it as D.
 */
export function namedDestination(pdf: PDFDocument, name: string): PDFArray | undefined {
  const dest = pdf.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict)?.lookup(PDFName.of(name));
  const array = dest instanceof PDFDict ? dest.lookupMaybe(PDFName.of('D'), PDFArray) : dest;
  return array instanceof PDFArray ? array : undefined;
}

/** The page each of `anchors` is on, from the PDF's named destinations. */
function pagesOf(pdf: PDFDocument, anchors: string[]): number[] | null {
  const pages = new Map(pdf.getPages().map((p, i) => [p.ref.toString(), i]));
  const found: number[] = [];
  for (const anchor of anchors) {
    const target = namedDestination(pdf, anchor)?.get(0);
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
  const ranges = first.map((start, i) => ({ start, end: first[i + 1] ?? total }));
  // The numbers are stamped on the batch, with its one copy of the font, before it is cut: each
  // document then copies the font with its pages instead of embedding it again.
  source.registerFontkit(fontkit);
  // A fixed name: pdf-lib would otherwise add a random suffix, and the same input must give the same bytes.
  const font = await source.embedFont(numberFont, { subset: false, customName: 'PingYiPageNumbers' });
  const widths = new Map<string, number>();
  for (const { start, end } of ranges)
    for (let k = 0; k < end - start; k++) {
      const text = `第${k + 1}页 共${end - start}页`;
      if (!widths.has(text)) widths.set(text, font.widthOfTextAtSize(text, NUMBER_SIZE));
      stampNumber(source.getPage(start + k), font, text, widths.get(text)!);
    }
  await source.flush();
  const documents: Uint8Array[] = [];
  for (const [i, { start, end }] of ranges.entries()) {
    const doc = await PDFDocument.create({ updateMetadata: false });
    const pages = await doc.copyPages(
      source,
      Array.from({ length: end - start }, (_, k) => start + k),
    );
    for (const page of pages) doc.addPage(page);
    doc.setTitle(parts[i]!.title);
    doc.setCreator(source.getCreator() ?? '');
    doc.setProducer(source.getProducer() ?? '');
    documents.push(await doc.save({ useObjectStreams: false, objectsPerTick: Infinity }));
  }
  return documents;
}

const NUMBER_SIZE = 8;

const GREY = rgb(0x55 / 255, 0x55 / 255, 0x55 / 255);

/**
 * Where the templates' CSS puts it: centred in the 18 mm bottom margin, 8 pt, grey. Its content
 * stream is left uncompressed: pdf-lib's page.drawText would deflate it, and setting up a deflate
 * for under 200 bytes costs more than it saves (splitting a batch of 20 reports: 213 → 173–193 ms of CPU).
 */
function stampNumber(page: PDFPage, font: PDFFont, text: string, width: number): void {
  const operators = drawText(font.encodeText(text), {
    x: (page.getWidth() - width) / 2,
    y: 9 * MM - NUMBER_SIZE * 0.35,
    size: NUMBER_SIZE,
    font: page.node.newFontDictionary(font.name, font.ref),
    color: GREY,
    rotate: degrees(0),
    xSkew: degrees(0),
    ySkew: degrees(0),
  });
  const context = page.doc.context;
  page.node.addContentStream(context.register(PDFContentStream.of(context.obj({}), operators, false)));
}
