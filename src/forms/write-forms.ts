// `pingyi forms`: one workbook per organization plus the bureau's, for one period.
import type { Org, Roster } from '../contract/roster.ts';
import type { Period } from '../scheme/period.ts';
import type { Scheme } from '../scheme/schema.ts';
import { buildBranchWorkbook, type BranchFormData } from './branch-form.ts';
import { buildBureauWorkbook, type BureauFormData } from './bureau-form.ts';
import { buildDecisionWorkbook, type DecisionFormData } from './decision-form.ts';
import { awardRound } from '../scheme/awards.ts';
import { distinctFileNames, safeFileName } from './file-name.ts';
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
  /** The committee's decision; without it a blank decision form is written (none when `decisionData` is null). */
  decisionData?: DecisionFormData | null;
  /** File name override, as when a person renamed the file before sending it back. */
  fileName?: (org: Org) => string | undefined;
  /**
   * Write only every `of`-th organization's form from the `index`-th on (the bureau's with
   * part 0), so several processes can share the writing. Every organization's data is still
   * asked for, in order, so a generator's random sequence is the same in each of them.
   */
  part?: { index: number; of: number };
}

export const branchFormFileName = (period: Period, org: Org) =>
  safeFileName([period.code, org.orgId, org.name, '评议表'], 'xlsx');
export const bureauFormFileName = (period: Period) => safeFileName([period.code, '上级考评和领导点评表'], 'xlsx');
export const decisionFormFileName = (period: Period) => safeFileName([period.code, '评先选优审定表'], 'xlsx');

export async function writeForms(o: WriteFormsOptions): Promise<string[]> {
  const written: string[] = [];
  const { index, of } = o.part ?? { index: 0, of: 1 };
  const names = distinctFileNames(o.roster.orgs.map((org) => o.fileName?.(org) ?? branchFormFileName(o.period, org)));
  for (const [i, org] of o.roster.orgs.entries()) {
    const data = o.branchData?.(org);
    if (i % of !== index) continue;
    const wb = await buildBranchWorkbook({
      scheme: o.scheme,
      roster: o.roster,
      org,
      period: o.period,
      generatedAt: o.generatedAt,
      data,
    });
    const file = join(o.outDir, names[i]!);
    await writeWorkbook(wb, file);
    written.push(file);
  }
  if (index !== 0) return written;
  const bureau = await buildBureauWorkbook({
    scheme: o.scheme,
    roster: o.roster,
    period: o.period,
    generatedAt: o.generatedAt,
    data: o.bureauData,
  });
  const file = join(o.outDir, bureauFormFileName(o.period));
  await writeWorkbook(bureau, file);
  written.push(file);
  const round = awardRound(o.scheme, o.period.code);
  if (round && o.decisionData !== null) {
    const decision = await buildDecisionWorkbook({
      scheme: o.scheme,
      period: o.period,
      round,
      generatedAt: o.generatedAt,
      data: o.decisionData ?? undefined,
    });
    const decisionFile = join(o.outDir, decisionFormFileName(o.period));
    await writeWorkbook(decision, decisionFile);
    written.push(decisionFile);
  }
  return written;
}
