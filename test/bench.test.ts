// The benchmark's smoke run: the tiny scale end to end, checking the shape of what it
// reports. Never a time limit: the numbers themselves belong to `npm run bench`.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { markdown } from '../scripts/bench/report.ts';
import { bench } from '../scripts/bench/run.ts';
import { tempDir } from './helpers.ts';

describe('npm run bench', () => {
  it('measures cold, unchanged and one-branch-changed builds with the render stage part by part, a watch republishing, and the three limits, as JSON and a Markdown table', async () => {
    const dir = await tempDir('pingyi-bench-');
    const r = await bench('tiny', {
      seed: 7,
      cache: join(dir, 'cache'),
      work: join(dir, 'work'),
      log: () => undefined,
    });
    expect(r.input).toMatchObject({ files: 5, orgs: 3, periods: ['2011H1'] });
    expect(r.cold.summary.stages.ingest.parsed).toBe(5);
    expect(r.unchanged.summary.stages.ingest.parsed).toBe(0);
    expect(r.unchanged.summary.stages.render.made).toEqual([]);
    expect(r.oneBranchChanged.summary.stages.ingest.parsed).toBe(1);
    expect(r.oneBranchChanged.summary.stages.render.made).toEqual(['2011H1/党组织/S0001_第1小学党支部.pdf']);
    // The watch publishes the same branch's second correction.
    expect(r.watch.made).toEqual(['2011H1/党组织/S0001_第1小学党支部.pdf']);
    expect(r.watch.republishMs).toBeGreaterThan(0);
    expect(Object.keys(r.cold.summary.stages.render.profile)).toEqual(
      expect.arrayContaining(['chromium start', 'plan: view model summary', 'write']),
    );
    expect(r.cold.cpuMs).toBeGreaterThan(0);
    // Both readers see the same rows of the same files.
    expect(r.limits.exceljsStreaming.rows).toBe(r.limits.unzipTokenise.rows);
    expect(r.limits.warmPagePrint.documents).toBe(r.cold.summary.outputs.filter((o) => o.path.endsWith('.pdf')).length);
    for (const ratio of Object.values(r.ratios)) expect(Number.isFinite(ratio) && ratio > 0).toBe(true);
    expect(r.cold.peakMemoryMb).toBeGreaterThan(0);
    expect(r.cold.peakIngestScoreMb).toBeGreaterThan(0);
    expect(r.cold.peakIngestScoreMb).toBeLessThanOrEqual(r.cold.peakMemoryMb);
    const table = markdown(r);
    expect(table).toMatch(/^## pingyi bench — tiny: 3 organizations/);
    expect(table).toContain(`Machine: ${r.machine.cores} cores`);
    for (const row of [
      'cold build',
      'no-change rebuild',
      'one branch changed',
      'watch: a resubmitted form published',
      '  render: chromium start',
      'peak memory (PSS), whole process tree, until scoring is done',
      '(a) exceljs streaming',
      '(b) unzip + tokenise',
      '(c) one warm page',
      'ingest ÷ (a)',
      'ingest ÷ (b)',
      'render stage ÷ (c)',
      'problems ×4',
    ])
      expect(table).toContain(`| ${row}`);
  }, 300_000);
});
