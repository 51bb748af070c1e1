// Decoding XML text and attributes the way exceljs' parser (saxes) hands them over:
// line ends normalised, the five named entities and numeric character references resolved.
// No DOM: the readers in this folder find their tags with indexOf and take text from here.

const ENTITY = /&(?:(amp|lt|gt|quot|apos)|#([0-9]+)|#x([0-9a-fA-F]+));/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

const entity = (_: string, name: string | undefined, dec: string | undefined, hex: string | undefined): string =>
  name ? NAMED[name]! : String.fromCodePoint(dec ? Number(dec) : parseInt(hex!, 16));

/** Character data between tags. */
export function xmlText(raw: string): string {
  if (raw.indexOf('&') === -1 && raw.indexOf('\r') === -1) return raw;
  return raw.replace(/\r\n?/g, '\n').replace(ENTITY, entity);
}

/** An attribute value: white space characters written literally become spaces. */
export function xmlAttr(raw: string): string {
  if (raw.indexOf('&') === -1 && !/[\t\n\r]/.test(raw)) return raw;
  return raw.replace(/\r\n|[\t\n\r]/g, ' ').replace(ENTITY, entity);
}

/** exceljs decodes some values a second time (`t="str"` cells, sheet names): the named entities only. */
export function decodeNamedAgain(text: string): string {
  if (text.indexOf('&') === -1) return text;
  return text.replace(/&([a-z]*);/g, (whole, name: string) => (name in NAMED ? NAMED[name]! : whole));
}

/** `_x000D_` and friends: how Excel writes characters XML cannot hold, in shared strings. */
export function decodeExcelEscapes(text: string): string {
  if (text.indexOf('_x') === -1) return text;
  return text.replace(/_x([0-9A-F]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** The attributes of one start tag (the text between `<name` and `>`), decoded. */
export function attributes(tag: string): Map<string, string> {
  const found = new Map<string, string>();
  const re = /([^\s=/]+)\s*=\s*("([^"]*)"|'([^']*)')/g;
  for (let m = re.exec(tag); m; m = re.exec(tag)) found.set(m[1]!, xmlAttr(m[3] ?? m[4] ?? ''));
  return found;
}

/** Start tags named `name` (`<name` followed by space, `/` or `>`), as [start of tag, end of tag (the `>`)]. */
export function* startTags(xml: string, name: string, from = 0, to = xml.length): Generator<[number, number]> {
  const open = `<${name}`;
  for (let at = xml.indexOf(open, from); at !== -1 && at < to; at = xml.indexOf(open, at + open.length)) {
    const next = xml.charCodeAt(at + open.length);
    // space, tab, LF, CR, '/', '>'
    if (next !== 32 && next !== 9 && next !== 10 && next !== 13 && next !== 47 && next !== 62) continue;
    const end = xml.indexOf('>', at);
    if (end === -1) return;
    yield [at, end];
  }
}

/** The text of every `<t>` element in a fragment, concatenated (`<t/>` adds nothing). */
export function texts(xml: string, from: number, to: number): string {
  let text = '';
  for (const [, end] of startTags(xml, 't', from, to)) {
    if (xml.charCodeAt(end - 1) === 47) continue;
    const close = xml.indexOf('</t>', end);
    if (close === -1 || close > to) break;
    text += xmlText(xml.slice(end + 1, close));
  }
  return text;
}
