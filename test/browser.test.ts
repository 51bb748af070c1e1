import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findBrowser, hiddenFromScreen } from '../src/pdf/browser.ts';
import { tempDir } from './helpers.ts';

const SHELL = '/usr/lib/chromium/chromium-headless-shell';

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

describe('a document given to Chromium to print', () => {
  const hide = '<style>@media screen { body { display: none !important; } }</style>';

  it('is hidden from the screen, the last rule of its head, so only its print layout costs anything', () => {
    expect(hiddenFromScreen('<html><head><style>p{}</style></HEAD><body><p>评议</p></body></html>')).toBe(
      `<html><head><style>p{}</style>${hide}</HEAD><body><p>评议</p></body></html>`,
    );
  });

  it('is hidden from the screen also without a head, its doctype kept first', () => {
    expect(hiddenFromScreen('<!doctype html><meta charset="utf-8"><body class="a"><p>评议</p>')).toBe(
      `<!doctype html><meta charset="utf-8">${hide}<body class="a"><p>评议</p>`,
    );
    expect(hiddenFromScreen('<!DOCTYPE html>\n<p>评议</p>')).toBe(`<!DOCTYPE html>${hide}\n<p>评议</p>`);
    expect(hiddenFromScreen('<p>评议</p>')).toBe(`${hide}<p>评议</p>`);
  });
});
