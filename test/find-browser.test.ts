import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findBrowser } from '../src/pdf/browser.ts';
import { tempDir } from './helpers.ts';

const SHELL = '/usr/bin/chromium-headless-shell';

describe('the browser that prints', () => {
  it('is the one PINGYI_CHROMIUM names, when it exists', async () => {
    const own = join(await tempDir(), 'chromium');
    writeFileSync(own, '');
    expect(findBrowser({ PINGYI_CHROMIUM: own })).toBe(own);
    expect(findBrowser({ PINGYI_CHROMIUM: join(own, 'missing') })).not.toBe(join(own, 'missing'));
  });

  // npm start and npm test install the shell (scripts/setup.mjs): it prints the same PDFs faster.
  it.skipIf(!existsSync(SHELL))('is Debian’s headless shell before the full Chromium', () => {
    expect(findBrowser({})).toBe(SHELL);
  });
});
