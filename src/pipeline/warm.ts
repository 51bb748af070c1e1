// What a watch worker does once, after its first build, so that the first form resubmitted after
// `pingyi watch` starts is published as fast as the ones after it. That first build usually has
// nothing to do, so the code a resubmission runs (reading a form, the view models, the templates
// and charts) was never loaded or compiled: the first resubmission took 0.5–1.4 s longer than the
// next ones (district, issue #21). Here that code runs once on the data at hand, keeping nothing.
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { sha256File } from '../base/hash.ts';
import { readInputFile } from '../ingest/read-file.ts';
import { listInputFiles } from '../ingest/read-input.ts';
import { loadDocumentsSettings, resolveDocumentsFile } from '../report/documents-file.ts';
import type { PlannedOutput } from '../report/plan-outputs.ts';
import { createRenderer } from '../report/templates.ts';
import { LARGE_SYSTEM_ORGANIZATIONS, organizationCount, resultPeriods } from '../report/views/shared.ts';
import { loadScheme, resolveSchemeFile } from '../scheme/load.ts';
import type { Scheme } from '../scheme/schema.ts';
import { Store } from '../store/db.ts';
import { buildSkips, type BuildOptions } from './build.ts';
import { acquireLocks, LockBusy } from './lock.ts';
import { warmRenderer } from './render.ts';

/**
 * Loads the printing libraries, reads the newest form in the input folder and plans the newest
 * period's documents, with one document's HTML made. The database is read under its lock, and
 * only when no build holds it: a build never waits for this. A province's plan takes minutes,
 * where a second saved does not matter, so a large system is not planned here.
 */
export async function warmWorker(options: BuildOptions): Promise<void> {
  await warmRenderer();
  const scheme = loadScheme(resolveSchemeFile(options.scheme, options.input)).scheme;
  await readNewestForm(options, scheme);
  const db = resolve(options.db);
  if (!existsSync(db)) return;
  let lock;
  try {
    lock = await acquireLocks([`${db}.lock`], { wait: false });
  } catch (e) {
    if (e instanceof LockBusy) return;
    throw e;
  }
  try {
    await Store.using(db, (store) => planNewestPeriod(store, scheme, options));
  } finally {
    lock.release();
  }
}

/** The form changed last is the one most likely to come back: read as the ingest stage reads it. */
async function readNewestForm(options: BuildOptions, scheme: Scheme): Promise<void> {
  const files = await listInputFiles(options.input, buildSkips(options));
  const forms = await Promise.all(
    files.filter((f) => f.toLowerCase().endsWith('.xlsx')).map(async (path) => ({ path, stat: await stat(path) })),
  );
  const newest = forms.sort((a, b) => b.stat.mtimeMs - a.stat.mtimeMs)[0];
  if (!newest) return;
  const { path, stat: s } = newest;
  await readInputFile({ path, name: path, sha256: sha256File(path), size: s.size, mtime: s.mtime }, scheme, null);
}

async function planNewestPeriod(store: Store, scheme: Scheme, options: BuildOptions): Promise<void> {
  const large = (await organizationCount(store)) > LARGE_SYSTEM_ORGANIZATIONS;
  const period = (await resultPeriods(store)).at(-1);
  if (large || !period) return;
  const { planOutputs } = await import('../report/plan-outputs.ts');
  const planned = await planOutputs(
    store,
    scheme,
    [period],
    createRenderer(options.templates && resolve(options.templates)),
    '',
    {
      branchReports: options.branchReports ?? true,
      byRegion: options.byRegion ?? false,
      documents: loadDocumentsSettings(resolveDocumentsFile(options.documents, options.input)),
    },
  );
  const document = planned.find((p): p is Extract<PlannedOutput, { pdf: unknown }> => 'pdf' in p);
  await document?.pdf.html();
}
