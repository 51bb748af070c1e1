// What every form workbook shares: properties, metadata, protection, and the write.
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { META_SHEET } from '../contract/form-layout.ts';
import { writeMetadata, type FormMetadata } from '../contract/form-metadata.ts';
import { protectSheet } from './sheet-writer.ts';

export function newFormWorkbook(subject: string, title: string, now: Date): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'pingyi';
  wb.lastModifiedBy = 'pingyi';
  wb.created = now;
  wb.modified = now;
  wb.subject = subject;
  wb.title = title;
  // Formula cells written without a cached result are computed when the file opens.
  wb.calcProperties = { fullCalcOnLoad: true };
  return wb;
}

/** Adds the hidden metadata and locks every visible sheet; call once, last. */
export async function finishFormWorkbook(wb: ExcelJS.Workbook, meta: FormMetadata): Promise<ExcelJS.Workbook> {
  for (const ws of wb.worksheets) {
    if (ws.name !== META_SHEET) await protectSheet(ws);
  }
  writeMetadata(wb, meta);
  wb.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: 0, visibility: 'visible' }];
  return wb;
}

const LEADING_ENTRIES = [
  '[Content_Types].xml',
  '_rels/.rels',
  'xl/workbook.xml',
  'xl/_rels/workbook.xml.rels',
  'xl/styles.xml',
  'xl/sharedStrings.xml',
];

/**
 * The workbook's bytes with every zip entry dated at the workbook's creation time, so the
 * same workbook written twice is the same file (exceljs would stamp the current time).
 */
export async function workbookBytes(wb: ExcelJS.Workbook): Promise<Buffer> {
  // Stored, not deflated: the entries are compressed once, below.
  const written = await JSZip.loadAsync(await wb.xlsx.writeBuffer({ zip: { compression: 'STORE' } }));
  const date = wb.created;
  const out = new JSZip();
  // The workbook's own parts first, as Excel writes them: exceljs puts xl/workbook.xml last,
  // and its streaming reader then fails on sheets that come before it.
  const entries = Object.values(written.files).filter((e) => !e.dir);
  const rank = (name: string) => {
    const i = LEADING_ENTRIES.indexOf(name);
    return i === -1 ? LEADING_ENTRIES.length : i;
  };
  for (const entry of entries.sort((a, b) => rank(a.name) - rank(b.name))) {
    out.file(entry.name, await entry.async('uint8array'), { date, createFolders: false });
  }
  return out.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 } });
}

export async function writeWorkbook(wb: ExcelJS.Workbook, file: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, await workbookBytes(wb));
}
