// Reads just enough of a TrueType/OpenType file or collection to name its faces — the
// headers and the name tables, not the glyphs — so the print font is found by family
// without fontconfig's command-line tools and without reading 20 MB font files whole.
import { open } from 'node:fs/promises';

export interface Face {
  /** Index of the face in a collection (0 for a single font). */
  index: number;
  families: string[];
}

const TTC = 0x74746366; // 'ttcf'
const FAMILY = 1;
const TYPOGRAPHIC_FAMILY = 16;

type Read = (offset: number, length: number) => Promise<Buffer>;

/** The faces of a font file and their family names (every language its name table holds). */
export async function faces(path: string): Promise<Face[]> {
  const file = await open(path);
  try {
    const read: Read = async (position, length) => {
      const { buffer, bytesRead } = await file.read({ buffer: Buffer.alloc(length), position });
      if (bytesRead < length) throw new Error(`${path}: 字体文件不完整`);
      return buffer;
    };
    const head = await read(0, 12);
    if (head.readUInt32BE(0) !== TTC) return [{ index: 0, families: await familiesAt(read, 0) }];
    const count = head.readUInt32BE(8);
    const offsets = await read(12, 4 * count);
    const found: Face[] = [];
    for (let index = 0; index < count; index++)
      found.push({ index, families: await familiesAt(read, offsets.readUInt32BE(4 * index)) });
    return found;
  } finally {
    await file.close();
  }
}

async function familiesAt(read: Read, offset: number): Promise<string[]> {
  const tables = (await read(offset + 4, 2)).readUInt16BE(0);
  const directory = await read(offset + 12, 16 * tables);
  let name: Buffer | null = null;
  for (let i = 0; i < tables; i++) {
    if (directory.toString('latin1', 16 * i, 16 * i + 4) === 'name')
      name = await read(directory.readUInt32BE(16 * i + 8), directory.readUInt32BE(16 * i + 12));
  }
  if (!name) return [];
  const count = name.readUInt16BE(2);
  const strings = name.readUInt16BE(4);
  const found = new Set<string>();
  for (let i = 0; i < count; i++) {
    const r = 6 + 12 * i;
    const nameId = name.readUInt16BE(r + 6);
    if (nameId !== FAMILY && nameId !== TYPOGRAPHIC_FAMILY) continue;
    const start = strings + name.readUInt16BE(r + 10);
    const raw = name.subarray(start, start + name.readUInt16BE(r + 8));
    // Windows and Unicode platforms store UTF-16BE; Macintosh names are single-byte Roman.
    found.add(name.readUInt16BE(r) === 1 ? raw.toString('latin1') : utf16be(raw));
  }
  return [...found];
}

function utf16be(raw: Buffer): string {
  const swapped = Buffer.from(raw);
  swapped.swap16();
  return swapped.toString('utf16le');
}
