// Periods are half years written 2011H1 / 2011H2 in files and code, shown per the scheme.
import type { Scheme } from './schema.ts';

export interface Period {
  code: string;
  year: number;
  half: 'H1' | 'H2';
}

const PERIOD = /^\s*(\d{4})\s*[Hh]\s*([12])\s*$/;
const CHINESE = /^\s*(\d{4})\s*年?\s*(上|下)\s*半年\s*$/;

/** Accepts 2011H1, 2011h1 and 2011年上半年; returns null for anything else. */
export function parsePeriod(text: string): Period | null {
  const m = PERIOD.exec(text) ?? CHINESE.exec(text);
  if (!m) return null;
  const year = Number(m[1]);
  if (year < 1990 || year > 2100) return null;
  const half = m[2] === '1' || m[2] === '上' ? 'H1' : 'H2';
  return { code: `${year}${half}`, year, half };
}

export function periodLabel(scheme: Scheme, period: Period): string {
  return scheme.periods.label
    .replace('{year}', String(period.year))
    .replace('{half}', scheme.periods.halves[period.half]);
}

/** The last day of the half year, when the forms are due. */
export function periodEnd(period: Period): Date {
  return period.half === 'H1' ? new Date(Date.UTC(period.year, 5, 30)) : new Date(Date.UTC(period.year, 11, 31));
}

export function previousPeriod(period: Period): Period {
  return period.half === 'H2'
    ? { code: `${period.year}H1`, year: period.year, half: 'H1' }
    : { code: `${period.year - 1}H2`, year: period.year - 1, half: 'H2' };
}

const IN_TEXT = /(\d{4})\s*(?:[Hh]\s*([12])|年?\s*(上|下)\s*半年)/;

/** The first period mentioned in a title, a file name or a folder name. */
export function findPeriodIn(text: string): Period | null {
  const m = IN_TEXT.exec(text);
  if (!m) return null;
  return parsePeriod(m[2] ? `${m[1]}H${m[2]}` : `${m[1]}年${m[3]}半年`);
}

/** The first day of the half year. */
export function periodStart(period: Period): Date {
  return new Date(Date.UTC(period.year, period.half === 'H1' ? 0 : 6, 1));
}
