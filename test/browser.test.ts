import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findBrowser, hiddenFromScreen } from '../src/pdf/browser.ts';
import { printFailure, PrintFailed } from '../src/pdf/print-failure.ts';
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

describe('a document that could not be printed', () => {
  it('is said in words, with the browser’s own first line after them', () => {
    expect(printFailure(new Error('Navigation timeout of 60000 ms exceeded\n    at …'))).toBe(
      '超过了打印时限（文档很长或机器太忙；可用 --jobs 1 减少同时打印的文档）；浏览器的原始信息：Navigation timeout of 60000 ms exceeded',
    );
    expect(printFailure(new Error('Protocol error (Page.printToPDF): Printing failed'))).toMatch(
      /^浏览器无法排版这份文档（常见原因是文档太长或内存不足）；/,
    );
    expect(printFailure(new Error('Protocol error (Page.setContent): Target closed'))).toMatch(
      /^浏览器的页面意外关闭（常见原因是内存不足）；/,
    );
    expect(printFailure(new Error('Failed to launch the browser process!\nspawn /x ENOENT'))).toMatch(
      /^浏览器无法启动；/,
    );
    expect(printFailure(new Error('something new'))).toBe('浏览器出错；浏览器的原始信息：something new');
    // A retry's failure is already in words: not said twice.
    const again = new PrintFailed(`打印时浏览器出错，重试一次仍失败：${printFailure(new Error('Target closed'))}`);
    expect(printFailure(again)).toBe(again.message);
  });
});
