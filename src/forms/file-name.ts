// File names that every file system accepts (Windows is the strictest), built from
// names people typed.
// Control characters are exactly what some file systems refuse.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\\/:*?"<>|\u0000-\u001f\u007f]/g;
// Windows' device names, which it finds even with an extension or spaces before it (CON .pdf).
const RESERVED = /^(con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])(\s*\..*)?$/i;
const MAX_PART = 60;
// Linux allows 255 bytes per name, and a Chinese character takes 3 (a rarer one 4): room is
// left for the extension and the ~2 of distinctFileNames.
const MAX_BYTES = 230;

/** Dots and spaces at either end go: Windows drops them at the end, and a leading dot hides the file. */
const trimEnds = (s: string) => s.replace(/^[.\s]+|[.\s]+$/g, '');

export function safeFileNamePart(text: string): string {
  let s = trimEnds(text.normalize('NFC').replace(FORBIDDEN, '_').replace(/\s+/g, ' ').trim());
  if ([...s].length > MAX_PART) s = trimEnds([...s].slice(0, MAX_PART).join(''));
  if (RESERVED.test(s)) s = `_${s}`;
  return s || '_';
}

export function safeFileName(parts: string[], extension: string): string {
  const chars = [...parts.map(safeFileNamePart).join('_')];
  while (Buffer.byteLength(chars.join('')) > MAX_BYTES) chars.pop();
  return `${trimEnds(chars.join(''))}.${extension}`;
}

/**
 * The names for files in one folder, in order, each made distinct from those before it by
 * ~2, ~3 before the extension — ignoring case, as Windows and macOS do. Two organizations
 * whose names only differ in what safeFileName replaces would otherwise share one file.
 */
export function distinctFileNames(names: string[]): string[] {
  const taken = new Set<string>();
  return names.map((name) => {
    const dot = name.lastIndexOf('.');
    const [stem, extension] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
    let candidate = name;
    for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${stem}~${n}${extension}`;
    taken.add(candidate.toLowerCase());
    return candidate;
  });
}
