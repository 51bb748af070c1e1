// `pingyi validate`: read and check everything, change nothing.
import type { Scheme } from '../scheme/schema.ts';
import type { FileReading } from './read-file.ts';
import { readInput, type InputSummary } from './read-input.ts';

export interface Validation {
  summary: InputSummary;
  readings: FileReading[];
}

export async function validateInput(
  dir: string,
  scheme: Scheme,
  schemeText: string,
  skip: string[] = [],
): Promise<Validation> {
  const readings: FileReading[] = [];
  const summary = await readInput(
    { dir, scheme, schemeText, skip },
    {
      shouldRead: async () => true,
      onReading: async (r) => {
        // Only what the report needs: the rows themselves are dropped once counted.
        readings.push({ ...r, records: {}, roster: null });
      },
      knownClaims: async () => [],
    },
  );
  return { summary, readings };
}
