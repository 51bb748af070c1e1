// `pingyi validate`: read and check everything, change nothing. The files go through the
// build's own ingest into a database of their own in the temporary folder, removed after,
// so the roster it picks and the versions it reports as superseded are the build's.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FileReading } from '../ingest/read-file.ts';
import type { Scheme } from '../scheme/schema.ts';
import { Store } from '../store/db.ts';
import { ingest, type LoadSummary } from './ingest.ts';

export interface Validation {
  summary: LoadSummary;
  readings: FileReading[];
}

export async function validateInput(
  dir: string,
  scheme: Scheme,
  schemeText: string,
  skip: string[] = [],
): Promise<Validation> {
  const scratch = await mkdtemp(join(tmpdir(), 'pingyi-validate-'));
  try {
    const readings: FileReading[] = [];
    const summary = await Store.using(join(scratch, 'validate.duckdb'), (store) =>
      ingest({
        store,
        input: dir,
        scheme,
        schemeText,
        skip,
        // Only what the report needs: the rows themselves go to the scratch database.
        onReading: (r) => readings.push({ ...r, records: {}, roster: null }),
      }),
    );
    return { summary, readings };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
