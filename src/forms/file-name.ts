// File names that every file system accepts (Windows is the strictest), built from
// names people typed.
// Control characters are exactly what some file systems refuse.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\\/:*?"<>|\u0000-\u001f\u007f]/g;
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;
const MAX_PART = 60;

export function safeFileNamePart(text: string): string {
  let s = text.normalize('NFC').replace(FORBIDDEN, '_').replace(/\s+/g, ' ').trim();
  s = s.replace(/^[.\s]+|[.\s]+$/g, '');
  if (RESERVED.test(s)) s = `_${s}`;
  if ([...s].length > MAX_PART) s = [...s].slice(0, MAX_PART).join('');
  return s || '_';
}

export function safeFileName(parts: string[], extension: string): string {
  return `${parts.map(safeFileNamePart).join('_')}.${extension}`;
}
