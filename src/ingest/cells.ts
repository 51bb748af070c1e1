// Pure functions that turn what people type into cells into clean values, or say in
// Chinese why they cannot. No I/O here: every rule is unit-tested on its own.
import { EMAIL_HINT, isEmailAddress, isPhoneNumber, PHONE_HINT } from '../base/contact.ts';

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };
const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(reason: string): Parsed<T> => ({ ok: false, reason });

/** An empty cell where a value is needed. */
export const required = <T>(v: Parsed<T | null>): Parsed<T> =>
  v.ok && v.value === null ? { ok: false, reason: '不能为空' } : (v as Parsed<T>);

/** A formula cell whose result was never computed: a problem to report, not a zero. */
export const NO_CACHED_RESULT = Symbol('no cached result');

/**
 * A cell covered by a merged range whose first cell holds a number, with no value of its own:
 * copying that number would invent data (two vote counts merged read as the same count twice).
 */
export class MergedOver {
  constructor(readonly range: string) {}
}

export type Scalar = string | number | boolean | Date | null | typeof NO_CACHED_RESULT | MergedOver;

const mergedOver = (m: MergedOver) =>
  `在合并单元格 ${m.range} 中，没有自己的数值（合并时被清空），不能照抄合并前第一个单元格的数；请取消合并后分别填写`;

/** Full-width ASCII (ＡＢＣ１２３，＋－) and the ideographic space become half-width. */
export function toHalfWidth(text: string): string {
  return text
    .replace(/[\uff01-\uff5e]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ');
}

/** Trims, folds runs of white space (including non-breaking and full-width) to one space. */
export function cleanText(value: Scalar): string {
  if (value === null || value === NO_CACHED_RESULT || value instanceof MergedOver) return '';
  if (value instanceof Date) return formatDate(value);
  return String(value)
    .replace(/[\s\u00a0\u3000]+/g, ' ')
    .trim();
}

/** 张 三 → 张三; the dots of transliterated names (买买提•艾力) become one U+00B7. */
export function normalizeName(value: Scalar): string {
  return cleanText(value)
    .replace(/\s+/g, '')
    .replace(/[·•・‧∙⋅．.]+/g, '·')
    .replace(/^·+|·+$/g, '');
}

/** Codes compare case-insensitively and without spaces: " s01 " → "S01". */
export function normalizeCode(value: Scalar): string {
  if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  return toHalfWidth(cleanText(value)).replace(/\s+/g, '').toUpperCase();
}

const NUMBER_SUFFIX = /(分|票|人|张|个|名|份|%|％)$/;

/** `85分`, ` 85 `, `85.0`, `８５` → 85. Empty cells give null. */
export function parseNumber(value: Scalar): Parsed<number | null> {
  if (value === NO_CACHED_RESULT) return fail('公式没有计算结果，请在 Excel 中打开后重新保存');
  if (value instanceof MergedOver) return fail(mergedOver(value));
  if (value === null || value === '') return ok(null);
  if (typeof value === 'number') return Number.isFinite(value) ? ok(value) : fail('不是有效的数字');
  if (typeof value === 'boolean' || value instanceof Date) return fail('应填写数字');
  const text = toHalfWidth(value)
    .replace(/[\s,，]/g, '')
    .replace(NUMBER_SUFFIX, '');
  if (text === '') return ok(null);
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(text)) return fail('应填写数字');
  return ok(Number(text));
}

/** A count of votes or people: a whole number ≥ 0. */
export function parseCount(value: Scalar): Parsed<number | null> {
  const n = parseNumber(value);
  if (!n.ok || n.value === null) return n;
  if (n.value < 0) return fail('不能为负数');
  if (!Number.isInteger(n.value)) return fail('应为整数');
  return n;
}

/** A score within [min, max]. */
export function parseScore(value: Scalar, max: number, min = 0): Parsed<number | null> {
  const n = parseNumber(value);
  if (!n.ok || n.value === null) return n;
  if (n.value < min) return fail(`不能小于 ${min}`);
  if (n.value > max) return fail(`不能大于 ${max}`);
  return n;
}

const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/** Excel serials, Date cells, 2011-6-30, 2011/06/30, 2011.6.30, 2011年6月30日, 20110630. */
export function parseDate(value: Scalar): Parsed<Date | null> {
  if (value === NO_CACHED_RESULT) return fail('公式没有计算结果，请在 Excel 中打开后重新保存');
  if (value instanceof MergedOver) return fail(mergedOver(value));
  if (value === null || value === '') return ok(null);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? fail('不是有效的日期') : ok(utcDay(value));
  if (typeof value === 'number') {
    if (value < 1 || value > 2958465) return fail('不是有效的日期');
    return ok(new Date(EXCEL_EPOCH + Math.floor(value) * 86400000));
  }
  if (typeof value === 'boolean') return fail('应填写日期');
  const text = toHalfWidth(value).replace(/\s+/g, '');
  const m = /^(\d{4})[-/.年](\d{1,2})(?:[-/.月](\d{1,2})日?|月?)$/.exec(text) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (!m) return fail('应填写日期，如 2011-06-30');
  const [y, mo, d] = [Number(m[1]), Number(m[2]), m[3] === undefined ? 1 : Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d)
    return fail('日期不存在');
  return ok(date);
}

/** exceljs returns dates at UTC midnight; anything else is truncated to its UTC day. */
function utcDay(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

export function formatDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export interface Choice<K extends string = string> {
  key: K;
  label: string;
  synonyms?: string[];
}

/** Matches a label or one of its synonyms, ignoring spaces, width and case. */
export function parseChoice<K extends string>(value: Scalar, choices: Choice<K>[]): Parsed<K | null> {
  const text = choiceWord(cleanText(value));
  if (text === '') return ok(null);
  for (const c of choices) if (wordsOf(c).includes(text)) return ok(c.key);
  return fail(`应为 ${choices.map((c) => c.label).join('、')} 之一`);
}

const choiceWord = (w: string) => toHalfWidth(w).replace(/\s+/g, '').toLowerCase();
const WORDS = new Map<string, string[]>();
const WORDS_OF = new WeakMap<Choice, string[]>();

/**
 * A choice's label and synonyms, normalised once: a column of choices asks for them on every
 * row. By object first (a scheme's choices are the same objects row after row), then by content:
 * readers build some choice lists row by row.
 */
function wordsOf(c: Choice): string[] {
  let words = WORDS_OF.get(c);
  if (words) return words;
  const key = c.synonyms ? `${c.label}\0${c.synonyms.join('\0')}` : c.label;
  words = WORDS.get(key);
  if (!words) WORDS.set(key, (words = [c.label, ...(c.synonyms ?? [])].map(choiceWord)));
  WORDS_OF.set(c, words);
  return words;
}

export function parseYesNo(value: Scalar, words: { yes: string[]; no: string[] }): Parsed<boolean | null> {
  if (typeof value === 'boolean') return ok(value);
  const parsed = parseChoice(value, [
    { key: 'yes', label: words.yes[0] ?? '是', synonyms: words.yes },
    { key: 'no', label: words.no[0] ?? '否', synonyms: words.no },
  ]);
  return parsed.ok ? ok(parsed.value === null ? null : parsed.value === 'yes') : parsed;
}

/** `ＤＺＢ＠Example.org ` → `DZB@example.org`: width folded, a mailto: dropped, the domain lower-cased. */
export function parseEmail(value: Scalar): Parsed<string | null> {
  const text = toHalfWidth(cleanText(value))
    .replace(/^mailto:/i, '')
    .replace(/\s+/g, '');
  if (text === '') return ok(null);
  if (!isEmailAddress(text)) return fail(EMAIL_HINT);
  const at = text.lastIndexOf('@');
  return ok(`${text.slice(0, at)}@${text.slice(at + 1).toLowerCase()}`);
}

/** As typed, width folded: `0791-86395435`, `138 0791 0000`; a number cell becomes its digits. */
export function parsePhone(value: Scalar): Parsed<string | null> {
  const text = typeof value === 'number' && Number.isInteger(value) ? String(value) : toHalfWidth(cleanText(value));
  if (text === '') return ok(null);
  return isPhoneNumber(text) ? ok(text) : fail(PHONE_HINT);
}
