import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Printer } from '../src/pdf/browser.ts';
import { faces } from '../src/pdf/fonts/sfnt.ts';
import { PRINT_FONT_FAMILY, preparePrintFont, printCharacters } from '../src/pdf/fonts/print-font.ts';
import { tempDir } from './helpers.ts';

const pdffonts = (file: string) =>
  execFileSync('pdffonts', [file], { encoding: 'utf8' })
    .split('\n')
    .slice(2)
    .filter((l) => l.trim());

describe('the print font', () => {
  it('holds GB 2312 and ASCII, not rarer characters', () => {
    const chars = printCharacters();
    for (const ch of '评议党支部创先争优—–“”、。（）０１A9 ×·é−') expect(chars.has(ch.codePointAt(0)!), ch).toBe(true);
    expect(chars.has('喆'.codePointAt(0)!)).toBe(false);
    // GB 2312's 6,763 hanzi.
    expect([...chars].filter((c) => c >= 0x4e00 && c <= 0x9fff)).toHaveLength(6763);
  });

  it('is WenQuanYi Zen Hei cut down, found by fontconfig under its own family', async () => {
    const font = await preparePrintFont();
    expect(font, 'fonts-wqy-zenhei is installed by the set-up').not.toBeNull();
    const file = join(font!.config, '../print.ttf');
    expect((await faces(file))[0]!.families).toContain('WenQuanYi Zen Hei');
    const match = execFileSync('fc-match', ['-f', '%{file}', PRINT_FONT_FAMILY], {
      encoding: 'utf8',
      env: { ...process.env, FONTCONFIG_FILE: font!.config },
    });
    expect(match).toBe(file);
    expect((await preparePrintFont())!.key).toBe(font!.key);
  });

  it('prints common characters from the print font and falls back to the full font for rare ones', async () => {
    const dir = await tempDir();
    const page = (text: string) =>
      `<!doctype html><meta charset="utf-8"><body style="font-family: '${PRINT_FONT_FAMILY}', 'WenQuanYi Zen Hei'">${text}</body>`;
    const printer = await Printer.launch();
    try {
      writeFileSync(join(dir, 'common.pdf'), await printer.print(page('党支部评议结果')));
      writeFileSync(join(dir, 'rare.pdf'), await printer.print(page('党支部评议结果：张喆')));
    } finally {
      await printer.close();
    }
    // One font for the common text; a second one, the full font, only for the character beyond GB 2312.
    expect(pdffonts(join(dir, 'common.pdf'))).toHaveLength(1);
    expect(pdffonts(join(dir, 'rare.pdf'))).toHaveLength(2);
    for (const f of ['common.pdf', 'rare.pdf']) expect(pdffonts(join(dir, f)).join('\n')).toContain('CID TrueType');
    expect(execFileSync('pdftotext', [join(dir, 'rare.pdf'), '-'], { encoding: 'utf8' })).toContain('张喆');
  }, 60_000);
});
