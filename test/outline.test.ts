// Bookmarks made by pingyi for a document printed alone (src/pdf/outline.ts): Chromium prints
// untagged, and makes none itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRef, PDFString } from 'pdf-lib';
import { Printer } from '../src/pdf/browser.ts';
import { anchorHeadings, printWithOutline } from '../src/pdf/outline.ts';
import { pdfPages } from '../src/pdf/print-all.ts';

interface Bookmark {
  title: string;
  depth: number;
  /** 0-based. */
  page: number;
}

/** The bookmarks of a PDF in reading order, with their depth and the page each goes to. */
async function bookmarks(pdf: Uint8Array): Promise<Bookmark[]> {
  const doc = await PDFDocument.load(pdf);
  const pages = new Map(doc.getPages().map((p, i) => [p.ref.toString(), i]));
  const found: Bookmark[] = [];
  const walk = (parent: PDFDict | undefined, depth: number) => {
    for (let n = parent?.lookupMaybe(PDFName.of('First'), PDFDict); n; n = n.lookupMaybe(PDFName.of('Next'), PDFDict)) {
      const title = n.lookup(PDFName.of('Title')) as PDFString | PDFHexString;
      const target = n.lookup(PDFName.of('Dest'), PDFArray).get(0);
      found.push({ title: title.decodeText(), depth, page: pages.get((target as PDFRef).toString()) ?? -1 });
      walk(n, depth + 1);
    }
  };
  walk(doc.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict), 0);
  return found;
}

const page = (body: string) =>
  `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>报告</title>` +
  `<style>body { font-family: "PingYi Print Sans", "WenQuanYi Zen Hei"; }</style></head><body>${body}</body></html>`;

const rows = (n: number) => Array.from({ length: n }, (_, i) => `<tr><td>党员${i + 1}</td><td>95.0</td></tr>`).join('');

describe('the headings of a document', () => {
  it('get an id each, kept where they have one, and a link to it, in order with their text and level', () => {
    const { html, headings } = anchorHeadings(
      page('<h1>报告</h1><h2 class="x">一、A &amp; B</h2><h3 id="own">（一）<b>问题</b></h3><h2> </h2>'),
    );
    expect(headings).toEqual([
      { anchor: 'pingyi-heading-1', title: '报告', level: 1 },
      { anchor: 'pingyi-heading-2', title: '一、A & B', level: 2 },
      { anchor: 'own', title: '（一）问题', level: 3 },
    ]);
    expect(html).toContain('<h2 id="pingyi-heading-2" class="x">一、A &amp; B</h2>');
    expect(html).toContain('<h3 id="own">');
    // Inside the first heading: no element gains a sibling.
    expect(html).toContain(
      '<h1 id="pingyi-heading-1">报告<a href="#pingyi-heading-1"></a><a href="#pingyi-heading-2"></a><a href="#own"></a></h1>',
    );
  });

  it('are found in capitals too; one with an id a destination cannot be named by is left as it is', () => {
    const body = '<H1>报告</H1><h2 id=\'单引号\'>甲</h2><h2 id="a&amp;b">乙</h2><h2 id=plain>丙 &#0; &#x110000;</h2>';
    const { html, headings } = anchorHeadings(page(body));
    expect(headings.map((h) => [h.anchor, h.title])).toEqual([
      ['pingyi-heading-1', '报告'],
      ['plain', '丙 &#0; &#x110000;'],
    ]);
    expect(html).toContain('<h2 id=\'单引号\'>甲</h2><h2 id="a&amp;b">乙</h2>');
  });

  it('leave the head alone', () => {
    const html = page('<p>正文</p>').replace('<title>', '<title><h1>不是标题</h1>');
    expect(anchorHeadings(html)).toEqual({ html, headings: [] });
  });
});

describe('a document printed alone', () => {
  let printer: Printer;
  beforeAll(async () => {
    printer = await Printer.launch();
  }, 60_000);
  afterAll(() => printer.close());

  const report = page(
    '<h1>党员排名</h1><h2>一、基本情况</h2><p>正文</p><h3>（一）说明</h3>' +
      // A heading in a table header, which Chromium repeats on every page the table runs onto.
      `<table><thead><tr><th colspan="2"><h2>第1小学党支部</h2></th></tr></thead><tbody>${rows(120)}</tbody></table>` +
      '<h2>二、结果</h2><p>正文</p>',
  );

  it('has a bookmark for every heading once, nested by level, each going to its page, and no tags', async () => {
    const pdf = await printWithOutline(printer, report, {});
    const marks = await bookmarks(pdf);
    expect(marks.map(({ title, depth }) => [title, depth])).toEqual([
      ['党员排名', 0],
      ['一、基本情况', 1],
      ['（一）说明', 2],
      ['第1小学党支部', 1],
      ['二、结果', 1],
    ]);
    expect(marks.slice(0, 4).map((m) => m.page)).toEqual([0, 0, 0, 0]);
    expect(marks[4]!.page).toBeGreaterThan(1);
    expect(Buffer.from(pdf).toString('latin1')).not.toContain('/StructTreeRoot');
  }, 60_000);

  it('has the pages it has without bookmarks, also where the CSS looks at the last child', async () => {
    // As the award forms: one a page, the last without a page break after it.
    const forms = page(
      '<style>.form { break-after: page; } .form:last-child { break-after: auto; }</style>' +
        '<div class="form"><h1>推荐表一</h1></div><div class="form"><h1>推荐表二</h1></div>',
    );
    const plain = pdfPages(await printer.print(forms));
    expect(plain).toBe(2);
    expect(pdfPages(await printWithOutline(printer, forms, {}))).toBe(plain);
  }, 60_000);
});
