// A 公文 title longer than a line is broken by meaning (GB/T 9704: 回行时要做到词意完整),
// never inside a word: the title is given as phrases and lines break only between them,
// into as few lines as fit, the most even split of those (梯形 or 菱形, not one long line
// and a stub).

/** Width in em: a CJK character is one, a Latin letter or digit half. */
export function emWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += ch.codePointAt(0)! < 0x2000 ? 0.5 : 1;
  return w;
}

/** The phrases joined into lines of at most `maxEm` each; a phrase wider than that is a line of its own. */
export function titleLines(phrases: string[], maxEm: number): string[] {
  const n = phrases.length;
  if (n === 0) return [];
  const width = (from: number, to: number) => emWidth(phrases.slice(from, to).join(''));
  // best[i]: the best split of phrases[i..]: fewest lines, then the smallest difference between
  // its widest and narrowest line.
  const best: { lines: number[]; widths: number[] }[] = [];
  best[n] = { lines: [], widths: [] };
  for (let i = n - 1; i >= 0; i--) {
    let chosen: { lines: number[]; widths: number[] } | null = null;
    for (let j = i + 1; j <= n; j++) {
      const w = width(i, j);
      if (w > maxEm && j > i + 1) break;
      const rest = best[j]!;
      const candidate = { lines: [j, ...rest.lines], widths: [w, ...rest.widths] };
      if (!chosen || better(candidate.widths, chosen.widths)) chosen = candidate;
    }
    best[i] = chosen!;
  }
  const ends = best[0]!.lines;
  return ends.map((end, k) => phrases.slice(k === 0 ? 0 : ends[k - 1], end).join(''));
}

function better(a: number[], b: number[]): boolean {
  if (a.length !== b.length) return a.length < b.length;
  const unevenness = (w: number[]) => Math.max(...w) - Math.min(...w);
  return unevenness(a) < unevenness(b);
}
