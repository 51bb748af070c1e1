// What a printed PDF depends on besides its HTML: the browser build, the installed fonts
// and the printing code. Their fingerprint is part of every document's key, so installing
// a font or upgrading Chromium prints everything again, and nothing else does.
import { stat } from 'node:fs/promises';
import { codeFingerprint, fingerprint, type Code } from '../base/hash.ts';
import { fontFiles } from './fonts/font-files.ts';
import { PRINT_FONT_CODE } from './fonts/print-font.ts';

/**
 * The code from HTML to PDF, the whole of pdf/: the page options and Chromium's driving
 * (browser.ts and puppeteer), batch printing, the splitting and page numbering of batches and
 * the bookmarks (pdf-lib). A list of its files missed the bookmarks' when they were added.
 */
const PRINT_CODE: Code = {
  source: ['pdf'],
  packages: ['puppeteer-core', 'pdf-lib', '@pdf-lib/fontkit'],
};

async function describe(path: string): Promise<string> {
  const s = await stat(path).catch(() => null);
  return s ? `${path}\t${s.size}\t${s.mtimeMs}` : `${path}\tmissing`;
}

/** `fontsDir`: the office's fonts folder, whose fonts the documents use before the system's. */
export async function printEnvironment(
  browser: string | null,
  o: { fontsDir?: string | null; codeRoot?: string } = {},
): Promise<string> {
  const fonts = await Promise.all((await fontFiles(o.fontsDir ?? null)).map(describe));
  return fingerprint(
    browser ? await describe(browser) : 'no browser',
    fonts,
    codeFingerprint(PRINT_FONT_CODE, o.codeRoot),
    codeFingerprint(PRINT_CODE, o.codeRoot),
  );
}
