// Measures the rankings and a branch's own report as printed (pdftotext -bbox-layout gives every
// word with its box), against the habits readers expect of a document that is not a 公文
// (../shared/gbt9704.md, "Not official documents"): headers and titles not broken inside a word,
// a table's group named on every page, no page holding one row of a table, page numbers, and the
// issuing organ and date at the end. Each function returns the defects it finds, in words.
import { execFileSync } from 'node:child_process';

export interface Word {
  page: number;
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

/** Every word of a PDF with its box in pt, page by page in reading order. */
export function words(pdf: string): Word[] {
  const xml = execFileSync('pdftotext', ['-bbox-layout', pdf, '-'], { encoding: 'utf8' });
  const found: Word[] = [];
  for (const [i, page] of xml.split('<page ').slice(1).entries())
    for (const m of page.matchAll(
      /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g,
    ))
      found.push({
        page: i + 1,
        xMin: Number(m[1]),
        yMin: Number(m[2]),
        xMax: Number(m[3]),
        yMax: Number(m[4]),
        text: m[5]!.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>'),
      });
  return found;
}

/** Lines of words: those of a page sharing a baseline, top to bottom, left to right. */
export function lines(all: Word[]): { page: number; top: number; text: string }[] {
  const byLine = new Map<string, Word[]>();
  for (const w of all) {
    const key = `${w.page}:${Math.round(w.yMax)}`;
    byLine.set(key, [...(byLine.get(key) ?? []), w]);
  }
  return [...byLine.values()]
    .map((ws) => ({
      page: ws[0]!.page,
      top: Math.min(...ws.map((w) => w.yMin)),
      text: ws
        .sort((a, b) => a.xMin - b.xMin)
        .map((w) => w.text)
        .join(' '),
    }))
    .sort((a, b) => a.page - b.page || a.top - b.top);
}

const centre = (w: Word) => (w.xMin + w.xMax) / 2;

/** Column headers wrapped inside a word: 领导班 over 子好 in one cell. */
export function wrappedLabels(all: Word[], labels: string[]): string[] {
  const defects: string[] = [];
  for (const label of labels)
    for (let k = 1; k < [...label].length; k++) {
      const head = [...label].slice(0, k).join('');
      const tail = [...label].slice(k).join('');
      for (const a of all.filter((w) => w.text === head)) {
        const below = all.find(
          (b) =>
            b.page === a.page &&
            b.text === tail &&
            Math.abs(centre(a) - centre(b)) < 6 &&
            b.yMin >= a.yMax - 1 &&
            b.yMin - a.yMax < a.yMax - a.yMin,
        );
        if (below) defects.push(`第${a.page}页表头“${label}”断成“${head}/${tail}”`);
      }
    }
  return defects;
}

/** The title on page 1 broken other than between its phrases (…评议结/果). */
export function titleBreaks(all: Word[], phrases: string[]): string[] {
  const title = phrases.join('');
  const boundaries = new Set(phrases.map((_, i) => phrases.slice(0, i + 1).join('').length));
  const top = lines(all.filter((w) => w.page === 1));
  let text = '';
  for (const line of top) {
    text += line.text.replace(/\s+/g, '');
    if (!title.startsWith(text)) return [`标题没有印在第1页顶部：${text}`];
    if (!boundaries.has(text.length))
      return [
        `标题在词中间换行：${top
          .slice(0, 2)
          .map((l) => l.text)
          .join(' / ')}`,
      ];
    if (text === title) return [];
  }
  return ['标题没有印在第1页顶部'];
}

/** Pages after the first that do not open with the name of the group their table belongs to. */
export function pagesWithoutGroup(all: Word[], groups: string[]): string[] {
  const pages = Math.max(...all.map((w) => w.page));
  const defects: string[] = [];
  for (let p = 2; p <= pages; p++) {
    const first = lines(all.filter((w) => w.page === p))[0];
    if (first && !groups.includes(first.text.replace(/\s+/g, '')))
      defects.push(`第${p}页开头没有所属党组织的名称（“${first.text}”）`);
  }
  return defects;
}

/** A data row of a member table: a rank (or —) first and a total with two decimals. */
const ROW = /^(\d+|—) .*\d+\.\d{2}/;

/**
 * A table of a group split so that a page holds one of its rows: rows are counted per group
 * (the last group name seen) and page; a group whose rows span pages has at least two on each.
 */
export function loneRows(all: Word[], groups: string[]): string[] {
  let group = '';
  const counts = new Map<string, Map<number, number>>();
  for (const line of lines(all)) {
    const flat = line.text.replace(/\s+/g, '');
    if (groups.includes(flat)) group = flat;
    else if (ROW.test(line.text)) {
      const pages = counts.get(group) ?? new Map<number, number>();
      pages.set(line.page, (pages.get(line.page) ?? 0) + 1);
      counts.set(group, pages);
    }
  }
  const defects: string[] = [];
  for (const [g, pages] of counts)
    if (pages.size > 1) for (const [p, n] of pages) if (n === 1) defects.push(`第${p}页只有${g || '表格'}的一行`);
  return defects;
}

/** "第x页 共y页" at the foot of every page, and A4. */
export function pageNumbering(pdf: string, all: Word[]): string[] {
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
  const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
  const defects = /\(A4\)/.test(info) ? [] : ['页面不是 A4'];
  for (let p = 1; p <= pages; p++) {
    const foot = lines(all.filter((w) => w.page === p))
      .at(-1)
      ?.text.replace(/\s+/g, '');
    if (foot !== `第${p}页共${pages}页`) defects.push(`第${p}页页脚是“${foot}”，应为“第${p}页 共${pages}页”`);
  }
  return defects;
}

/** The issuing organ over the date at the end of the last page. */
export function closingBlock(all: Word[], organ: string): string[] {
  const last = Math.max(...all.map((w) => w.page));
  const text = lines(all.filter((w) => w.page === last)).map((l) => l.text.replace(/\s+/g, ''));
  const at = text.indexOf(organ);
  if (at < 0) return ['最后一页没有发文机关'];
  // The organ, the date, the contact and the page number: a page of nothing else.
  if (at === 0 && text.length <= 4) return ['发文机关和日期单独占一页'];
  return /^\d{4}年\d{1,2}月\d{1,2}日$/.test(text[at + 1] ?? '') ? [] : ['发文机关下没有日期（2011年7月12日）'];
}

/** Spaces around a number in running text (第 14 名, 14 个), which Chinese typesetting has none of. */
export function spacedNumbers(text: string): string[] {
  return [
    ...text.matchAll(/[\u4e00-\u9fff（，、] ?[\d.%]+ [\u4e00-\u9fff]|[\u4e00-\u9fff] [\d.%]+ ?[\u4e00-\u9fff]/g),
  ].map((m) => `数字两边有空格：“${m[0]}”`);
}
