// xl/sharedStrings.xml: the text of every string cell, by index. Rich text becomes the
// runs' text joined; phonetic guides (<rPh>, furigana) are left out, as exceljs does.
import { decodeExcelEscapes, startTags, texts } from './xml.ts';

/** An `<si>` with neither text nor runs has no value (exceljs gives it none either). */
export type SharedString = string | null;

export function readSharedStrings(xml: string): SharedString[] {
  const strings: SharedString[] = [];
  for (const [, end] of startTags(xml, 'si')) {
    if (xml.charCodeAt(end - 1) === 47) {
      strings.push(null);
      continue;
    }
    const close = xml.indexOf('</si>', end);
    if (close === -1) break;
    strings.push(itemText(xml, end + 1, close));
  }
  return strings;
}

/** The text of one string item (`<si>` or an inline `<is>`) between `from` and `to`. */
export function itemText(xml: string, from: number, to: number): SharedString {
  let runs: string | null = null;
  let plain: string | null = null;
  // Phonetic runs hold <t> elements of their own; they are skipped by jumping past them.
  for (let at = from; at < to;) {
    const lt = xml.indexOf('<', at);
    if (lt === -1 || lt >= to) break;
    const end = xml.indexOf('>', lt);
    const name = tagName(xml, lt + 1);
    if (name === 'rPh') {
      const close = xml.indexOf('</rPh>', end);
      at = close === -1 ? to : close + 6;
    } else if (name === 'r' && xml.charCodeAt(end - 1) !== 47) {
      const close = xml.indexOf('</r>', end);
      runs = (runs ?? '') + decodeExcelEscapes(texts(xml, end + 1, close));
      at = close + 4;
    } else if (name === 't') {
      const close = xml.charCodeAt(end - 1) === 47 ? end : xml.indexOf('</t>', end);
      plain = decodeExcelEscapes(texts(xml, lt, close === end ? end + 1 : close + 4));
      at = close === end ? end + 1 : close + 4;
    } else at = end + 1;
  }
  return runs ?? plain;
}

function tagName(xml: string, from: number): string {
  let i = from;
  for (; i < xml.length; i++) {
    const c = xml.charCodeAt(i);
    if (c === 32 || c === 62 || c === 47 || c === 9 || c === 10 || c === 13) break;
  }
  return xml.slice(from, i);
}
