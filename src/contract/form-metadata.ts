// Hidden metadata that lets ingest recognise a form whatever its file name. It is
// written twice: in the document description (kept by Excel, WPS and LibreOffice,
// unlike keywords, whose separators LibreOffice rewrites) and on a hidden sheet
// (LibreOffice turns veryHidden into hidden, which is still readable).
import type ExcelJS from 'exceljs';
import { FORM_KINDS, META_SHEET, type FormKind } from './form-layout.ts';

export const METADATA_FORMAT = 1;
const PREFIX = `pingyi:${METADATA_FORMAT}`;

export interface FormMetadata {
  kind: FormKind;
  schemeId: string;
  schemeVersion: string;
  /** Period code such as 2011H1; absent on the roster. */
  period?: string;
  /** The organization a branch form belongs to. */
  orgId?: string;
  generatedAt: string;
}

const FIELDS: [keyof FormMetadata, string][] = [
  ['kind', 'kind'],
  ['period', 'period'],
  ['orgId', 'org'],
  ['schemeId', 'scheme'],
  ['schemeVersion', 'schemeVersion'],
  ['generatedAt', 'generated'],
];

/** One line of space-separated key=value pairs, values URI-encoded. */
export function encodeMetadata(meta: FormMetadata): string {
  const pairs = FIELDS.filter(([k]) => meta[k] !== undefined).map(
    ([k, name]) => `${name}=${encodeURIComponent(String(meta[k]))}`,
  );
  return [PREFIX, ...pairs].join(' ');
}

export function decodeMetadata(text: string | undefined | null): FormMetadata | null {
  if (!text) return null;
  const tokens = text.trim().split(/[\s;]+/);
  if (tokens[0] !== PREFIX) return null;
  const values = new Map<string, string>();
  for (const token of tokens.slice(1)) {
    const eq = token.indexOf('=');
    if (eq > 0) values.set(token.slice(0, eq), safeDecode(token.slice(eq + 1)));
  }
  return metadataFromValues(values);
}

/** Metadata from the hidden sheet's key/value rows. */
export function metadataFromValues(values: Map<string, string>): FormMetadata | null {
  const kind = values.get('kind');
  if (!kind || !(FORM_KINDS as readonly string[]).includes(kind)) return null;
  const meta: FormMetadata = {
    kind: kind as FormKind,
    schemeId: values.get('scheme') ?? '',
    schemeVersion: values.get('schemeVersion') ?? '',
    generatedAt: values.get('generated') ?? '',
  };
  const period = values.get('period');
  const orgId = values.get('org');
  if (period) meta.period = period;
  if (orgId) meta.orgId = orgId;
  return meta;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function writeMetadata(wb: ExcelJS.Workbook, meta: FormMetadata): void {
  wb.description = encodeMetadata(meta);
  const ws = wb.addWorksheet(META_SHEET, { state: 'veryHidden' });
  ws.addRow(['pingyi 表单元数据，请勿修改或删除本工作表']);
  for (const [k, name] of FIELDS) {
    if (meta[k] !== undefined) ws.addRow([name, String(meta[k])]);
  }
}
