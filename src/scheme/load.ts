// Reads a scheme file, validates it, and turns every problem into one Chinese line
// that names the key path (and the line in the file) and what is allowed.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import { EXIT, ExplainedError } from '../base/errors.ts';
import { unreadableReason } from '../base/unreadable-reason.ts';
import { checkSchemeRules } from './rules.ts';
import { schemeSchema, type Scheme } from './schema.ts';
import { zodMessage } from './zod-messages.ts';

export const DEFAULT_SCHEME_FILE = join(dirname(fileURLToPath(import.meta.url)), 'default.yaml');
/** A scheme file placed beside the input folder is used when --scheme is not given. */
export const LOCAL_SCHEME_NAME = 'pingyi.yaml';

export interface SchemeProblem {
  path: string;
  line?: number;
  message: string;
}

export class SchemeError extends ExplainedError {
  readonly exitCode = EXIT.usage;
  constructor(
    readonly file: string,
    readonly problems: SchemeProblem[],
  ) {
    super(`评议方案文件 ${file} 有 ${problems.length} 处问题：\n${problems.map(formatSchemeProblem).join('\n')}`);
    this.name = 'SchemeError';
  }
}

export interface LoadedScheme {
  scheme: Scheme;
  file: string;
  /** The raw text, so callers can hash what the scheme actually said. */
  text: string;
}

export function formatSchemeProblem(p: SchemeProblem): string {
  const line = p.line === undefined ? '' : `第 ${p.line} 行`;
  const where = p.path ? `${p.path}${line && `（${line}）`}` : line || '（整个文件）';
  return `  ${where}: ${p.message}`;
}

/** --scheme wins; then pingyi.yaml beside the input folder; then the shipped default. */
export function resolveSchemeFile(explicit: string | undefined, inputDir: string | undefined): string {
  if (explicit) return resolve(explicit);
  if (inputDir) {
    const local = join(dirname(resolve(inputDir)), LOCAL_SCHEME_NAME);
    if (existsSync(local)) return local;
  }
  return DEFAULT_SCHEME_FILE;
}

export function loadScheme(file: string = DEFAULT_SCHEME_FILE): LoadedScheme {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new SchemeError(file, [{ path: '', message: `无法读取文件：${unreadableReason(e)}` }]);
  }
  return { scheme: parseScheme(text, file), file, text };
}

export function parseScheme(text: string, file = '<scheme>'): Scheme {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new SchemeError(
      file,
      doc.errors.map((e) => ({
        path: '',
        line: e.linePos?.[0]?.line,
        message: `YAML 格式错误：${yamlErrorText(e.code)}`,
      })),
    );
  }
  const lineOf = (path: (string | number)[]) => nodeLine(doc, lineCounter, path);
  const parsed = schemeSchema.safeParse(doc.toJS(), { error: zodMessage });
  if (!parsed.success) {
    throw new SchemeError(
      file,
      parsed.error.issues.map((i) => ({
        path: formatPath(i.path),
        line: lineOf(i.path as (string | number)[]),
        message: i.message,
      })),
    );
  }
  const problems = checkSchemeRules(parsed.data);
  if (problems.length > 0) {
    throw new SchemeError(
      file,
      problems.map((p) => ({ path: formatPath(p.path), line: lineOf(p.path), message: p.message })),
    );
  }
  return parsed.data;
}

export function formatPath(path: PropertyKey[]): string {
  return path.reduce<string>(
    (acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${String(k)}` : String(k)),
    '',
  );
}

/** Line of the deepest node that exists along the path (a missing key points at its parent). */
function nodeLine(doc: Document, lc: LineCounter, path: (string | number)[]): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) return lc.linePos(node.range[0]).line;
  }
  return undefined;
}

export function yamlErrorText(code: string): string {
  const known: Record<string, string> = {
    DUPLICATE_KEY: '同一层级出现了重复的键',
    BAD_INDENT: '缩进不正确（请用空格对齐，不要用 Tab）',
    TAB_AS_INDENT: '缩进不能使用 Tab 键，请改用空格',
    MISSING_CHAR: '缺少必要的符号（如引号、括号或冒号）',
    UNEXPECTED_TOKEN: '出现了无法识别的内容',
    MULTILINE_IMPLICIT_KEY: '键不能跨行，可能缺少冒号或缩进有误',
    BLOCK_AS_IMPLICIT_KEY: '键的写法有误，可能缺少冒号',
  };
  return known[code] ?? `无法解析（${code}）`;
}
