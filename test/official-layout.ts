// Measures a printed PDF against GB/T 9704-2012 (../shared/gbt9704.md), not against an earlier
// output of ours: the page, the type block, the body's size and line length, the page numbers,
// a face per role and no Type 3 font. Positions and faces come from poppler (pdftohtml -xml
// gives every run of text with its box, size and font; pdffonts the font types).
import { execFileSync } from 'node:child_process';

const MM = 72 / 25.4;
/** The standard's page: A4, 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm, 22 lines of 28 characters. */
export const GBT9704 = {
  top: 37,
  left: 28,
  width: 156,
  height: 225,
  lines: 22,
  characters: 28,
  bodyPt: 16,
  titlePt: 22,
  pageNumberPt: 14,
  /** The page number's top below the block, mm. */
  pageNumberGap: 7,
} as const;
const TOLERANCE_MM = 1;

export interface TextRun {
  page: number;
  /** Box in mm from the page's top left. */
  top: number;
  left: number;
  width: number;
  height: number;
  /** Font size in pt. */
  size: number;
  font: string;
  text: string;
}

/** Every run of text of a PDF, in mm and pt. */
export function textRuns(pdf: string): TextRun[] {
  const xml = execFileSync('pdftohtml', ['-xml', '-i', '-stdout', '-q', pdf], { encoding: 'utf8' });
  const runs: TextRun[] = [];
  // A font is declared on the first page that uses it.
  const fonts = new Map<string, { size: number; family: string }>();
  for (const page of xml.split('<page ').slice(1)) {
    const number = Number(/number="(\d+)"/.exec(page)![1]);
    // pdftohtml scales the page; its width against A4's 210 mm gives the scale.
    const scale = Number(/width="(\d+)"/.exec(page)![1]) / 210;
    for (const m of page.matchAll(/<fontspec id="(\d+)" size="(-?\d+)" family="([^"]*)"/g))
      fonts.set(m[1]!, { size: (Number(m[2]) / scale) * MM, family: m[3]!.replace(/^[A-Z]{6}\+/, '') });
    for (const m of page.matchAll(
      /<text top="(-?\d+)" left="(-?\d+)" width="(\d+)" height="(\d+)" font="(\d+)">([\s\S]*?)<\/text>/g,
    )) {
      const font = fonts.get(m[5]!)!;
      runs.push({
        page: number,
        top: Number(m[1]) / scale,
        left: Number(m[2]) / scale,
        width: Number(m[3]) / scale,
        height: Number(m[4]) / scale,
        size: Math.round(font.size * 2) / 2,
        font: font.family,
        text: m[6]!
          .replace(/<[^>]+>/g, '')
          .replace(/&amp;/g, '&')
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>'),
      });
    }
  }
  return runs;
}

/** Width of a line in characters: a CJK character is one, a Latin letter or digit half. */
const characters = (text: string) => [...text.replace(/\s/g, '')].reduce((n, c) => n + (c < '\u2000' ? 0.5 : 1), 0);

const near = (value: number, target: number, tolerance = TOLERANCE_MM) => Math.abs(value - target) <= tolerance;
const fmt = (mm: number) => `${mm.toFixed(1)} mm`;

const PAGE_NUMBER = /^—\s*\d+\s*—$/;
const LEVEL_1 = /^[一二三四五六七八九十]+、/;
const LEVEL_2 = /^（[一二三四五六七八九十]+）/;

export interface LayoutReport {
  defects: string[];
  measured: Record<string, number | string>;
}

/** Every way the PDF departs from the standard's page, with what was measured. */
export function officialLayout(pdf: string): LayoutReport {
  const defects: string[] = [];
  const measured: Record<string, number | string> = {};
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
  const [w, h] = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info)!.slice(1).map(Number) as [number, number];
  if (!near(w / MM, 210) || !near(h / MM, 297)) defects.push(`页面不是 A4：${fmt(w / MM)} × ${fmt(h / MM)}`);
  const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);

  const type3 = execFileSync('pdffonts', [pdf], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => /Type 3/.test(l)).length;
  if (type3 > 0) defects.push(`嵌入了 ${type3} 个 Type 3 字体`);

  const runs = textRuns(pdf);
  const numbers = runs.filter((r) => PAGE_NUMBER.test(r.text.trim()));
  const text = runs.filter((r) => !numbers.includes(r));

  // The body: the size most characters are set in.
  const bySize = new Map<number, number>();
  for (const r of text) bySize.set(r.size, (bySize.get(r.size) ?? 0) + characters(r.text));
  const bodySize = [...bySize].sort((a, b) => b[1] - a[1])[0]![0];
  measured.bodyPt = bodySize;
  if (bodySize !== GBT9704.bodyPt) defects.push(`正文字号 ${bodySize} pt，应为 3号（16 pt）`);
  const body = text.filter((r) => r.size === bodySize);
  const bodyFont = mostCommon(body.map((r) => r.font));
  measured.bodyFont = bodyFont;

  // Lines: runs on one baseline of a page, whatever their fonts.
  const lines = new Map<string, TextRun[]>();
  for (const r of body) {
    const key = `${r.page}:${Math.round(r.top + r.height / 2)}`;
    lines.set(key, [...(lines.get(key) ?? []), r]);
  }
  const spans = [...lines.values()].map((rs) => ({
    page: rs[0]!.page,
    left: Math.min(...rs.map((r) => r.left)),
    right: Math.max(...rs.map((r) => r.left + r.width)),
    center: rs[0]!.top + rs[0]!.height / 2,
    characters: characters(rs.map((r) => r.text).join('')),
  }));
  const left = Math.min(...spans.map((s) => s.left));
  const right = Math.max(...spans.map((s) => s.right));
  measured.leftMm = left;
  measured.rightMm = 210 - right;
  if (!near(left, GBT9704.left)) defects.push(`订口（左边距）${fmt(left)}，应为 ${GBT9704.left} mm`);
  const blockRight = GBT9704.left + GBT9704.width;
  if (!near(right, blockRight)) defects.push(`版心右边缘在 ${fmt(right)}，应在 ${blockRight} mm（右边距 26 mm）`);

  // A full line reaches the block's right edge (the last line of a paragraph may not); an
  // indented first line counts its indent.
  const em = bodySize / MM;
  const full = spans.filter((s) => s.right >= right - 2).map((s) => s.characters + Math.round((s.left - left) / em));
  const perLine = median(full);
  measured.charactersPerLine = perLine;
  if (Math.abs(perLine - GBT9704.characters) > 1) defects.push(`每行 ${perLine} 字，应为 28 字（±1）`);

  // The block's top: a line is a cell of 225/22 mm with the text centred in it, so the first
  // line's centre lies half a cell below the top. Measured on pages after the first (the first
  // holds the 版头) that open with a body line.
  const cell = GBT9704.height / GBT9704.lines;
  const tops: number[] = [];
  for (let p = 2; p <= pages; p++) {
    const first = text.filter((r) => r.page === p).sort((a, b) => a.top - b.top)[0];
    if (first && first.size === bodySize) tops.push(first.top + first.height / 2 - cell / 2);
  }
  if (tops.length === 0) defects.push('没有以正文开头的页，无法测量天头');
  else {
    measured.topMm = median(tops);
    for (const t of tops) if (!near(t, GBT9704.top)) defects.push(`天头 ${fmt(t)}，应为 37 mm`);
  }
  const pitch = median(
    spans
      .map((s, i) => (i > 0 && spans[i - 1]!.page === s.page ? s.center - spans[i - 1]!.center : NaN))
      .filter((d) => d > 0 && d < cell * 1.5),
  );
  measured.lineMm = pitch;
  if (!near(pitch, cell, 0.3)) defects.push(`行距 ${fmt(pitch)}，应为 ${fmt(cell)}（每页 22 行）`);

  // Page numbers: on every page, 4号, 7 mm below the block, one character in from the outer side.
  const oneCharacter = GBT9704.pageNumberPt / MM;
  for (let p = 1; p <= pages; p++) {
    const n = numbers.find((r) => r.page === p);
    if (!n) {
      defects.push(`第 ${p} 页没有页码`);
      continue;
    }
    if (n.size !== GBT9704.pageNumberPt) defects.push(`第 ${p} 页页码 ${n.size} pt，应为 4号（14 pt）`);
    const gap = n.top - (GBT9704.top + GBT9704.height);
    if (!near(gap, GBT9704.pageNumberGap, 1.5)) defects.push(`第 ${p} 页页码在版心下 ${fmt(gap)}，应为 7 mm`);
    const outer = p % 2 === 1 ? blockRight - (n.left + n.width) : n.left - GBT9704.left;
    if (!near(outer, oneCharacter, 1.5))
      defects.push(
        `第 ${p} 页页码距版心${p % 2 === 1 ? '右' : '左'}边缘 ${fmt(outer)}，应为一字（${fmt(oneCharacter)}，单页居右、双页居左）`,
      );
  }

  // No heading or caption alone at the foot of a page: what it heads must follow it there.
  for (let p = 1; p < pages; p++) {
    const last = text.filter((r) => r.page === p).sort((a, b) => b.top - a.top)[0];
    if (last && (LEVEL_1.test(last.text) || LEVEL_2.test(last.text) || /^[表图]\d/.test(last.text.trim())))
      defects.push(`第 ${p} 页以标题“${last.text.trim()}”结束，下文在下一页`);
  }

  // 落款: the date in Arabic numerals four characters (or more) in from the right, the organ
  // centred over it inside the block, and room above for the seal (a blank line at least).
  const date = body.find((r) => /^\d{4}年\d{1,2}月\d{1,2}日$/.test(r.text.trim()));
  if (!date) defects.push('没有阿拉伯数字的成文日期（2011年7月12日）');
  else {
    const dateRight = (blockRight - (date.left + date.width)) / em;
    measured.dateRightCharacters = dateRight;
    if (dateRight < 4 - 0.25) defects.push(`成文日期右空 ${dateRight.toFixed(1)} 字，应为四字`);
    const organ = body.find(
      (r) => r.page === date.page && Math.abs(r.top + r.height - date.top) < cell * 1.2 && r !== date,
    );
    if (!organ) defects.push('成文日期上方没有发文机关署名');
    else {
      if (Math.abs(organ.left + organ.width / 2 - (date.left + date.width / 2)) > TOLERANCE_MM)
        defects.push('发文机关署名没有以成文日期为准居中');
      if (organ.left + organ.width > blockRight + 0.5) defects.push('发文机关署名超出版心');
      const above = spans.filter((s) => s.page === organ.page && s.center < organ.top);
      const gap = organ.top + organ.height / 2 - Math.max(...above.map((s) => s.center));
      if (above.length > 0 && gap < 2 * cell - 0.5) defects.push('发文机关署名上方没有留出盖印章的空行');
    }
  }

  // A face per role: the title, 一、 and （一） each in a face of its own, none the body's.
  const title = text.filter((r) => r.page === 1 && r.size === GBT9704.titlePt);
  if (title.length === 0) defects.push('第 1 页没有 2号（22 pt）标题');
  const level1 = body.filter((r) => LEVEL_1.test(r.text));
  const level2 = body.filter((r) => LEVEL_2.test(r.text));
  const faces = { title: title[0]?.font, level1: level1[0]?.font, level2: level2[0]?.font };
  Object.assign(measured, Object.fromEntries(Object.entries(faces).map(([k, v]) => [`${k}Font`, v ?? '—'])));
  if (faces.title === bodyFont) defects.push(`标题与正文同一字体（${bodyFont}）`);
  if (faces.level1 === undefined || faces.level1 === bodyFont)
    defects.push('一级标题（一、）没有用与正文不同的字体（黑体）');
  if (faces.level2 !== undefined && (faces.level2 === bodyFont || faces.level2 === faces.level1))
    defects.push('二级标题（（一））没有用与正文和一级标题不同的字体（楷体）');
  return { defects, measured };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function mostCommon(values: string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
}
