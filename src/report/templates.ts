// The template engine: a view model in, HTML out. Templates never see the database or
// Chromium. Data is always HTML-escaped ({{ }}); only the stylesheet, which comes from
// the templates folder itself, is inserted raw.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fontRoleStyles } from '../pdf/fonts/roles.ts';
import { EXIT, ExplainedError } from '../base/errors.ts';
import { handlebars } from '../base/handlebars.ts';
import { fingerprint } from '../base/hash.ts';
import { fixed, rate } from './wording.ts';

export const DEFAULT_TEMPLATES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'templates');

/** A --templates folder that cannot be used: missing, or a template in it that does not parse. */
export class TemplatesError extends ExplainedError {
  readonly exitCode = EXIT.usage;
}

/** The shipped templates' files, relative to the folder: the documents', the partials', the mails' and the style sheet. */
function shippedFiles(): string[] {
  return readdirSync(DEFAULT_TEMPLATES, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.hbs') || f === 'style.css')
    .sort();
}

/**
 * A copied templates folder, checked before a build or a sending starts: it exists and every
 * template in it parses. Returns the files it lacks (copied before they were added), which are
 * taken from the shipped templates.
 */
export function checkTemplates(dir: string): string[] {
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory())
    throw new TemplatesError(
      `模板文件夹 ${dir} 不存在或不是文件夹；请先复制 templates/ 文件夹，修改后用 --templates 指定复制的文件夹`,
    );
  const hb = handlebars();
  const missing: string[] = [];
  const wrong: string[] = [];
  for (const rel of shippedFiles()) {
    const file = join(dir, rel);
    if (!existsSync(file)) missing.push(rel);
    else if (rel.endsWith('.hbs')) {
      try {
        hb.precompile(readFileSync(file, 'utf8'));
      } catch (e) {
        wrong.push(`${rel}：${syntaxError(e)}`);
      }
    }
  }
  if (wrong.length > 0)
    throw new TemplatesError(
      `模板文件夹 ${dir} 中有模板写法有误：\n${wrong.map((w) => `  ${w}`).join('\n')}\n请对照 templates/ 中原来的写法改正后重新运行`,
    );
  return missing;
}

/** Handlebars' English parse error, as where and what to look for. */
function syntaxError(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const line =
    (e as { lineNumber?: number }).lineNumber ?? Number(/line (\d+)|- (\d+):\d+/.exec(message)?.slice(1).find(Boolean));
  const where = Number.isFinite(line) && line > 0 ? `第 ${line} 行` : '某处';
  return `${where}的 {{ }} 写法有误（花括号不配对，{{#…}} 没有对应的 {{/…}}，或名称中有不允许的字符）`;
}

export type Render = ((template: string, model: object) => string) & {
  /**
   * A fingerprint of the files a template's HTML is made from: the template, the partials it
   * calls (and they call), and the stylesheet every page inlines. Editing one template changes
   * only its documents' keys.
   */
  fingerprint(template: string): string;
};

/** Characters of the longest name kept on one line: 30 CJK characters are about 110 mm at 10.5 pt. */
const ONE_LINE_MAX = 30;

/** Rows kept with a table's first and last: a page break leaves at least this many on either side. */
const KEEP_ENDS = 3;

const number = (digits: number) => (v: unknown) =>
  typeof v === 'number' && Number.isFinite(v) ? fixed(v, digits) : '—';

export function createRenderer(dir: string = DEFAULT_TEMPLATES): Render {
  const hb = handlebars().create();
  hb.registerHelper('fixed1', number(1));
  hb.registerHelper('fixed2', number(2));
  hb.registerHelper('percent', (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? rate(v) : '—'));
  // A change of score, with its sign, to the two decimals scores are printed with.
  hb.registerHelper('signed', (v: unknown) =>
    typeof v === 'number' && Number.isFinite(v) ? (v > 0 ? `+${fixed(v, 2)}` : fixed(v, 2)) : '—',
  );
  // A table's rows in bodies: its first and last KEEP_ENDS rows each in one kept together (CSS
  // tbody.keep), so that a page never holds a lone row of it; a short table is one such body.
  hb.registerHelper('keepEnds', (rows: unknown) => {
    if (!Array.isArray(rows)) return [];
    if (rows.length <= 2 * KEEP_ENDS + 1) return [{ keep: true, rows }];
    return [
      { keep: true, rows: rows.slice(0, KEEP_ENDS) },
      { keep: false, rows: rows.slice(KEEP_ENDS, -KEEP_ENDS) },
      { keep: true, rows: rows.slice(-KEEP_ENDS) },
    ];
  });
  hb.registerHelper('or', (a: unknown, b: unknown) => a ?? b);
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hb.registerHelper('gt', (a: unknown, b: unknown) => typeof a === 'number' && typeof b === 'number' && a > b);
  // A list's position counted from 1, as people number things.
  hb.registerHelper('inc', (i: unknown) => (typeof i === 'number' ? i + 1 : i));
  // Whether a name is short enough to keep on one line in a table; a longer one wraps.
  hb.registerHelper('oneLine', (v: unknown) => typeof v !== 'string' || [...v].length <= ONE_LINE_MAX);
  // Only for SVG made by charts.ts: numbers, scheme labels and an organization's name, which
  // ECharts escapes itself.
  hb.registerHelper('svg', (v: unknown) => new hb.SafeString(String(v ?? '')));
  // A relative link to an output file: a name with # or % in it is still that file.
  hb.registerHelper('href', (path: unknown) => String(path).split('/').map(encodeURIComponent).join('/'));
  // A file the folder lacks (copied before it was added) is the shipped one.
  const read = (rel: string) => {
    const own = join(dir, rel);
    return readFileSync(existsSync(own) ? own : join(DEFAULT_TEMPLATES, rel), 'utf8');
  };
  const partials = new Map<string, string>();
  const partialNames = new Set(
    [dir, DEFAULT_TEMPLATES].flatMap((d) =>
      existsSync(join(d, 'partials')) ? readdirSync(join(d, 'partials')).filter((f) => f.endsWith('.hbs')) : [],
    ),
  );
  for (const file of partialNames) {
    const source = read(join('partials', file));
    partials.set(basename(file, '.hbs'), source);
    hb.registerPartial(basename(file, '.hbs'), source);
  }
  const css = read('style.css');
  // The font stacks per role (--font-title, --font-body, …) come first: the templates' style sheet uses them.
  const styles = new hb.SafeString(fontRoleStyles() + css);
  // Read once, so that what is keyed is what is rendered.
  const sources = new Map<string, string>();
  const source = (template: string) => {
    let text = sources.get(template);
    if (text === undefined) sources.set(template, (text = read(`${template}.hbs`)));
    return text;
  };
  const compiled = new Map<string, HandlebarsTemplateDelegate>();
  const render = (template: string, model: object) => {
    let t = compiled.get(template);
    if (!t) {
      t = hb.compile(source(template), { strict: false });
      compiled.set(template, t);
    }
    return t({ ...model, styles }, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
  };
  const fingerprints = new Map<string, string>();
  // A partial is called by most templates: parsed once (each parse of every file was ~0.1 s of a build's start).
  const calls = new Map<string, Set<string> | null>();
  const partialsIn = (text: string) => {
    let called = calls.get(text);
    if (called === undefined) calls.set(text, (called = partialsCalled(text)));
    return called;
  };
  const fingerprintOf = (template: string) => {
    let f = fingerprints.get(template);
    if (f === undefined) {
      const files = new Map([['style.css', css]]);
      const add = (file: string, text: string) => {
        if (files.has(file)) return;
        files.set(file, text);
        for (const name of partialsIn(text) ?? partials.keys()) {
          const partial = partials.get(name);
          if (partial !== undefined) add(`partials/${name}.hbs`, partial);
        }
      };
      add(`${template}.hbs`, source(template));
      fingerprints.set(template, (f = fingerprint([...files].sort(([a], [b]) => (a < b ? -1 : 1)))));
    }
    return f;
  };
  return Object.assign(render, { fingerprint: fingerprintOf });
}

/** The partials a template calls by name ({{> name}}); null when one is named at run time, which could be any. */
function partialsCalled(template: string): Set<string> | null {
  const names = new Set<string>();
  let dynamic = false;
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    const { type, name } = node as { type?: unknown; name?: { type?: unknown; original?: unknown; value?: unknown } };
    if (type === 'PartialStatement' || type === 'PartialBlockStatement') {
      if (name?.type === 'PathExpression') names.add(String(name.original));
      else if (name?.type === 'StringLiteral') names.add(String(name.value));
      else dynamic = true;
    }
    Object.values(node).forEach(visit);
  };
  visit(handlebars().parse(template));
  return dynamic ? null : names;
}
