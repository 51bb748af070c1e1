// The benchmark's input sizes (issue #7).
export interface Scale {
  orgs: number;
  members: number;
  periods: string[];
  /** Share of branches sending one ballot per row instead of a tally. */
  electronicShare: number;
}

export const SCALES: Record<string, Scale> = {
  tiny: { orgs: 3, members: 60, periods: ['2011H1'], electronicShare: 0 },
  district: { orgs: 60, members: 1500, periods: ['2010H2', '2011H1'], electronicShare: 0 },
  city: { orgs: 600, members: 15000, periods: ['2011H1'], electronicShare: 0.5 },
  province: { orgs: 6000, members: 150000, periods: ['2011H1'], electronicShare: 1 },
};
