// `pingyi forms`: one workbook per organization plus the bureau's, for one period.
import type { Org, Roster } from '../model/roster.ts';
import type { Period } from '../scheme/period.ts';
import type { Scheme } from '../scheme/schema.ts';
import { buildBranchWorkbook, type BranchFormData } from './branch-form.ts';
import { buildBureauWorkbook, type BureauFormData } from './bureau-form.ts';
import { safeFileName } from './file-name.ts';
import { join } from 'node:path';
import { writeWorkbook } from './workbook.ts';

export interface WriteFormsOptions {
  scheme: Scheme;
  roster: Roster;
  period: Period;
  outDir: string;
  generatedAt: Date;
  /** Filled values (the sample generator); absent = blank forms. */
  branchData?: (org: Org) => BranchFormData | undefined;
  bureauData?: BureauFormData;
  /** File name override, as when a person renamed the file before sending it back. */
  fileName?: (org: Org) => string | undefined;
}

export const branchFormFileName = (period: Period, org: Org) => safeFileName([period.code, org.orgId, org.name, '评议表'], 'xlsx');
export const bureauFormFileName = (period: Period) => safeFileName([period.code, '上级考评和领导点评表'], 'xlsx');

export async function writeForms(o: WriteFormsOptions): Promise<string[]> {
  const written: string[] = [];
  for (const org of o.roster.orgs) {
    const wb = await buildBranchWorkbook({ scheme: o.scheme, roster: o.roster, org, period: o.period, generatedAt: o.generatedAt, data: o.branchData?.(org) });
    const file = join(o.outDir, o.fileName?.(org) ?? branchFormFileName(o.period, org));
    await writeWorkbook(wb, file);
    written.push(file);
  }
  const bureau = await buildBureauWorkbook({ scheme: o.scheme, roster: o.roster, period: o.period, generatedAt: o.generatedAt, data: o.bureauData });
  const file = join(o.outDir, bureauFormFileName(o.period));
  await writeWorkbook(bureau, file);
  written.push(file);
  return written;
}
