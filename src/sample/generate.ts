// Writes the sample input that ships in input/: the roster and two periods of filled
// forms, through the same writers `pingyi forms` uses.
import { join } from 'node:path';
import { rm } from 'node:fs/promises';
import type { Code } from '../base/hash.ts';
import { buildRosterWorkbook } from '../forms/roster-form.ts';
import { writeForms, type WriteFormsOptions } from '../forms/write-forms.ts';
import { writeWorkbook } from '../forms/workbook.ts';
import { parsePeriod, type Period } from '../scheme/period.ts';
import type { Scheme } from '../scheme/schema.ts';
import type { Org, Roster } from '../contract/roster.ts';
import { emptyCarried, type Ledger } from './campaign.ts';
import { fillBranch, fillBureau, type SampleQuirks } from './fill.ts';
import { sampleDecision, sampleProposals } from './awards.ts';
import { Random } from './random.ts';
import { makeSystem, syntheticPlan, type SampleSystem } from './system.ts';

/**
 * The code what the generator writes comes from: its own, the form writers it uses with the
 * contract and scheme they follow, and the workbook libraries. Generated input is cached under
 * its fingerprint (the bench's synthetic systems, the tests' small inputs).
 */
export const GENERATOR_CODE: Code = {
  source: ['sample', 'forms', 'contract', 'scheme'],
  packages: ['exceljs', 'jszip'],
};

export const SAMPLE_SEED = 20100705;
const SIDE_SEED = 16;
export const SAMPLE_PERIODS = ['2010H2', '2011H1'];
export const ROSTER_FILE_NAME = '党组织和党员名册.xlsx';

/** Files people renamed before sending them back (ingest must still recognise them). */
const RENAMED: Record<string, Record<string, string>> = {
  '2011H1': { X02: '光明小学2011上半年创先争优（定稿）.xlsx', Y01: '红星幼儿园评议表-最终版.xlsx' },
  '2010H2': { V01: '职校党支部2010下半年评议.xlsx' },
};

export interface SampleOptions {
  scheme: Scheme;
  outDir: string;
  seed?: number;
  /** Removes the files a previous run wrote first. */
  clean?: boolean;
  /** Only these organizations (and their members): a small input for tests. */
  orgs?: string[];
  /** Only these of the sample periods. */
  periods?: string[];
  /** Changes the system before anything is written, so roster and forms agree: tests give it hostile names. */
  adjust?: (system: SampleSystem) => void;
}

function onlyOrgs(roster: Roster, orgIds: string[]): Roster {
  const members = roster.members.filter((m) => orgIds.includes(m.orgId));
  return {
    orgs: roster.orgs.filter((o) => orgIds.includes(o.orgId)),
    members,
    sanctions: roster.sanctions.filter((s) => members.some((m) => m.memberId === s.memberId)),
  };
}

export async function generateSample(o: SampleOptions): Promise<string[]> {
  const rng = new Random(o.seed ?? SAMPLE_SEED);
  const sys = makeSystem(rng);
  if (o.orgs) sys.roster = onlyOrgs(sys.roster, o.orgs);
  o.adjust?.(sys);
  const periods = SAMPLE_PERIODS.filter((p) => !o.periods || o.periods.includes(p));
  const lowTrust = sys.roster.members.find((m) => m.orgId === 'Z02' && m.status === 'full' && !m.partyWorker);
  if (lowTrust) sys.memberQuality.set(lowTrust.memberId, -2.6);

  if (o.clean) {
    await rm(join(o.outDir, ROSTER_FILE_NAME), { force: true });
    for (const p of SAMPLE_PERIODS) await rm(join(o.outDir, p), { recursive: true, force: true });
  }
  return writeSystem(
    o.scheme,
    sys,
    rng,
    o.outDir,
    periods,
    (code) => {
      const latest = code === SAMPLE_PERIODS[SAMPLE_PERIODS.length - 1];
      return {
        electronicBallots: new Set(latest ? ['V01'] : []),
        lowTurnout: new Set(latest ? [] : ['Y02']),
        excellentOverLimit: true,
        ...(latest && {
          misspeltName: { orgId: 'X02', memberIndex: 4 },
          tallyOverReturned: { orgId: 'Z02', memberIndex: 2 },
          scoreWithUnit: { orgId: 'X03', memberIndex: 3 },
          pairOverAge: 'Z03',
          blankReview: 'Y02',
          unkeptPromise: { orgId: 'Z02', memberIndex: 11 },
        }),
      };
    },
    { fileName: (code, org) => RENAMED[code]?.[org.orgId] },
  );
}

/** The roster and each period's filled forms, through the writers `pingyi forms` uses. */
async function writeSystem(
  scheme: Scheme,
  sys: SampleSystem,
  rng: Random,
  outDir: string,
  periods: string[],
  quirksFor: (period: string) => SampleQuirks,
  o: {
    fileName?: (period: string, org: Org) => string | undefined;
    part?: WriteFormsOptions['part'];
    /** The committee's decision form: the benchmark has none. */
    decision?: false;
  } = {},
): Promise<string[]> {
  const written: string[] = [];
  // The campaign's records come from a stream of their own: the ballots stay as they were drawn.
  const side = new Random(SIDE_SEED);
  let from: Ledger['from'] = null;
  if ((o.part?.index ?? 0) === 0) {
    const rosterFile = join(outDir, ROSTER_FILE_NAME);
    await writeWorkbook(await buildRosterWorkbook(scheme, new Date(Date.UTC(2010, 6, 5)), sys.roster), rosterFile);
    written.push(rosterFile);
  }
  for (const code of periods) {
    const period = parsePeriod(code) as Period;
    const quirks = quirksFor(code);
    const ledger: Ledger = { from, into: emptyCarried(code) };
    written.push(
      ...(await writeForms({
        scheme,
        roster: sys.roster,
        period,
        outDir: join(outDir, code),
        generatedAt: new Date(Date.UTC(period.year, period.half === 'H1' ? 5 : 11, 1)),
        branchData: (org) => ({
          ...fillBranch(scheme, sys, org, period, rng, quirks, side, ledger),
          ...sampleProposals(scheme, sys, org, period),
        }),
        bureauData: fillBureau(scheme, sys, period, rng, '刘建国', side, quirks.blankReview),
        decisionData: o.decision === false ? null : (sampleDecision(scheme, sys, period) ?? null),
        fileName: (org) => o.fileName?.(code, org),
        part: o.part,
      })),
    );
    from = ledger.into;
  }
  return written;
}

export interface SyntheticOptions {
  scheme: Scheme;
  outDir: string;
  seed: number;
  orgs: number;
  members: number;
  periods: string[];
  /** Share of branches that send one ballot per row (electronic) instead of a tally. */
  electronicShare: number;
  /** This process's share of the writing (see writeForms); the same files whichever share writes them. */
  part?: WriteFormsOptions['part'];
}

/** Benchmark input of any size: the roster and filled forms, through the writers `pingyi forms` uses. */
export async function generateSynthetic(o: SyntheticOptions): Promise<string[]> {
  const rng = new Random(o.seed);
  const sys = makeSystem(rng, syntheticPlan(rng, o.orgs, o.members));
  const electronic = new Set(sys.roster.orgs.filter(() => rng.chance(o.electronicShare)).map((org) => org.orgId));
  return writeSystem(
    o.scheme,
    sys,
    rng,
    o.outDir,
    o.periods,
    () => ({ electronicBallots: electronic, lowTurnout: new Set() }),
    { part: o.part, decision: false },
  );
}
