import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const lineCount = (file: string) => readFileSync(file, 'utf8').trimEnd().split('\n').length;

describe('the command line is one file per command', () => {
  it('main.ts only registers commands, in under 80 lines', () => {
    expect(lineCount('src/cli/main.ts')).toBeLessThan(80);
  });

  it('each command, options and handler, fits in a file of at most 80 lines', () => {
    const files = readdirSync('src/cli/commands').filter((f) => f.endsWith('.ts'));
    expect(files).toEqual(expect.arrayContaining(['forms.ts', 'build.ts', 'watch.ts', 'export.ts']));
    const tooLong = files
      .map((file) => ({ file, lines: lineCount(join('src/cli/commands', file)) }))
      .filter((c) => c.lines > 80);
    expect(tooLong).toEqual([]);
  });
});
