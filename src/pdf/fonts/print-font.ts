// Chromium reads the whole system CJK font (WenQuanYi Zen Hei: a 16 MB collection) for every
// PDF it writes, to embed the glyphs that document uses; that was most of a report's print
// time. Chromium is instead given a copy of the font cut down to GB 2312 (every character of
// everyday Simplified Chinese, ~2 MB) under a family name of its own, which the templates list
// first; a character outside it (a rare name) falls back to the full font, as before.
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeFingerprint, fingerprint, type Code } from '../../base/hash.ts';
import { fontFiles } from './font-files.ts';
import { PRINT_FONT_FAMILY } from './roles.ts';
import { faces } from './sfnt.ts';
import { subsetFont } from './subset.ts';

/**
 * The code the cut-down font comes from besides the source font: finding the source face, the
 * characters kept (GB 2312 decoded by iconv-lite) and HarfBuzz's subsetter.
 */
export const PRINT_FONT_CODE: Code = { source: ['pdf/fonts'], packages: ['harfbuzzjs', 'iconv-lite'] };

export { PRINT_FONT_FAMILY };
const SOURCE_FAMILY = 'WenQuanYi Zen Hei';
const FILE = 'print.ttf';

export interface PrintFont {
  /** A fontconfig file: the system's configuration plus the cut-down font. */
  config: string;
  /** The cut-down font itself. */
  file: string;
  /** Changes whenever the cut-down font would. */
  key: string;
}

// Beyond GB 2312, what reports print often: Latin-1 (names, ×, ·), general punctuation (the en
// dash of "81.2% – 96.8%"), the minus sign and arrows. One such character in a document would
// otherwise make Chromium read the full font for it.
const EXTRA_RANGES: [number, number][] = [
  [0xa0, 0xff],
  [0x2010, 0x2027],
  [0x2030, 0x203a],
  [0x2190, 0x2193],
  [0x2212, 0x2212],
];

// Loaded when the cut-down font is made (once per source font), not by every build.
type IconvLite = typeof import('iconv-lite');
const iconv = () => createRequire(import.meta.url)('iconv-lite') as IconvLite;

/** GB 2312's characters, printable ASCII and the extras above. */
export function printCharacters(): Set<number> {
  const codes = new Set<number>();
  for (let c = 0x20; c < 0x7f; c++) codes.add(c);
  for (const [from, to] of EXTRA_RANGES) for (let c = from; c <= to; c++) codes.add(c);
  const { decode } = iconv();
  const pair = Buffer.alloc(2);
  for (let hi = 0xa1; hi <= 0xf7; hi++) {
    for (let lo = 0xa1; lo <= 0xfe; lo++) {
      pair[0] = hi;
      pair[1] = lo;
      const ch = decode(pair, 'gb2312');
      if (ch.length === 1 && ch !== '\ufffd') codes.add(ch.codePointAt(0)!);
    }
  }
  return codes;
}

async function findSource(): Promise<{ path: string; index: number } | null> {
  for (const path of (await fontFiles()).filter((f) => /\.(ttc|ttf)$/i.test(f)).sort()) {
    const face = (await faces(path).catch(() => [])).find((f) => f.families.includes(SOURCE_FAMILY));
    if (face) return { path, index: face.index };
  }
  return null;
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function fontsConf(dir: string, base: string, fontsDir: string | null): string {
  const edit = (name: string, value: string) =>
    `<edit name="${name}" mode="assign_replace"><string>${xml(value)}</string></edit>`;
  return `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">${xml(base)}</include>
  <dir>${xml(dir)}</dir>${fontsDir ? `\n  <dir>${xml(fontsDir)}</dir>` : ''}
  <cachedir>${xml(join(dir, 'cache'))}</cachedir>
  <match target="scan">
    <test name="file"><string>${xml(join(dir, FILE))}</string></test>
    ${edit('family', PRINT_FONT_FAMILY)}${edit('fullname', PRINT_FONT_FAMILY)}${edit('postscriptname', PRINT_FONT_FAMILY.replace(/ /g, ''))}
  </match>
</fontconfig>
`;
}

/**
 * The cut-down font and its fontconfig file, made once per source font and kept in the
 * temporary folder; null when WenQuanYi Zen Hei is not installed (the templates then use
 * whatever CJK font they find, only more slowly). `fontsDir`: the user's fonts folder (the
 * official fonts, see roles.ts), added to what fontconfig finds.
 */
export async function preparePrintFont(
  env: NodeJS.ProcessEnv = process.env,
  fontsDir: string | null = null,
): Promise<PrintFont | null> {
  const source = await findSource();
  if (!source) return null;
  const s = await stat(source.path);
  const base = env.FONTCONFIG_FILE ?? '/etc/fonts/fonts.conf';
  const key = fingerprint(source, s.size, s.mtimeMs, base, fontsDir, codeFingerprint(PRINT_FONT_CODE)).slice(0, 16);
  const dir = join(tmpdir(), `pingyi-print-font-${key}`);
  const config = join(dir, 'fonts.conf');
  if (!(await stat(config).catch(() => null))) {
    // Made beside and renamed into place, so a build running at the same time never sees half a font.
    const partial = `${dir}.${process.pid}.partial`;
    await rm(partial, { recursive: true, force: true });
    await mkdir(partial, { recursive: true });
    await writeFile(
      join(partial, FILE),
      await subsetFont(await readFile(source.path), source.index, printCharacters()),
    );
    await writeFile(join(partial, 'fonts.conf'), fontsConf(dir, base, fontsDir));
    await rename(partial, dir).catch(() => rm(partial, { recursive: true, force: true }));
  }
  return { config, file: join(dir, FILE), key };
}

const NUMBER_CHARACTERS = '第页共/ 0123456789';
const numberFonts = new Map<string, Promise<Buffer>>();

/** The print font cut down once more, to what "第 1 页 / 共 3 页" needs: stamped on split documents. */
export function pageNumberFont(font: PrintFont): Promise<Buffer> {
  let made = numberFonts.get(font.file);
  if (!made) {
    made = readFile(font.file).then((bytes) =>
      subsetFont(
        bytes,
        0,
        [...NUMBER_CHARACTERS].map((c) => c.codePointAt(0)!),
      ),
    );
    numberFonts.set(font.file, made);
  }
  return made;
}
