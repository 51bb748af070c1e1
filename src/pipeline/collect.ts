// The database as `status` and `send` use it, under the build's locks: `status` first reads the
// files that came into the input folder since the last build (no scoring, no reports), so what
// it shows is the folder now; `send` works from what the last build published and only reads.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadScheme, resolveSchemeFile } from '../scheme/load.ts';
import type { Scheme } from '../scheme/schema.ts';
import { Store } from '../store/db.ts';
import { buildSkips, InputFolderMissing } from './build.ts';
import type { Effects } from './effects.ts';
import { ingest, type LoadSummary } from './ingest.ts';
import { acquireLocks, waitingFor } from './lock.ts';
import { outputLock } from './publish.ts';

export interface CollectOptions {
  input: string;
  output: string;
  db: string;
  scheme?: string;
  wait?: boolean;
  /** Read new and changed files from the input folder first. */
  read: boolean;
}

export async function withDatabase<T>(
  o: CollectOptions,
  effects: Effects,
  work: (store: Store, scheme: Scheme, read: LoadSummary | null) => Promise<T>,
): Promise<T> {
  const input = resolve(o.input);
  if (!existsSync(input)) throw new InputFolderMissing(input);
  const { scheme, text: schemeText } = loadScheme(resolveSchemeFile(o.scheme, o.input));
  const db = resolve(o.db);
  // The output lock too: a build publishing meanwhile would change the files being sent.
  const lock = await acquireLocks([`${db}.lock`, outputLock(resolve(o.output))], {
    wait: o.wait ?? true,
    onWait: (owner) => effects.log(waitingFor(owner)),
  });
  try {
    return await Store.using(db, async (store) => {
      const read = o.read
        ? await ingest({ store, input, scheme, schemeText, skip: buildSkips({ output: o.output, db }) }, effects)
        : null;
      return work(store, scheme, read);
    });
  } finally {
    lock.release();
  }
}
