// The template engine: a view model in, HTML out. Templates never see the database or
// Chromium. Data is always HTML-escaped ({{ }}); only the stylesheet, which comes from
// the templates folder itself, is inserted raw.
import Handlebars from 'handlebars';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fontRoleStyles } from '../pdf/fonts/roles.ts';

export const DEFAULT_TEMPLATES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'templates');

export type Render = ((template: string, model: object) => string) & {
  /** A hash of every file in the templates folder: any edit there changes it. */
  fingerprint: string;
};

/** Characters of the longest name kept on one line: 30 CJK characters are about 110 mm at 10.5 pt. */
const ONE_LINE_MAX = 30;

const number = (digits: number) => (v: unknown) =>
  typeof v === 'number' && Number.isFinite(v) ? v.toFixed(digits) : '—';

export function createRenderer(dir: string = DEFAULT_TEMPLATES): Render {
  const hb = Handlebars.create();
  hb.registerHelper('fixed1', number(1));
  hb.registerHelper('fixed2', number(2));
  hb.registerHelper('percent', (v: unknown) =>
    typeof v === 'number' && Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : '—',
  );
  hb.registerHelper('signed', (v: unknown) =>
    typeof v === 'number' && Number.isFinite(v) ? (v > 0 ? `+${v.toFixed(1)}` : v.toFixed(1)) : '—',
  );
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
  const partials = join(dir, 'partials');
  if (existsSync(partials)) {
    for (const file of readdirSync(partials).filter((f) => f.endsWith('.hbs'))) {
      hb.registerPartial(basename(file, '.hbs'), readFileSync(join(partials, file), 'utf8'));
    }
  }
  // The font stacks per role (--font-title, --font-body, …) come first: the templates' style sheet uses them.
  const styles = new hb.SafeString(fontRoleStyles() + readFileSync(join(dir, 'style.css'), 'utf8'));
  const compiled = new Map<string, HandlebarsTemplateDelegate>();
  const fingerprint = createHash('sha256');
  for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    if (statSync(join(dir, file)).isFile()) fingerprint.update(`\0${file}\0`).update(readFileSync(join(dir, file)));
  }
  const render = (template: string, model: object) => {
    let t = compiled.get(template);
    if (!t) {
      t = hb.compile(readFileSync(join(dir, `${template}.hbs`), 'utf8'), { strict: false });
      compiled.set(template, t);
    }
    return t({ ...model, styles }, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
  };
  return Object.assign(render, { fingerprint: fingerprint.digest('hex') });
}
