import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Printer } from '../src/pdf/browser.ts';
import { headingText, printBatch } from '../src/pdf/print-batch.ts';
import { pdfPages, printAll } from '../src/pdf/print-all.ts';
import { findBrowser } from '../src/pdf/browser.ts';
import { tempDir } from './helpers.ts';

const doc = (title: string, paragraphs: number) =>
  `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>${title}</title>` +
  `<style>body { font-family: "PingYi Print Sans", "WenQuanYi Zen Hei"; } @page { @bottom-center { content: "第" counter(page) "页 共" counter(pages) "页"; } }</style></head>` +
  `<body><h1>${title}</h1>${Array.from({ length: paragraphs }, (_, i) => `<p>${title}：第 ${i + 1} 段意见建议。</p>`).join('')}</body></html>`;

let printer: Printer;
let dir: string;
beforeAll(async () => {
  printer = await Printer.launch();
  dir = await tempDir();
}, 60_000);
afterAll(() => printer.close());

const text = (pdf: Uint8Array, name: string) => {
  writeFileSync(join(dir, name), pdf);
  return execFileSync('pdftotext', [join(dir, name), '-'], { encoding: 'utf8' });
};

describe('printing branch reports as one batch', () => {
  it('gives back each document whole, on its own pages, numbered from 1 and titled', async () => {
    const titles = ['第1小学党支部评议结果', '第2中学党支部评议结果 &amp; 附件', '机关党支部评议结果'];
    const pdfs = (await printBatch(printer, [doc(titles[0]!, 3), doc(titles[1]!, 90), doc(titles[2]!, 1)], false))!;
    expect(pdfs).toHaveLength(3);
    const pages = pdfs.map(pdfPages);
    expect(pages[0]).toBe(1);
    expect(pages[1]).toBeGreaterThan(1);
    expect(pages[2]).toBe(1);
    pdfs.forEach((pdf, i) => {
      const t = text(pdf, `${i}.pdf`);
      expect(t).toContain(`${titles[i]!.replace('&amp;', '&')}：第 1 段`);
      for (const [j, other] of titles.entries()) if (j !== i) expect(t).not.toContain(other.replace('&amp;', '&'));
      for (let p = 1; p <= pages[i]!; p++) expect(t).toMatch(new RegExp(`第${p}页 共${pages[i]}页`));
      expect(execFileSync('pdfinfo', [join(dir, `${i}.pdf`)], { encoding: 'utf8' })).toContain(
        titles[i]!.replace('&amp;', '&'),
      );
    });
  }, 60_000);

  it('numbers the pages once when the documents have no </head>: the batch’s own numbers are still switched off', async () => {
    const headless = (title: string) => doc(title, 2).replace('</head>', '');
    const pdfs = (await printBatch(printer, [headless('甲支部评议结果'), headless('乙支部评议结果')], false))!;
    pdfs.forEach((pdf, i) =>
      expect(text(pdf, `headless-${i}.pdf`).match(/第\d+页\s*共\d+页/g)).toEqual(['第1页 共1页']),
    );
  }, 60_000);

  it('gives the same bytes for the same documents', async () => {
    const docs = [doc('甲支部', 2), doc('乙支部', 2)];
    const [a, b] = [await printBatch(printer, docs, false), await printBatch(printer, docs, false)];
    expect(a!.map((x) => Buffer.from(x).toString('base64'))).toEqual(b!.map((x) => Buffer.from(x).toString('base64')));
  }, 60_000);

  it('declines documents it could not cut apart safely, which are then printed one by one', async () => {
    const twoHeadings = doc('丙支部', 1).replace('</body>', '<h1>附录</h1></body>');
    expect(headingText(twoHeadings)).toBeNull();
    expect(await printBatch(printer, [doc('甲支部', 1), twoHeadings], false)).toBeNull();
  }, 60_000);

  it('declines a printed batch whose documents it cannot find, or finds out of order', async () => {
    const { splitAtAnchors } = await import('../src/pdf/pdf-split.ts');
    const { pageNumberFont } = await import('../src/pdf/fonts/print-font.ts');
    const numbers = await pageNumberFont(printer.font!);
    const section = (id: string, title: string) =>
      `<section id="${id}" style="break-before: page"><h1>${title}</h1><p>${title}</p></section><a href="#${id}"></a>`;
    const pdf = await printer.print(
      doc('批', 1).replace(/<body>[\s\S]*<\/body>/, `<body>${section('a', '甲')}${section('b', '乙')}</body>`),
    );
    const parts = (...anchors: string[]) => anchors.map((anchor) => ({ anchor, title: anchor }));
    expect(await splitAtAnchors(pdf, parts('a', 'b'), numbers)).toHaveLength(2);
    expect(await splitAtAnchors(pdf, parts('a', 'c'), numbers)).toBeNull();
    expect(await splitAtAnchors(pdf, parts('b', 'a'), numbers)).toBeNull();
  }, 60_000);

  it('prints a batch’s kind of document alone as the batch would, without bookmarks; any other with them; none tagged', async () => {
    const printed: Uint8Array[] = [];
    await printAll(
      [
        { html: async () => doc('甲支部', 2), landscape: false, batchGroup: 'branch' },
        { html: async () => doc('总体情况', 2), landscape: false },
      ],
      {
        browser: findBrowser(),
        jobs: 1,
        onPrinted: async (i, pdf) => void (printed[i] = pdf),
        onFailed: (i, reason) => expect.fail(`${i}: ${reason}`),
      },
    );
    const has = (key: string) => (pdf: Uint8Array) => Buffer.from(pdf).toString('latin1').includes(key);
    expect(printed.map(has('/Outlines'))).toEqual([false, true]);
    expect(printed.map(has('/StructTreeRoot'))).toEqual([false, false]);
  }, 60_000);

  it('reads a document title from its only heading, entities decoded', () => {
    expect(headingText('<h1 class="t">A &amp; B &#x3D; &lt;C&gt;</h1>')).toBe('A & B = <C>');
  });
});

describe('counting the pages of a PDF', () => {
  it('counts the page objects, however the white space between their type’s words, and not the page tree', () => {
    const text =
      '1 0 obj <</Type /Pages /Count 3>> endobj 2 0 obj <</Type /Page>> endobj ' +
      '3 0 obj <</Type/Page/Parent 1 0 R>> endobj 4 0 obj <</Type\r\n\t/Page >> endobj 5 0 obj <</Type /Catalog>>';
    const pdf = new TextEncoder().encode(text);
    expect(pdfPages(pdf)).toBe(3);
    // A view into a larger buffer counts only what it shows.
    expect(pdfPages(pdf.subarray(0, text.indexOf('3 0 obj')))).toBe(1);
  });
});
