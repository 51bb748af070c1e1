// The limits the pipeline is measured against, on the very same files and documents:
// (a) exceljs streaming every row and doing nothing with it; (b) the floor any reader pays,
// inflating the sheet XML straight out of the zip and finding every tag; (c) Chromium
// printing the same HTML documents one after another on one warm page.
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { Printer } from '../../src/pdf/browser.ts';
import { pdfPages } from '../../src/pdf/print-all.ts';

export interface ReadLimit {
  ms: number;
  rows: number;
  files: number;
}

export async function exceljsStreaming(files: string[]): Promise<ReadLimit> {
  const started = performance.now();
  let rows = 0;
  for (const file of files) {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
      sharedStrings: 'cache',
      hyperlinks: 'ignore',
      styles: 'ignore',
      worksheets: 'emit',
      entries: 'emit',
    });
    for await (const sheet of reader) {
      for await (const row of sheet as AsyncIterable<unknown>) if (row) rows += 1;
    }
  }
  return { ms: performance.now() - started, rows, files: files.length };
}

/** The sheet and shared-string parts of a zip, inflated: read from its central directory. */
function sheetParts(zip: Buffer): Buffer[] {
  let eocd = zip.length - 22;
  while (eocd >= 0 && zip.readUInt32LE(eocd) !== 0x06054b50) eocd -= 1;
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const parts: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extra = zip.readUInt16LE(at + 30);
    const comment = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    if (/^xl\/(worksheets\/sheet\d+|sharedStrings)\.xml$/.test(name)) {
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + size);
      parts.push(method === 8 ? inflateRawSync(data) : data);
    }
    at += 46 + nameLength + extra + comment;
  }
  return parts;
}

/** Finds every tag and counts the rows: no attribute is parsed, nothing is kept. */
function tokenise(xml: string): number {
  let rows = 0;
  for (let i = xml.indexOf('<'); i !== -1; i = xml.indexOf('<', xml.indexOf('>', i))) {
    if (xml.startsWith('<row', i) && (xml[i + 4] === ' ' || xml[i + 4] === '>')) rows += 1;
  }
  return rows;
}

export function unzipAndTokenise(files: string[]): ReadLimit {
  const started = performance.now();
  let rows = 0;
  for (const file of files) for (const part of sheetParts(readFileSync(file))) rows += tokenise(part.toString('utf8'));
  return { ms: performance.now() - started, rows, files: files.length };
}

export interface PrintLimit {
  ms: number;
  documents: number;
  pages: number;
}

export async function warmPagePrint(documents: { html: string; landscape: boolean }[]): Promise<PrintLimit> {
  const printer = await Printer.launch();
  try {
    // One document first, so the page and the fonts are warm.
    if (documents[0]) await printer.print(documents[0].html, { landscape: documents[0].landscape });
    const started = performance.now();
    let pages = 0;
    for (const d of documents) pages += pdfPages(await printer.print(d.html, { landscape: d.landscape }));
    return { ms: performance.now() - started, documents: documents.length, pages };
  } finally {
    await printer.close();
  }
}
