// Bookmarks for a document printed alone, made by pingyi rather than by Chromium. Chromium builds
// them only from a tagged PDF, and the tags cost more than the printing: a district's member
// ranking (47 pages) 4.3 s and 4.6 MB tagged, 1.6 s and 0.35 MB untagged; the other documents
// up to 2.6× the time and 1.3–5.8× the size. Its bookmarks from a heading in a repeated table
// header also ran the copies together (“第1小学党支部第1小学党支部”).
//
// Each heading gets an id and an empty link to it, so Chromium writes a named destination for it
// (print-batch.ts cuts batches at the same kind of destination); the outline is then built from
// those destinations with the headings' text and levels.
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, type PDFRef } from 'pdf-lib';
import type { PrintOptions, Printer } from './browser.ts';
import { plainText } from './html-text.ts';

export interface Heading {
  anchor: string;
  title: string;
  /** 1 for <h1> … 6 for <h6>. */
  level: number;
}

const HEADING = /<h([1-6])((?:\s[^>]*)?)>([\s\S]*?)<\/h\1>/gi;
/** An id the named destination is called by as written: anything else (entities, other scripts) would not match. */
const PLAIN_ID = /^[A-Za-z][\w-]*$/;
/** Where the links go: inside the first heading, so no element gains a sibling (`:last-child` in the CSS). */
const LINKS_HERE = '<!--pingyi-heading-links-->';

/**
 * The document with an id on every heading and a link to each, and its headings in order. A
 * heading keeps an id it has; one whose id is not plain (quoted otherwise, entities, other scripts)
 * gets no bookmark rather than a second id that would break the links to it.
 */
export function anchorHeadings(html: string): { html: string; headings: Heading[] } {
  const headings: Heading[] = [];
  const body = html.indexOf('<body');
  if (body < 0) return { html, headings };
  const anchored = html.slice(body).replace(HEADING, (all, level: string, attributes: string, inner: string) => {
    const title = plainText(inner).replace(/\s+/g, ' ').trim();
    const idAttribute = /\sid\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/i.exec(attributes)?.[1];
    const id = idAttribute?.startsWith('"') ? idAttribute.slice(1, -1) : idAttribute;
    if (!title || (id !== undefined && !PLAIN_ID.test(id))) return all;
    const anchor = id ?? `pingyi-heading-${headings.length + 1}`;
    headings.push({ anchor, title, level: Number(level) });
    const links = headings.length === 1 ? LINKS_HERE : '';
    return `<h${level}${id ? '' : ` id="${anchor}"`}${attributes}>${inner}${links}</h${level}>`;
  });
  const links = headings.map((h) => `<a href="#${h.anchor}"></a>`).join('');
  return { html: html.slice(0, body) + anchored.replace(LINKS_HERE, links), headings };
}

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
  const dests = doc.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict);
  const found = headings.flatMap((heading) => {
    const dest = dests?.lookup(PDFName.of(heading.anchor));
    const array = dest instanceof PDFDict ? dest.lookupMaybe(PDFName.of('D'), PDFArray) : dest;
    return array instanceof PDFArray ? [{ heading, dest: array }] : [];
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

/** Prints `html` alone, with bookmarks to its headings. */
export async function printWithOutline(printer: Printer, html: string, options: PrintOptions): Promise<Uint8Array> {
  const anchored = anchorHeadings(html);
  const pdf = await printer.print(anchored.html, options);
  const outline = () => addOutline(pdf, anchored.headings);
  return options.profile ? options.profile.time('bookmarks', outline) : outline();
}
