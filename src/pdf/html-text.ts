// The text a reader sees in a fragment of the templates' HTML, for PDF titles and bookmarks.

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** `fragment` without its tags, its character references decoded. */
export function plainText(fragment: string): string {
  return fragment.replace(/<[^>]*>/g, '').replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, e: string) => {
    if (!e.startsWith('#')) return ENTITIES[e.toLowerCase()] ?? all;
    const code = Number(e.startsWith('#x') || e.startsWith('#X') ? `0x${e.slice(2)}` : e.slice(1));
    // Not a character (&#0;, past U+10FFFF): left as written rather than failing the print.
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : all;
  });
}
