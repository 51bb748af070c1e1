// The outline (bookmarks) of a printed PDF, written with pdf-lib from the named destinations
// of its headings (outline.ts gives each heading one).
import { PDFDocument, PDFHexString, PDFName, PDFNumber, type PDFArray, type PDFDict, type PDFRef } from 'pdf-lib';
import type { Heading } from './outline.ts';
import { namedDestination } from './pdf-split.ts';

interface Item {
  heading: Heading;
  dest: PDFArray;
  children: Item[];
}

/** The headings as a tree: each under the nearest heading before it of a higher level (a smaller number). */
function tree(found: { heading: Heading; dest: PDFArray }[]): Item[] {
  const roots: Item[] = [];
  const open: Item[] = [];
  for (const f of found) {
    const item: Item = { ...f, children: [] };
    while (open.length > 0 && open[open.length - 1]!.heading.level >= f.heading.level) open.pop();
    (open[open.length - 1]?.children ?? roots).push(item);
    open.push(item);
  }
  return roots;
}

/**
 * `pdf` with bookmarks to `headings`, at their named destinations; a heading without one (not
 * printed) is left out.
 */
export async function addOutline(pdf: Uint8Array, headings: Heading[]): Promise<Uint8Array> {
  if (headings.length === 0) return pdf;
  const doc = await PDFDocument.load(pdf, { updateMetadata: false, parseSpeed: Infinity });
  const found = headings.flatMap((heading) => {
    const dest = namedDestination(doc, heading.anchor);
    return dest ? [{ heading, dest }] : [];
  });
  if (found.length === 0) return pdf;
  const context = doc.context;
  const outlines = context.obj({ Type: 'Outlines' });
  const outlinesRef = context.register(outlines);
  /** Writes `items` under `parent`; gives how many items are open below it (every level shown). */
  const write = (items: Item[], parent: PDFDict, parentRef: PDFRef): number => {
    const refs = items.map(() => context.nextRef());
    let count = 0;
    for (const [i, item] of items.entries()) {
      const dict = context.obj({});
      dict.set(PDFName.of('Title'), PDFHexString.fromText(item.heading.title));
      dict.set(PDFName.of('Parent'), parentRef);
      dict.set(PDFName.of('Dest'), item.dest);
      if (i > 0) dict.set(PDFName.of('Prev'), refs[i - 1]!);
      if (i < items.length - 1) dict.set(PDFName.of('Next'), refs[i + 1]!);
      const below = item.children.length > 0 ? write(item.children, dict, refs[i]!) : 0;
      context.assign(refs[i]!, dict);
      count += 1 + below;
    }
    parent.set(PDFName.of('First'), refs[0]!);
    parent.set(PDFName.of('Last'), refs[refs.length - 1]!);
    parent.set(PDFName.of('Count'), PDFNumber.of(count));
    return count;
  };
  write(tree(found), outlines, outlinesRef);
  doc.catalog.set(PDFName.of('Outlines'), outlinesRef);
  return doc.save({ useObjectStreams: false, objectsPerTick: Infinity });
}
