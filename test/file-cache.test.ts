// The stat cache (ingest/file-cache.ts): an input file whose size, times and inode are those
// recorded is not read at all, and neither is the roster while nothing needs it.
import { statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { sha256 } from '../src/base/hash.ts';
import * as hash from '../src/base/hash.ts';
import type { Roster } from '../src/contract/roster.ts';
import { FileCache } from '../src/ingest/file-cache.ts';
import * as readFile from '../src/ingest/read-file.ts';
import { build, type Effects } from '../src/pipeline/build.ts';
import { openWorkbook, scheme, smallInput, tempDir } from './helpers.ts';
import { shareChromiumBetweenBuilds } from './shared-chromium.ts';

vi.mock('../src/base/hash.ts', async (original) => {
  const actual = await original<typeof import('../src/base/hash.ts')>();
  return { ...actual, sha256File: vi.fn(actual.sha256File) };
});
vi.mock('../src/ingest/read-file.ts', async (original) => {
  const actual = await original<typeof import('../src/ingest/read-file.ts')>();
  return { ...actual, readInputFile: vi.fn(actual.readInputFile) };
});

const hashed = () => vi.mocked(hash.sha256File).mock.calls.map(([path]) => path);
const quiet: Effects = { log: () => undefined };

shareChromiumBetweenBuilds();

describe('the stat cache', () => {
  let dir: string;
  let file: string;
  let cacheFile: string;
  // Three seconds after the file was written: no longer too recent to trust.
  const later = () => statSync(file).ctimeMs + 3000;

  beforeEach(async () => {
    dir = await tempDir('pingyi-file-cache-');
    file = join(dir, 'a.xlsx');
    cacheFile = join(dir, 'cache.json');
    writeFileSync(file, 'first content');
    vi.mocked(hash.sha256File).mockClear();
  });

  it('takes the SHA-256 of a file whose stat is the one recorded from the cache, without reading the file', () => {
    const first = new FileCache(cacheFile, false, later);
    expect(first.sha256(file).sha256).toBe(sha256('first content'));
    first.save();
    vi.mocked(hash.sha256File).mockClear();
    expect(new FileCache(cacheFile, false, later).sha256(file).sha256).toBe(sha256('first content'));
    expect(hashed()).toEqual([]);
  });

  it('hashes a file again when its content changed, even of the same size with its modification time put back', () => {
    const first = new FileCache(cacheFile, false, later);
    first.sha256(file);
    first.save();
    const { atime, mtime } = statSync(file);
    writeFileSync(file, 'other content');
    utimesSync(file, atime, mtime);
    expect(new FileCache(cacheFile, false, later).sha256(file).sha256).toBe(sha256('other content'));
  });

  it('does not trust a file hashed within two seconds of its last write: a second write in the same tick keeps its times', () => {
    const first = new FileCache(cacheFile, false, () => statSync(file).ctimeMs + 500);
    first.sha256(file);
    first.save();
    vi.mocked(hash.sha256File).mockClear();
    new FileCache(cacheFile, false, later).sha256(file);
    expect(hashed()).toEqual([file]);
  });

  it('gives back the roster kept under the same key as it was read, none under another key or to a forced build', () => {
    const roster = {
      orgs: [{ orgId: 'J01', name: '机关党支部' }],
      members: [{ memberId: 'J01-001', name: '张三', birthDate: new Date('1980-02-29'), joinDate: null }],
      sanctions: [],
    } as unknown as Roster;
    const first = new FileCache(cacheFile, false, later);
    first.setRoster('key-1', roster);
    first.save();
    const kept = new FileCache(cacheFile, false, later).roster('key-1');
    expect(kept).toEqual(roster);
    expect(kept!.members[0]!.birthDate).toBeInstanceOf(Date);
    expect(new FileCache(cacheFile, false, later).roster('key-2')).toBeUndefined();
    expect(new FileCache(cacheFile, true, later).roster('key-1')).toBeUndefined();
  });

  it('hashes everything again when told to start fresh (a forced build), and keeps what it learns', () => {
    const first = new FileCache(cacheFile, false, later);
    first.sha256(file);
    first.save();
    vi.mocked(hash.sha256File).mockClear();
    const fresh = new FileCache(cacheFile, true, later);
    fresh.sha256(file);
    fresh.save();
    new FileCache(cacheFile, false, later).sha256(file);
    expect(hashed()).toEqual([file]);
  });
});

describe('a build where nothing changed', () => {
  it('hashes no input file and reads none, the roster included; a changed form is hashed and read alone, against the roster as an earlier build read it', async () => {
    const dir = await tempDir('pingyi-file-cache-build-');
    const input = await smallInput(join(dir, 'input'), { orgs: ['J01', 'X01'], periods: ['2011H1'] });
    const options = { input, output: join(dir, 'output'), db: join(dir, 'data', 'pingyi.duckdb') };
    // Older than two seconds before the first build hashes them: trusted by the next.
    await sleep(2100);
    await build(options, quiet);
    vi.mocked(hash.sha256File).mockClear();
    vi.mocked(readFile.readInputFile).mockClear();
    const again = await build(options, quiet);
    expect(again.ingest.skipped).toBe(again.ingest.files.length);
    expect(hashed().filter((p) => p.startsWith(input))).toEqual([]);
    expect(readFile.readInputFile).not.toHaveBeenCalled();
    expect(again.ingest.roster).toBeNull();

    // A branch sends a corrected form: one comment changed.
    const form = again.ingest.files.find((f) => /_X01_/.test(f.name))!;
    const wb = await openWorkbook(form.path);
    wb.getWorksheet('意见建议')!.getCell('B4').value = '希望多组织教研活动（更正）';
    await wb.xlsx.writeFile(form.path);
    vi.mocked(hash.sha256File).mockClear();
    const changed = await build(options, quiet);
    expect(changed.ingest.read).toBe(1);
    expect(hashed().filter((p) => p.startsWith(input))).toEqual([form.path]);
    // Checked against the roster as the first build read it, kept beside the database: the
    // roster file is not read again.
    const calls = vi.mocked(readFile.readInputFile).mock.calls;
    expect(calls.map(([f]) => f.name)).toEqual([form.name]);
    const rosterFile = again.ingest.files.find((f) => f.name === changed.ingest.rosterFile)!;
    const fresh = await readFile.readInputFile(rosterFile, scheme, null);
    expect(calls[0]![2]).toEqual(fresh.roster!.roster);
    expect(calls[0]![2]!.members.length).toBeGreaterThan(10);

    // The kept roster damaged: read from its file again, and kept again.
    writeFileSync(`${options.db}.files.json.roster`, 'not a roster');
    wb.getWorksheet('意见建议')!.getCell('B4').value = '希望多组织教研活动（再次更正）';
    await wb.xlsx.writeFile(form.path);
    vi.mocked(readFile.readInputFile).mockClear();
    await build(options, quiet);
    expect(vi.mocked(readFile.readInputFile).mock.calls.map(([f]) => f.name)).toEqual([rosterFile.name, form.name]);
    wb.getWorksheet('意见建议')!.getCell('B4').value = '希望多组织教研活动（第三次更正）';
    await wb.xlsx.writeFile(form.path);
    vi.mocked(readFile.readInputFile).mockClear();
    await build(options, quiet);
    expect(vi.mocked(readFile.readInputFile).mock.calls.map(([f]) => f.name)).toEqual([form.name]);
  }, 300_000);
});
