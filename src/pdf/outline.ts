// Bookmarks for a document printed alone, made by pingyi rather than by Chromium. Chromium builds
// them only from a tagged PDF, and the tags cost more than the printing: a district's member
// ranking (47 pages) 4.3 s and 4.6 MB tagged, 1.6 s and 0.35 MB untagged; the other documents
// up to 2.6× the time and 1.3–5.8× the size. Its bookmarks from a heading in a repeated table
// header also ran the copies together (“第1小学党支部第1小学党支部”).
//
// Each heading gets an id and an empty link to it, so Chromium writes a named destination for it
// (print-batch.ts cuts batches at the same kind of destination); the outline is then built from
// those destinations with the headings' text and levels (pdf-outline.ts, loaded with pdf-lib only
// when a document is printed, as pdf-split.ts is: a build with nothing to print never loads it).
import { timed } from '../base/profile.ts';
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

/** Prints `html` alone, with bookmarks to its headings. */
export async function printWithOutline(printer: Printer, html: string, options: PrintOptions): Promise<Uint8Array> {
  const anchored = anchorHeadings(html);
  const pdf = await printer.print(anchored.html, options);
  const { addOutline } = await timed(options.profile, 'load pdf-lib', () => import('./pdf-outline.ts'));
  return timed(options.profile, 'bookmarks', () => addOutline(pdf, anchored.headings));
}
