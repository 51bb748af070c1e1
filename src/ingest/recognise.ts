// Which form a workbook is, for which period and organization: from the metadata
// `pingyi forms` wrote, or, when a person copied the data into a fresh workbook, from
// sheet names, header signatures, titles, the 说明 facts and the file's path.
import {
  AWARD_DECISIONS,
  ballotSheet,
  DECISION_SHEETS,
  BUREAU_REVIEW,
  bureauSheets,
  branchSheets,
  DAILY_RECORD,
  ROSTER_MEMBERS,
  ROSTER_ORGS,
  ROSTER_SHEETS,
  tallySheet,
  META_SHEET,
  type FormKind,
} from '../contract/form-layout.ts';
import { decodeMetadata, metadataFromValues, type FormMetadata } from '../contract/form-metadata.ts';
import type { Roster } from '../contract/roster.ts';
import { findPeriodIn } from '../scheme/period.ts';
import type { Scheme } from '../scheme/schema.ts';
import { cleanText, normalizeCode } from './cells.ts';
import { fact } from './fields.ts';
import { rosterIndex } from './form-context.ts';
import type { ProblemLog } from '../contract/problem.ts';
import type { SheetBook } from './sheet-book.ts';
import { peekDescription } from './xlsx/index.ts';
import { assignSheets, readTable } from './table.ts';

export interface Recognition {
  kind: FormKind;
  period: string | null;
  orgId: string | null;
  by: 'metadata' | 'signature';
}

/** The metadata from docProps/core.xml without reading the sheets (a cheap first look). */
export function peekMetadata(bytes: Uint8Array): FormMetadata | null {
  return decodeMetadata(peekDescription(bytes));
}

/** Description first; the hidden sheet when a tool dropped the description. */
export function bookMetadata(wb: SheetBook): FormMetadata | null {
  const fromDescription = decodeMetadata(wb.description);
  if (fromDescription) return fromDescription;
  const ws = wb.getSheet(META_SHEET);
  if (!ws) return null;
  const values = new Map<string, string>();
  for (let r = 1; r <= ws.rowCount; r++) {
    const k = ws.value(r, 1);
    const v = ws.value(r, 2);
    if (typeof k === 'string' && v !== null) values.set(k, String(v));
  }
  return metadataFromValues(values);
}

export function recogniseWorkbook(
  wb: SheetBook,
  path: string,
  scheme: Scheme,
  roster: Roster | null,
  log: ProblemLog,
): Recognition | null {
  const meta = bookMetadata(wb);
  const fromPath = findPeriodIn(path)?.code ?? null;
  if (meta) {
    if (meta.period && fromPath && fromPath !== meta.period) {
      log.warn(
        undefined,
        undefined,
        fromPath,
        `文件名或文件夹显示的评议期（${fromPath}）与表内信息（${meta.period}）不一致，按表内信息 ${meta.period} 处理`,
      );
    }
    return { kind: meta.kind, period: meta.period ?? null, orgId: meta.orgId ?? null, by: 'metadata' };
  }
  const kind = kindBySignature(wb, scheme);
  if (!kind) return null;
  if (kind === 'roster') return { kind, period: null, orgId: null, by: 'signature' };
  const period = periodInFacts(wb) ?? periodInTitles(wb) ?? fromPath;
  const orgId = kind === 'branch' ? (orgInFacts(wb) ?? orgInSubtitles(wb) ?? orgByMembers(wb, scheme, roster)) : null;
  if (!period)
    log.error(
      undefined,
      undefined,
      undefined,
      '无法确定评议期：表内没有评议期信息，请在文件名或文件夹名中注明，如 2011H1',
    );
  if (kind === 'branch' && !orgId)
    log.error(
      undefined,
      undefined,
      undefined,
      '无法确定是哪个党组织的评议表：表内没有组织编号，党员编号也对应不上名册',
    );
  return { kind, period, orgId, by: 'signature' };
}

function kindBySignature(wb: SheetBook, scheme: Scheme): FormKind | null {
  const roster = assignSheets(wb, ROSTER_SHEETS);
  if (roster.has(ROSTER_ORGS.name) && roster.has(ROSTER_MEMBERS.name)) return 'roster';
  if (assignSheets(wb, bureauSheets(scheme)).has(BUREAU_REVIEW.name)) return 'bureau';
  if (assignSheets(wb, DECISION_SHEETS).has(AWARD_DECISIONS.name)) return 'decision';
  if (assignSheets(wb, branchSheets(scheme)).size > 0) return 'branch';
  return kindInFacts(wb);
}

/** A 说明 sheet alone (exported on its own): a branch's names its organization, the bureau's the organizations it reviews. */
function kindInFacts(wb: SheetBook): FormKind | null {
  if (fact(wb, '组织编号')) return 'branch';
  return fact(wb, '被考评党组织') ? 'bureau' : null;
}

function periodInFacts(wb: SheetBook): string | null {
  const text = fact(wb, '评议期');
  return text ? (findPeriodIn(text)?.code ?? null) : null;
}

function periodInTitles(wb: SheetBook): string | null {
  for (const ws of wb.sheets) {
    for (let r = 1; r <= Math.min(ws.rowCount, 3); r++) {
      const found = findPeriodIn(cleanText(ws.value(r, 1)));
      if (found) return found.code;
    }
  }
  return null;
}

function orgInFacts(wb: SheetBook): string | null {
  const text = fact(wb, '组织编号');
  return text ? normalizeCode(text) : null;
}

/** Subtitles read 党组织：东湖区城东中学党支部（Z02）. */
function orgInSubtitles(wb: SheetBook): string | null {
  for (const ws of wb.sheets) {
    const m = /党组织：[^（(]*[（(]([A-Za-z0-9_.-]+)[)）]/.exec(cleanText(ws.value(2, 1)));
    if (m) return normalizeCode(m[1]!);
  }
  return null;
}

/** The organization most of the member codes on the form belong to. */
function orgByMembers(wb: SheetBook, scheme: Scheme, roster: Roster | null): string | null {
  if (!roster) return null;
  const { members } = rosterIndex(roster);
  const votes = new Map<string, number>();
  const sheets = assignSheets(wb, branchSheets(scheme));
  for (const spec of [DAILY_RECORD, tallySheet(scheme), ballotSheet(scheme)]) {
    const ws = sheets.get(spec.name);
    const t = ws && readTable(ws, spec);
    if (!t || !t.ok) continue;
    for (const row of t.table.rows) {
      const org = members.get(normalizeCode(row.get('memberId').value))?.orgId;
      if (org) votes.set(org, (votes.get(org) ?? 0) + 1);
    }
  }
  const best = [...votes].sort((a, b) => b[1] - a[1])[0];
  return best ? best[0] : null;
}
