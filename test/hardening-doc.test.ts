// docs/hardening.md names, for every case, the test that proves it: each name must be a test
// that exists, in the files its section is about.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const SECTIONS: Record<string, string[]> = {
  坏输入: ['test/bad-input.test.ts'],
  单元格里的恶意内容: ['test/hostile-content.test.ts', 'test/file-name.test.ts'],
  故障: ['test/build-processes.test.ts', 'test/faults.test.ts', 'test/build.test.ts'],
};

/** The names given to `fn(...)` in a test file, as patterns: `${…}` in a template literal matches anything. */
function names(source: string, fn: 'describe' | 'it'): RegExp[] {
  const found = [...source.matchAll(new RegExp(`\\b${fn}\\((['"\`])((?:\\\\.|(?!\\1).)*)\\1`, 'g'))].map((m) =>
    m[2]!.replace(/\\(.)/g, '$1'),
  );
  return found.map(
    (n) =>
      new RegExp(
        `^${n
          .split(/\$\{[^}]*\}/)
          .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
          .join('.+')}$`,
      ),
  );
}

/** The last column of every row of the tables headed 情形 | 预期行为 | 测试, in one section. */
function testColumn(doc: string, section: string): string[] {
  const text = doc.slice(doc.indexOf(`## ${section}\n`)).split(/\n## /)[0]!;
  const cells: string[] = [];
  let inCases = false;
  for (const line of text.split('\n')) {
    if (!line.startsWith('|')) inCases = false;
    else if (line.startsWith('| 情形 |')) inCases = true;
    else if (inCases && !line.startsWith('|---')) cells.push(line.split(' | ').at(-1)!.replace(/ \|$/, ''));
  }
  return cells;
}

describe('docs/hardening.md', () => {
  const doc = readFileSync('docs/hardening.md', 'utf8');
  for (const [section, files] of Object.entries(SECTIONS)) {
    it(`names, for each case of “${section}”, a test that exists`, () => {
      const source = files.map((f) => readFileSync(f, 'utf8')).join('\n');
      const [suites, tests] = [names(source, 'describe'), names(source, 'it')];
      const cells = testColumn(doc, section);
      expect(cells.length).toBeGreaterThan(10);
      for (const cell of cells) {
        for (const name of cell.split('；')) {
          const [suite, test] = name.split(' › ');
          expect(test, name).toBeDefined();
          expect(
            suites.some((s) => s.test(suite!)),
            `no describe('${suite}') in ${files.join(', ')}`,
          ).toBe(true);
          expect(
            tests.some((t) => t.test(test!)),
            `no it('${test}') in ${files.join(', ')}`,
          ).toBe(true);
        }
      }
    });
  }
});
