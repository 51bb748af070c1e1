import { describe, expect, it } from 'vitest';
import { ExplainedError } from '../src/base/errors.ts';
import { UsageError } from '../src/cli/usage-error.ts';
import { BrowserNotFound } from '../src/pdf/browser.ts';
import { InputFolderMissing } from '../src/pipeline/build.ts';
import { NothingToExport } from '../src/pipeline/export-parquet.ts';
import { LockBusy, LockFolderUnusable } from '../src/pipeline/lock.ts';
import { ForeignOutputFolder, OutputIsMountPoint, OutputNotWritable } from '../src/pipeline/publish.ts';
import { SchemeError } from '../src/scheme/load.ts';
import { OverridesError } from '../src/score/overrides.ts';
import { DatabaseLocked, DatabaseUnusable } from '../src/store/db.ts';
import { MailTemplateError } from '../src/distribute/mail-templates.ts';
import { OfficeError } from '../src/distribute/office.ts';
import { TemplatesError } from '../src/report/templates.ts';
import { OutputChanged } from '../src/distribute/send.ts';
import { NothingPublished } from '../src/pipeline/send.ts';

// README "退出码": 2 = usage, scheme, overrides or folders wrong; 3 = the run failed.
const owner = { pid: 1, host: 'h', processStart: null, since: '2011-07-01T00:00:00Z' };
const errors: [Error, number][] = [
  [new UsageError('x'), 2],
  [new SchemeError('pingyi.yaml', [{ path: 'weights', message: 'x' }]), 2],
  [new OverridesError('x'), 2],
  [new InputFolderMissing('input'), 2],
  [new ForeignOutputFolder('output'), 2],
  [new OutputIsMountPoint('output'), 2],
  [new NothingToExport('x'), 2],
  [new BrowserNotFound(), 3],
  [new LockBusy('output.lock', owner), 3],
  [new LockFolderUnusable('data/pingyi.duckdb.lock', 'x'), 2],
  [new DatabaseLocked('pingyi.duckdb', 'x'), 3],
  [new DatabaseUnusable('评议.xlsx', 'x'), 2],
  [new OutputNotWritable('output', 'ENOSPC'), 3],
  [new OfficeError('x'), 2],
  [new MailTemplateError('x'), 2],
  [new TemplatesError('x'), 2],
  [new NothingPublished('x'), 2],
  [new OutputChanged('x'), 3],
];

describe('every error that can end a run carries its documented exit code', () => {
  it.each(errors.map(([e, code]) => [e.constructor.name, e, code] as const))('%s exits %i', (_name, e, code) => {
    expect(e).toBeInstanceOf(ExplainedError);
    expect((e as ExplainedError).exitCode).toBe(code);
  });
});
