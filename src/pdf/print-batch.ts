// Chromium's cost per PDF is mostly fixed (starting the print, embedding the fonts): twenty
// branch reports printed as one document take a few seconds where one by one they take
// twenty. So documents of one template are printed together and cut apart where each begins;
// page numbers, which CSS would count across the whole batch, are stamped after.
//
// Where each begins comes from a named destination: Chromium writes one for every element a
// link in the page points at, and an empty link draws nothing. Chromium's bookmarks would tell it
// too, but it builds them from a tagged PDF, and the tags of twenty reports were 17,000 objects:
// a third of the printing time, and most of pdf-lib's time to read the batch (outline.ts).
import { timed, type Profile } from '../base/profile.ts';
import { withStyle, type Printer } from './browser.ts';
import { pageNumberFont } from './fonts/print-font.ts';
import { plainText } from './html-text.ts';

const body = (html: string) => html.slice(html.indexOf('>', html.indexOf('<body')) + 1, html.lastIndexOf('</body>'));

/** The text of a document's only <h1>, its PDF's title; null unless there is exactly one. */
export function headingText(html: string): string | null {
  const headings = [...html.matchAll(/<h1[\s>][\s\S]*?<\/h1>/g)];
  if (headings.length !== 1) return null;
  return plainText(headings[0]![0]);
}

/**
 * The documents printed as one and split, in order; null when this cannot be done safely
 * (no print font, or a document without exactly one <h1>), and the caller prints
 * them one by one instead.
 */
export async function printBatch(
  printer: Printer,
  documents: string[],
  landscape: boolean,
  profile?: Profile,
  part = 'document',
): Promise<Uint8Array[] | null> {
  const [first] = documents;
  const titles = documents.map(headingText);
  if (!printer.font || !first || titles.some((t) => t === null)) return null;
  const bodyTag = /<body[^>]*>/.exec(first)?.[0];
  if (!bodyTag) return null;
  // Same template, so the first document's head serves all; its page numbers are switched off.
  const unnumbered = withStyle(first, '@page { @bottom-center { content: none; } }');
  const head = unnumbered.slice(0, unnumbered.indexOf('<body'));
  const anchors = documents.map((_, i) => `pingyi-batch-${i}`);
  const sections = documents
    .map((d, i) => `<section id="${anchors[i]}" style="break-before: page">${body(d)}</section>`)
    .join('\n');
  const links = anchors.map((a) => `<a href="#${a}"></a>`).join('');
  const pdf = await printer.print(`${head}${bodyTag}\n${sections}\n${links}\n</body></html>`, {
    landscape,
    part: `${part} batch`,
    ...(profile && { profile }),
  });
  const font = printer.font;
  // pdf-lib loads only when a batch is printed (~0.3 s a build with nothing to print would pay).
  const { splitAtAnchors } = await timed(profile, 'load pdf-lib', () => import('./pdf-split.ts'));
  const numbers = await timed(profile, 'page-number font', () => pageNumberFont(font));
  const parts = anchors.map((anchor, i) => ({ anchor, title: titles[i]! }));
  return timed(profile, 'split + number pages', () => splitAtAnchors(pdf, parts, numbers));
}
