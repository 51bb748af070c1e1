// The floor plan of src/ as data, the imports read from the code, the rules they keep
// (test/architecture.test.ts) and the picture of them in docs/architecture.md (npm run docs),
// so that neither the rule nor the picture can drift from the code.
import { readdirSync, readFileSync } from 'node:fs';
import { posix } from 'node:path';
import ts from 'typescript';

/** From the ground up: a folder imports its own floor and the floors below, never one above. */
export const FLOORS: { name: string; folders: string[] }[] = [
  { name: 'ground floor', folders: ['base', 'contract', 'scheme'] },
  { name: 'libraries', folders: ['ingest', 'forms', 'store', 'score', 'report', 'pdf', 'sample', 'distribute'] },
  { name: 'pipeline', folders: ['pipeline'] },
  { name: 'cli', folders: ['cli'] },
];

/** Libraries that meet only in the contract: none imports another. */
export const CONTRACT_PEERS = ['ingest', 'forms', 'store'];

export interface SourceImport {
  /** The importing file, e.g. `src/pdf/browser.ts`. */
  file: string;
  line: number;
  /** As written: `../base/process.ts`. */
  specifier: string;
  /** The imported file, e.g. `src/base/process.ts`. */
  target: string;
  /** The folders under src/ of the file and of the target. */
  from: string;
  to: string;
}

export interface SourceTree {
  /** Every folder directly under src/ that holds a file. */
  folders: string[];
  /** Every import of one file of src/ by another. */
  imports: SourceImport[];
}

/** `src/pdf/fonts/sfnt.ts` → `pdf`; a file directly in src/ is in a folder of its own name. */
const folderOf = (file: string) => file.split('/')[1] ?? file;

/**
 * The imports of the given files (paths like `src/x/y.ts`): `import`, `import type`,
 * `export … from` and `import()` with a literal path, found by TypeScript's own scanner,
 * so an import in a comment or a string is not one. Packages are not src/'s imports.
 */
export function sourceTree(files: { path: string; text: string }[]): SourceTree {
  const imports = files.flatMap(({ path, text }) =>
    ts
      .preProcessFile(text, true, true)
      .importedFiles.filter((ref) => ref.fileName.startsWith('.'))
      .map((ref): SourceImport => {
        const target = posix.join(posix.dirname(path), ref.fileName);
        return {
          file: path,
          line: text.slice(0, ref.pos).split('\n').length,
          specifier: ref.fileName,
          target,
          from: folderOf(path),
          to: folderOf(target),
        };
      })
      .filter((i) => i.target.startsWith('src/')),
  );
  return { folders: [...new Set(files.map((f) => folderOf(f.path)))].sort(), imports };
}

export function readSourceTree(root = 'src'): SourceTree {
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .sort()
    .map((f) => ({ path: posix.join(root, f), text: readFileSync(posix.join(root, f), 'utf8') }));
  return sourceTree(files);
}

const floorOf = (folder: string) => FLOORS.findIndex((f) => f.folders.includes(folder));
const where = (i: SourceImport) => `${i.file}:${i.line} imports '${i.specifier}'`;

/** Everything that breaks the plan, one line each, naming the file and the import. */
export function importViolations(tree: SourceTree): string[] {
  const unplanned = tree.folders
    .filter((f) => floorOf(f) < 0)
    .map((f) => `src/${f}/ is on no floor of the plan (FLOORS in scripts/architecture.ts)`);
  const crossing = tree.imports.flatMap((i) => {
    const [from, to] = [floorOf(i.from), floorOf(i.to)];
    if (from < 0 || to < 0 || i.from === i.to) return [];
    if (to > from)
      return [
        `${where(i)}: ${i.from}/ (${FLOORS[from]!.name}) may not import ${i.to}/ (${FLOORS[to]!.name}, above it)`,
      ];
    if (CONTRACT_PEERS.includes(i.from) && CONTRACT_PEERS.includes(i.to))
      return [`${where(i)}: ${CONTRACT_PEERS.join(', ')} meet in contract/ and never import each other`];
    return [];
  });
  const cycles = folderCycles(tree).map(
    (cycle) =>
      `folder import cycle ${cycle.map((i) => i.from).join(' → ')} → ${cycle[0]!.from}: ${cycle.map(where).join('; ')}`,
  );
  return [...unplanned, ...crossing, ...cycles];
}

/**
 * One cycle for each group of folders that import each other round (a strongly connected
 * component of the folder graph), as the imports that close it, one per step.
 */
export function folderCycles(tree: SourceTree): SourceImport[][] {
  const edges = new Map<string, Map<string, SourceImport>>();
  for (const i of tree.imports) {
    if (i.from === i.to) continue;
    const out = edges.get(i.from) ?? new Map<string, SourceImport>();
    if (!out.has(i.to)) out.set(i.to, i);
    edges.set(i.from, out);
  }
  const next = (f: string) => [...(edges.get(f)?.keys() ?? [])].sort();
  const reaches = (start: string) => {
    const seen = new Set([start]);
    const queue = [start];
    while (queue.length > 0) {
      for (const n of next(queue.shift()!)) {
        if (seen.has(n)) continue;
        seen.add(n);
        queue.push(n);
      }
    }
    return seen;
  };
  const cycles: SourceImport[][] = [];
  const done = new Set<string>();
  for (const start of [...edges.keys()].sort()) {
    if (done.has(start)) continue;
    const group = [...reaches(start)].filter((f) => reaches(f).has(start));
    for (const f of group) done.add(f);
    if (group.length < 2) continue;
    cycles.push(shortestCycle(start, new Set(group), next, (a, b) => edges.get(a)!.get(b)!));
  }
  return cycles;
}

/** Breadth first from `start` back to itself, inside its group. */
function shortestCycle(
  start: string,
  group: Set<string>,
  next: (f: string) => string[],
  edge: (a: string, b: string) => SourceImport,
): SourceImport[] {
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const f = queue.shift()!;
    for (const n of next(f).filter((n) => group.has(n))) {
      if (n === start) {
        const path = [f];
        while (path[0] !== start) path.unshift(cameFrom.get(path[0]!)!);
        return path.map((a, k) => edge(a, path[k + 1] ?? start));
      }
      if (!cameFrom.has(n)) {
        cameFrom.set(n, f);
        queue.push(n);
      }
    }
  }
  throw new Error(`no cycle through ${start}`);
}

/** Folder → folder: how many (file, imported file) pairs. */
export function folderImports(tree: SourceTree): Map<string, Map<string, number>> {
  const pairs = new Set(
    tree.imports.filter((i) => i.from !== i.to).map((i) => `${i.from}\0${i.to}\0${i.file}\0${i.target}`),
  );
  const counts = new Map<string, Map<string, number>>();
  for (const pair of pairs) {
    const [from, to] = pair.split('\0') as [string, string];
    const out = counts.get(from) ?? new Map<string, number>();
    out.set(to, (out.get(to) ?? 0) + 1);
    counts.set(from, out);
  }
  return counts;
}

export const PICTURE_BEGIN = '<!-- imports:begin (written by `npm run docs` from the imports in src/) -->';
export const PICTURE_END = '<!-- imports:end -->';

/** A Mermaid graph of the floors and folder imports, and the same as a table. */
export function importPicture(tree: SourceTree): string {
  const counts = folderImports(tree);
  const inPlan = (f: string) => floorOf(f) >= 0;
  // Top floor first, each floor's folders in the plan's order.
  const plan = [...FLOORS].reverse().flatMap((f) => f.folders);
  const order = (a: string, b: string) => plan.indexOf(a) - plan.indexOf(b);
  const folders = tree.folders.filter(inPlan).sort(order);
  const importsOf = (folder: string) =>
    [...(counts.get(folder) ?? new Map<string, number>())].sort(([a], [b]) => order(a, b));
  const subgraphs = [...FLOORS]
    .reverse()
    .flatMap((floor, k) => [
      `  subgraph floor${FLOORS.length - 1 - k} [${floor.name}]`,
      ...floor.folders.filter((f) => tree.folders.includes(f)).map((f) => `    ${f}[${f}/]`),
      '  end',
    ]);
  const arrows = folders.flatMap((from) => importsOf(from).map(([to, n]) => `  ${from} -->|${n}| ${to}`));
  const rows = folders.map(
    (f) =>
      `| \`${f}/\` | ${FLOORS[floorOf(f)]!.name} | ${
        importsOf(f)
          .map(([to, n]) => `${to} ${n}`)
          .join(', ') || '—'
      } |`,
  );
  return [
    '```mermaid',
    'flowchart TB',
    ...subgraphs,
    ...arrows,
    '```',
    '',
    '| folder | floor | imports (folder, number of file → file imports) |',
    '|---|---|---|',
    ...rows,
  ].join('\n');
}

/** The document with its generated block replaced by the picture of `tree`. */
export function withImportPicture(doc: string, tree: SourceTree): string {
  const begin = doc.indexOf(PICTURE_BEGIN);
  const end = doc.indexOf(PICTURE_END);
  if (begin < 0 || end < begin) throw new Error(`docs/architecture.md: no ${PICTURE_BEGIN} … ${PICTURE_END} block`);
  return `${doc.slice(0, begin + PICTURE_BEGIN.length)}\n${importPicture(tree)}\n${doc.slice(end)}`;
}
