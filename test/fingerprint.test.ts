// Keys cover the code and the templates that make each thing: a change of them redoes what it
// affects, and nothing else, with no format number to bump. Code changes are made in a copy of
// src/ handed to the build as its codeRoot, so the real source is never touched.
import { appendFileSync, cpSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SOURCE_DIR } from '../src/base/hash.ts';
import { build, type BuildOptions, type BuildSummary } from '../src/pipeline/build.ts';
import { DEFAULT_TEMPLATES } from '../src/report/templates.ts';
import { smallInput, tempDir } from './helpers.ts';
import { shareChromiumBetweenBuilds } from './shared-chromium.ts';

let dir: string;
let options: BuildOptions;
let first: BuildSummary;
const quiet = { log: () => undefined };
const pdfs = () => first.outputs.map((o) => o.path).filter((p) => p.endsWith('.pdf'));
const exports = () => first.outputs.map((o) => o.path).filter((p) => !p.endsWith('.pdf'));

let copies = 0;
/** A copy of pingyi's source with a comment added to `file`: the same program, other code. */
function changedSource(file: string): string {
  const root = join(dir, `src-${++copies}`);
  cpSync(SOURCE_DIR, root, { recursive: true });
  appendFileSync(join(root, file), '\n// changed\n');
  return root;
}

/** Adds a comment to a file of the build's templates folder, which changes no PDF. */
function editTemplate(file: string): void {
  appendFileSync(join(options.templates!, file), file.endsWith('.css') ? '\n/* changed */\n' : '\n{{! changed }}\n');
}

shareChromiumBetweenBuilds();

beforeAll(async () => {
  dir = await tempDir('pingyi-fingerprint-');
  const templates = join(dir, 'templates');
  cpSync(DEFAULT_TEMPLATES, templates, { recursive: true });
  options = {
    input: await smallInput(join(dir, 'input'), { periods: ['2011H1'] }),
    output: join(dir, 'output'),
    db: join(dir, 'pingyi.duckdb'),
    templates,
    jobs: 2,
  };
  first = await build(options, quiet);
}, 300_000);

describe('a change of code', () => {
  it('to a reader reads every file again, and then not again', async () => {
    const changed = changedSource('ingest/cells.ts');
    const s = await build({ ...options, codeRoot: changed }, quiet);
    expect(s.ingest.read).toBe(first.ingest.files.length);
    // The same readings score the same: no document or export is made again.
    expect(s.render.made).toEqual([]);
    expect((await build({ ...options, codeRoot: changed }, quiet)).ingest.read).toBe(0);
    // Back to the code that read them first: read again.
    expect((await build(options, quiet)).ingest.read).toBe(first.ingest.files.length);
  }, 120_000);

  it('to the current_* views the models read scores again without reading anything', async () => {
    const s = await build({ ...options, codeRoot: changedSource('store/views.ts') }, quiet);
    expect(s.ingest.read).toBe(0);
    expect(s.score.skipped).toBe(false);
    expect(s.render.made).toEqual([]);
    // Back to the code the results were scored with: scored again.
    expect((await build(options, quiet)).score.skipped).toBe(false);
  }, 120_000);

  it('to the export writer writes every export again and prints nothing', async () => {
    const s = await build({ ...options, codeRoot: changedSource('report/exports.ts') }, quiet);
    expect(s.ingest.read).toBe(0);
    expect(s.score.skipped).toBe(true);
    expect(s.render.made).toEqual(exports().sort());
    expect((await build(options, quiet)).render.made).toEqual(exports().sort());
  }, 120_000);
});

describe('a change of templates', () => {
  it('to one template re-prints only the documents made from it', async () => {
    editTemplate('recommendations.hbs');
    const s = await build(options, quiet);
    expect(s.render.made).toEqual(['2011H1/表彰推荐名单.pdf']);
  }, 120_000);

  it('to the partial every template calls re-prints every document', async () => {
    editTemplate('partials/head.hbs');
    expect((await build(options, quiet)).render.made).toEqual(pdfs().sort());
  }, 300_000);

  it('to the stylesheet every page inlines re-prints every document', async () => {
    editTemplate('style.css');
    expect((await build(options, quiet)).render.made).toEqual(pdfs().sort());
  }, 300_000);
});

describe('the fingerprint module', () => {
  it('is the only place a SHA-256 is computed', () => {
    const hashing = readdirSync(SOURCE_DIR, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') && readFileSync(join(SOURCE_DIR, f), 'utf8').includes('createHash'))
      .sort();
    expect(hashing).toEqual([join('base', 'hash.ts')]);
  });
});
