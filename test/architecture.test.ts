// The import rule of docs/architecture.md, checked on every import in src/, and the checker
// itself on made-up files that break each part of it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  folderImports,
  importViolations,
  PICTURE_BEGIN,
  PICTURE_END,
  readSourceTree,
  sourceTree,
  withImportPicture,
} from '../scripts/architecture.ts';

const tree = (files: Record<string, string>) =>
  sourceTree(Object.entries(files).map(([path, text]) => ({ path, text })));

describe('the import rule', () => {
  it('holds for every import in src/', () => {
    expect(importViolations(readSourceTree())).toEqual([]);
  });

  it('names the file, line and import of a library reaching up into the pipeline or the CLI', () => {
    const bad = tree({
      'src/pdf/browser.ts': "import { a } from 'node:fs';\nimport { processExists } from '../pipeline/lock.ts';\n",
      'src/score/models.ts': "export { run } from '../cli/main.ts';\n",
      'src/pipeline/lock.ts': '',
      'src/cli/main.ts': '',
    });
    expect(importViolations(bad)).toEqual([
      "src/pdf/browser.ts:2 imports '../pipeline/lock.ts': pdf/ (libraries) may not import pipeline/ (pipeline, above it)",
      "src/score/models.ts:1 imports '../cli/main.ts': score/ (libraries) may not import cli/ (cli, above it)",
    ]);
  });

  it('refuses ingest, forms and store importing each other, type imports and import() included', () => {
    const bad = tree({
      'src/store/db.ts': "import type { Records } from '../ingest/form-context.ts';\n",
      'src/ingest/read-file.ts': "const w = await import('../forms/workbook.ts');\n",
      'src/forms/workbook.ts': "import { TABLES } from '../contract/tables.ts';\n",
      'src/ingest/form-context.ts': '',
      'src/contract/tables.ts': '',
    });
    expect(importViolations(bad)).toEqual([
      "src/store/db.ts:1 imports '../ingest/form-context.ts': ingest, forms, store meet in contract/ and never import each other",
      "src/ingest/read-file.ts:1 imports '../forms/workbook.ts': ingest, forms, store meet in contract/ and never import each other",
    ]);
  });

  it('refuses the ground floor importing a library', () => {
    const bad = tree({ 'src/contract/tables.ts': "import { Store } from '../store/db.ts';\n", 'src/store/db.ts': '' });
    expect(importViolations(bad)).toEqual([
      "src/contract/tables.ts:1 imports '../store/db.ts': contract/ (ground floor) may not import store/ (libraries, above it)",
    ]);
  });

  it('reports a cycle between folders with the imports that close it', () => {
    const bad = tree({
      'src/report/plan.ts': "import { x } from '../score/models.ts';\n",
      'src/score/models.ts': "\nimport { y } from '../sample/fill.ts';\n",
      'src/sample/fill.ts': "import { z } from '../report/plan.ts';\n",
    });
    expect(importViolations(bad)).toEqual([
      "folder import cycle report → score → sample → report: src/report/plan.ts:1 imports '../score/models.ts'; src/score/models.ts:2 imports '../sample/fill.ts'; src/sample/fill.ts:1 imports '../report/plan.ts'",
    ]);
  });

  it('refuses a folder that is on no floor of the plan', () => {
    expect(importViolations(tree({ 'src/util/misc.ts': '' }))).toEqual([
      'src/util/ is on no floor of the plan (FLOORS in scripts/architecture.ts)',
    ]);
  });

  it('does not take an import in a comment or a string for one', () => {
    const file = "// import { a } from '../pipeline/build.ts';\nconst s = \"import '../cli/main.ts'\";\n";
    expect(tree({ 'src/pdf/x.ts': file }).imports).toEqual([]);
  });
});

describe('docs/architecture.md', () => {
  it('shows the folders and their imports as they are (npm run docs)', () => {
    const doc = readFileSync('docs/architecture.md', 'utf8');
    expect(doc).toBe(withImportPicture(doc, readSourceTree()));
  });

  it('counts file-to-file imports once, however many statements make them', () => {
    const counts = folderImports(
      tree({
        'src/store/db.ts':
          "import { TABLES } from '../contract/tables.ts';\nimport type { Row } from '../contract/tables.ts';\nimport { p } from '../contract/problem.ts';\n",
      }),
    );
    expect(counts).toEqual(new Map([['store', new Map([['contract', 2]])]]));
  });

  it('rewrites only the marked block, and refuses a document without one', () => {
    const small = tree({
      'src/cli/main.ts': "import { build } from '../pipeline/build.ts';\n",
      'src/pipeline/build.ts': '',
    });
    const doc = `# before\n${PICTURE_BEGIN}\nstale\n${PICTURE_END}\nafter\n`;
    const written = withImportPicture(doc, small);
    expect(written).toMatch(
      /^# before\n<!-- imports:begin [^\n]*\n```mermaid\n[\s\S]*\n<!-- imports:end -->\nafter\n$/,
    );
    expect(written).toContain('  cli -->|1| pipeline\n');
    expect(written).not.toContain('stale');
    expect(() => withImportPicture('# no block\n', small)).toThrow(/no <!-- imports:begin/);
  });
});
