// Reads CSV files the way Chinese offices send them: GBK from Excel on Chinese Windows, UTF-8
// with or without BOM from "CSV UTF-8", WPS and survey tools, UTF-16 from "Unicode text".
// The encoding is read from the bytes, never guessed from the file extension.
import iconv from 'iconv-lite';
import { readFile } from 'node:fs/promises';
import Papa from 'papaparse';
import { MAX_ROWS, TOO_MANY_ROWS } from './limits.ts';

export type CsvEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'gb18030';

export interface CsvTable {
  rows: string[][];
  /** 1-based line number in the file where each row starts */
  lines: number[];
  delimiter: string;
}

const BOMS: [CsvEncoding, number[]][] = [
  ['utf-8-bom', [0xef, 0xbb, 0xbf]],
  ['utf-16le', [0xff, 0xfe]],
  ['utf-16be', [0xfe, 0xff]],
];

/** Text files never contain 0x00, but every ASCII character in UTF-16 leaves one in the same half of its pair. */
function utf16WithoutBom(bytes: Uint8Array): CsvEncoding | undefined {
  const sample = bytes.subarray(0, 4096);
  let even = 0;
  let odd = 0;
  for (let i = 0; i < sample.length; i++) {
    if (sample[i] !== 0) continue;
    if (i % 2 === 0) even++;
    else odd++;
  }
  // Zeros in the other half come from CJK code points such as 一 (U+4E00), which are far
  // rarer than the ASCII delimiters and line breaks of a CSV.
  const enough = sample.length / 40;
  if (odd >= enough && odd > even * 2) return 'utf-16le';
  if (even >= enough && even > odd * 2) return 'utf-16be';
  return undefined;
}

export function detectCsvEncoding(bytes: Uint8Array): CsvEncoding {
  const bom = BOMS.find(([, mark]) => mark.every((b, i) => bytes[i] === b));
  if (bom) return bom[0];
  const utf16 = utf16WithoutBom(bytes);
  if (utf16) return utf16;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return 'utf-8';
  } catch {
    // GB18030 contains GBK and GB2312, and also the rare characters found in some names.
    return 'gb18030';
  }
}

/** The decoders drop the BOM themselves. */
export function decodeCsv(bytes: Uint8Array): { text: string; encoding: CsvEncoding } {
  const encoding = detectCsvEncoding(bytes);
  const text =
    encoding === 'gb18030' || encoding === 'utf-16be'
      ? iconv.decode(bytes, encoding)
      : new TextDecoder(encoding === 'utf-16le' ? 'utf-16le' : 'utf-8').decode(bytes);
  return { text, encoding };
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/g;
/** `??`: what a character set without Chinese writes for each character it cannot hold. */
const QUESTION_MARKS = /\?{2,}/g;
/**
 * A Chinese character's three UTF-8 bytes read one by one as Windows-1252 (or Latin-1):
 * a lead byte E3-E9 (ã-é) and a continuation byte 80-BF, which that character set shows as
 * a symbol or an accented letter (`æ—¥` for 日).
 */
const MOJIBAKE =
  /[\u00e3-\u00e9][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]/g;

const matched = (text: string, re: RegExp) => (text.match(re) ?? []).join('').length;

/**
 * How a non-Chinese character set destroyed the text, when it did. A form is mostly Chinese
 * (its headers, names, titles): more "?" in runs, or more UTF-8 read as Latin-1, than Chinese
 * characters means the Chinese was lost on export. (Counted, not just found: a Latin-1 file
 * taken for GBK can show a few stray Chinese characters.)
 */
export function destroyedEncoding(text: string): 'question-marks' | 'mojibake' | null {
  const chinese = matched(text, CJK);
  if (matched(text, MOJIBAKE) > 2 * chinese + 4) return 'mojibake';
  if (matched(text, QUESTION_MARKS) > chinese + 4) return 'question-marks';
  return null;
}

export function parseCsv(text: string): { ok: true; table: CsvTable } | { ok: false; reason: string } {
  // Papa expects one line-break style per file; files that went through several hands mix them.
  const input = text.replace(/\r\n?/g, '\n');
  if (lastLine(input) > MAX_ROWS) return { ok: false, reason: TOO_MANY_ROWS };
  // Guessed in a pass of its own that skips blank lines, which would otherwise spoil the guess.
  // A single-column file gets Papa's default ',' and its UndetectableDelimiter is harmless.
  const { delimiter } = Papa.parse<string[]>(input, {
    preview: 1,
    newline: '\n',
    skipEmptyLines: 'greedy',
    delimitersToGuess: [',', ';', '\t', '|'],
  }).meta;

  // Rows arrive in order, so counting line breaks only forward scans the text once.
  let counted = 0;
  let line = 1;
  const lineAt = (offset: number): number => {
    for (; counted < offset; counted++) if (input[counted] === '\n') line++;
    return line;
  };

  const rows: string[][] = [];
  const lines: number[] = [];
  let failure: string | undefined;
  let rowStart = 0;
  Papa.parse<string[]>(input, {
    delimiter,
    newline: '\n',
    step: ({ data, errors, meta }, parser) => {
      const start = rowStart;
      rowStart = meta.cursor;
      const error = errors[0];
      if (error) {
        // With a fixed delimiter and no header row, Papa reports only quote errors.
        const problem = error.code === 'MissingQuotes' ? '引号未闭合' : '引号后面紧跟了其他字符';
        failure = `${problem}（第 ${lineAt(error.index ?? start)} 行）`;
        parser.abort();
      } else if (data.some((cell) => cell.trim() !== '')) {
        rows.push(data.map((cell) => cell.trim()));
        lines.push(lineAt(start));
      }
    },
  });
  if (failure) return { ok: false, reason: failure };
  if (rows.length === 0) return { ok: false, reason: '文件是空的' };
  return { ok: true, table: { rows, lines, delimiter } };
}

/** The number of the last line that is not blank, counted before parsing so an oversized file costs little. */
function lastLine(text: string): number {
  let end = text.length;
  while (end > 0 && /\s/.test(text[end - 1]!)) end--;
  let lines = 1;
  for (let at = text.indexOf('\n'); at !== -1 && at < end; at = text.indexOf('\n', at + 1)) lines++;
  return lines;
}

export async function readCsvFile(
  path: string,
): Promise<{ ok: true; table: CsvTable; encoding: CsvEncoding } | { ok: false; reason: string }> {
  const { text, encoding } = decodeCsv(await readFile(path));
  const parsed = parseCsv(text);
  return parsed.ok ? { ...parsed, encoding } : parsed;
}
