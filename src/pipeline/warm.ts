// What a watch worker does once, after its first build, so that the first form resubmitted after
// `pingyi watch` starts is published as fast as the ones after it. That first build usually has
// nothing to do, so the code a resubmission runs (reading a form against the roster, the view
// models, the templates and charts) was never loaded or compiled: the first resubmission took
// 0.5–1.4 s longer than the next ones (district, issue #21). Here that code runs once on the data
// at hand, keeping nothing.
import { existsSync, readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { FileCache } from '../ingest/file-cache.ts';
import { listInputFiles, readInput } from '../ingest/read-input.ts';
import { peekMetadata } from '../ingest/recognise.ts';
import type { PlannedOutput } from '../report/plan-outputs.ts';
import { createRenderer } from '../report/templates.ts';
import { organizationCount, resultPeriods } from '../report/views/shared.ts';
import { newestFirst } from '../store/views.ts';
import { Store } from '../store/db.ts';
import { buildSettings, buildSkips, type BuildOptions } from './build.ts';
import { acquireLocks, LockBusy } from './lock.ts';
import { renderChoices, warmRenderer } from './render.ts';

/**
 * Up to how many organizations the newest period is planned. The plan grows with them (district,
 * 60: ~1 s) and holds the database's lock, which a build started meanwhile waits for: above this,
 * it would cost the office more waiting than it saves.
 */
const WARM_PLAN_MAX_ORGANIZATIONS = 300;

/** What was warmed, or why not. */
export type Warmed = { form: string | null; period: string | null } | { skipped: string };

/**
 * Loads the printing libraries; then, under the database's lock and only when no build holds
 * it (a build never waits for this), reads the newest form in the input folder as the ingest
 * stage reads it, against the roster, and plans the newest period's documents with one
 * document's HTML made. Stops between steps once `stop` is aborted (a build is waiting).
 */
export async function warmWorker(options: BuildOptions, stop: AbortSignal): Promise<Warmed> {
  await warmRenderer();
  const db = resolve(options.db);
  if (!existsSync(db)) return { skipped: '还没有数据库' };
  let lock;
  try {
    lock = await acquireLocks([`${db}.lock`], { wait: false });
  } catch (e) {
    if (e instanceof LockBusy) return { skipped: '数据库正被另一个生成使用' };
    throw e;
  }
  try {
    const settings = buildSettings(options);
    return await Store.using(db, async (store) => {
      if ((await organizationCount(store)) > WARM_PLAN_MAX_ORGANIZATIONS)
        return { skipped: `党组织超过 ${WARM_PLAN_MAX_ORGANIZATIONS} 个` };
      if (stop.aborted) return { skipped: '有新的生成' };
      const form = await readNewestForm(store, options, settings);
      if (stop.aborted) return { skipped: '有新的生成' };
      const period = await planNewestPeriod(store, options, settings);
      return { form, period };
    });
  } finally {
    lock.release();
  }
}

type Settings = ReturnType<typeof buildSettings>;

/**
 * The form changed last, the one most likely to come back, read by readInput with nothing kept:
 * against the roster, which is read for it as a build reads it. Not the roster itself, when that
 * is newer: it is read against nothing.
 */
async function readNewestForm(store: Store, options: BuildOptions, settings: Settings): Promise<string | null> {
  const input = resolve(options.input);
  const skip = buildSkips(options);
  const workbooks = await Promise.all(
    (await listInputFiles(input, skip))
      .filter((path) => path.toLowerCase().endsWith('.xlsx'))
      .map(async (path) => ({ path, mtime: (await stat(path)).mtimeMs })),
  );
  const newest = workbooks
    .sort((a, b) => b.mtime - a.mtime)
    .find(({ path }) => peekMetadata(readFileSync(path))?.kind !== 'roster')?.path;
  if (!newest) return null;
  let read: string | null = null;
  await readInput(
    {
      dir: input,
      scheme: settings.scheme,
      schemeText: settings.schemeText,
      skip,
      codeRoot: options.codeRoot,
      // The build's cache, read and never saved: only the build that reads the folder keeps what it learns.
      cache: new FileCache(`${resolve(options.db)}.files.json`),
    },
    {
      shouldRead: async (file) => file.path === newest,
      onReading: async (reading) => {
        read = reading.file.name;
      },
      knownClaims: async () => [],
      newestFirst: (files) => newestFirst(store, files, new Date()),
    },
  );
  return read;
}

/** The newest period the build renders, planned as the render stage plans it; one document's HTML made. */
async function planNewestPeriod(store: Store, options: BuildOptions, settings: Settings): Promise<string | null> {
  const period = (await resultPeriods(store)).filter((p) => !options.periods || options.periods.includes(p)).at(-1);
  if (!period) return null;
  const { branchReports, byRegion } = await renderChoices(store, options);
  const { planOutputs } = await import('../report/plan-outputs.ts');
  const planned = await planOutputs(
    store,
    settings.scheme,
    [period],
    createRenderer(options.templates && resolve(options.templates)),
    '',
    { branchReports, byRegion, documents: settings.documents, codeRoot: options.codeRoot },
  );
  await planned.find((p): p is Extract<PlannedOutput, { pdf: unknown }> => 'pdf' in p)?.pdf.html();
  return period;
}
