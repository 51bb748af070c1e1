import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildSummary } from '../src/pipeline/build.ts';
import { findBrowser, Printer } from '../src/pdf/browser.ts';
import { neutralise } from '../src/report/exports.ts';
import { createRenderer } from '../src/report/templates.ts';
import type { ManifestEntry } from '../src/pipeline/manifest.ts';
import { Store } from '../src/store/db.ts';
import { officialLayout } from './official-layout.ts';
import { tempDir } from './helpers.ts';

/** The text of a PDF (or one page); `layout` keeps each table row on one line. */
const pdftotext = (file: string, page?: number, layout = false) =>
  execFileSync(
    'pdftotext',
    [...(page ? ['-f', String(page), '-l', String(page)] : []), ...(layout ? ['-layout'] : []), file, '-'],
    { encoding: 'utf8' },
  );

let out: string;
let db: string;
let summary: BuildSummary;

beforeAll(async () => {
  const dir = await tempDir();
  out = join(dir, 'output');
  db = join(dir, 'pingyi.duckdb');
  // One period keeps the suite quick; both periods go through the same code.
  summary = await build({ input: 'input', output: out, db, periods: ['2011H1'] }, { log: () => undefined });
}, 600_000);

describe('the reports built from the sample input', () => {
  it('writes a manifest whose entries match the files on disk: hashes, sizes and page counts', () => {
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { outputs: ManifestEntry[] };
    expect(manifest.outputs).toEqual(summary.outputs);
    const kinds = manifest.outputs.reduce<Record<string, number>>(
      (n, e) => ({ ...n, [e.kind]: (n[e.kind] ?? 0) + 1 }),
      {},
    );
    expect(kinds).toEqual({
      summary: 1,
      'data-quality': 1,
      'org-ranking': 1,
      'member-ranking': 1,
      branch: 14,
      recommendations: 2,
      'results-xlsx': 1,
      csv: 3,
    });
    for (const e of manifest.outputs) {
      const bytes = readFileSync(join(out, e.path));
      expect(createHash('sha256').update(bytes).digest('hex'), e.path).toBe(e.sha256);
      expect(bytes.length).toBe(e.bytes);
      if (e.path.endsWith('.pdf')) {
        const info = execFileSync('pdfinfo', [join(out, e.path)], { encoding: 'utf8' });
        expect(Number(/Pages:\s+(\d+)/.exec(info)![1])).toBe(e.pages);
        expect(info).toMatch(new RegExp(`Title:\\s+${e.title}\\n`));
      }
    }
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain('2011H1/党组织排名.pdf');
  });

  it('prints every organization with its score from the database, ranks with tiers, and page numbers', async () => {
    const text = pdftotext(join(out, '2011H1/党组织排名.pdf'), undefined, true);
    expect(text).toContain('2011年上半年党组织创先争优评议排名');
    const store = await Store.open(db);
    try {
      const rows = await store.rows<{ name: string; total: number; rank: number }>(
        "SELECT name, total, rank FROM org_result WHERE period = '2011H1'",
      );
      expect(rows).toHaveLength(14);
      for (const r of rows) expect(text).toMatch(new RegExp(`${r.rank}\\s+\\d+\\s+${r.name}.*${r.total.toFixed(2)}`));
    } finally {
      store.close();
    }
    expect(text).toMatch(/第1页 共\d+页/);
  });

  it('repeats the member table header on the next page and numbers the pages', () => {
    const file = join(out, '2011H1/党员排名.pdf');
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
    expect(pages).toBeGreaterThan(3);
    const page2 = pdftotext(file, 2);
    expect(page2).toMatch(/支部内\s+全系统\s+名次/);
    expect(page2).toContain(`第2页 共${pages}页`);
    expect(pdftotext(file)).toContain('预备党员，不评定等次');
  });

  it('embeds the CJK fonts as TrueType subsets in every document, charts included, never Type 3', () => {
    for (const f of summary.outputs.filter((e) => e.path.endsWith('.pdf')).map((e) => e.path)) {
      const fonts = execFileSync('pdffonts', [join(out, f)], { encoding: 'utf8' });
      expect(fonts, f).toContain('CID TrueType');
      expect(fonts, f).not.toContain('Type 3');
    }
  });

  it('exports CSV that Excel opens as UTF-8 and results.xlsx with the same tables', () => {
    const csv = readFileSync(join(out, '2011H1/csv/党组织排名.csv'));
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.toString('utf8').split('\r\n')[0]).toBe(
      '\ufeff名次,组,组织编号,党组织,类型,自评,上级考评,满意度指数,满意率,满意度有效票,总分,按规则档次,最终档次,调整理由,较上期,名次变化',
    );
    expect(csv.toString('utf8').split('\r\n').filter(Boolean)).toHaveLength(15);
  });
});

describe('templates', () => {
  it('can be replaced by a modified copy (--templates) and escape what people typed', async () => {
    const dir = await tempDir();
    cpSync('templates', dir, { recursive: true });
    writeFileSync(
      join(dir, 'recommendations.hbs'),
      readFileSync(join(dir, 'recommendations.hbs'), 'utf8').replace('现予公示。', '现予公示（本地模板）。'),
    );
    const html = createRenderer(dir)('recommendations', {
      title: '<script>alert(1)</script>',
      awards: [{ award: '优秀共产党员', rows: [{ position: 1, name: '<img src=x onerror=alert(1)>', total: 95 }] }],
    });
    expect(html).toContain('现予公示（本地模板）。');
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
  });
});

describe('printing', () => {
  it('neutralises cell text that Excel would run as a formula', () => {
    expect(
      ['=HYPERLINK("http://x")', "+cmd|' /C calc'!A0", '@SUM(A1)', '-1+1', '张三', 85, null].map(neutralise),
    ).toEqual(['\'=HYPERLINK("http://x")', "'+cmd|' /C calc'!A0", "'@SUM(A1)", "'-1+1", '张三', 85, null]);
  });

  it('makes no request outside the page and runs no script', async () => {
    let hits = 0;
    const server = createServer((_, res) => {
      hits += 1;
      res.end('x');
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const port = (server.address() as { port: number }).port;
    const printer = await Printer.launch();
    try {
      const html = `<html><head><title>t</title><link rel="stylesheet" href="http://127.0.0.1:${port}/a.css"></head><body>
        <img src="http://127.0.0.1:${port}/x.png"><iframe src="http://127.0.0.1:${port}/f"></iframe>
        <script>document.body.innerHTML = 'SCRIPT RAN'</script><p>正文</p></body></html>`;
      const pdf = await printer.print(html);
      expect(Buffer.from(pdf).subarray(0, 5).toString()).toBe('%PDF-');
      expect(hits).toBe(0);
    } finally {
      await printer.close();
      server.close();
    }
  });
});

describe('the summary report', () => {
  const file = () => join(out, '2011H1/总体情况报告.pdf');

  it('measures to GB/T 9704: A4, 37/28 mm margins, 16 pt body in lines of 28±1, page numbers 14 pt at the outer side, a face per role, no Type 3', () => {
    const { defects, measured } = officialLayout(file());
    expect(defects, JSON.stringify(measured)).toEqual([]);
  });

  it('is issued as documents.yaml says: 代字 and 签发人 in the 版头, the addressee, 附件说明, attachments labelled 附件1, 附注 and 版记', () => {
    const text = pdftotext(file());
    const flat = text.replace(/\s+/g, '');
    expect(flat).toContain('中共东湖区教育科技体育局委员会文件');
    expect(flat).toContain('东教体党〔2011〕15号签发人：王建国');
    expect(flat).not.toMatch(/委员会〔2011〕/);
    expect(flat).toContain('中共东湖区委组织部：');
    expect(flat).not.toContain('局创先争优活动领导小组：');
    // Broken by meaning, never inside a word.
    expect(pdftotext(file(), 1, true)).toMatch(/关于2011年上半年\s*\n\s*创先争优活动评议情况的报告/);
    expect(flat).toContain('附件：1.评议方法2.各党组织群众满意度测评情况');
    expect(flat).toContain('（联系人：李明，电话：0791-86000000）');
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file()], { encoding: 'utf8' }))![1]);
    // Each attachment opens a page with its label alone on the first line.
    for (const label of ['附件1', '附件2'])
      expect(
        [...Array(pages).keys()].some((p) =>
          pdftotext(file(), p + 1)
            .trimStart()
            .startsWith(`${label}\n`),
        ),
        label,
      ).toBe(true);
    const last = pdftotext(file(), pages)
      .replace(/—\s*\d+\s*—/, '')
      .replace(/\s+/g, '');
    expect(last).toContain('抄送：区委创先争优活动领导小组办公室。');
    expect(last).toContain('中共东湖区教育科技体育局委员会办公室2011年7月12日印发');
  });

  it('states in words what the filed report needs and leaves paths, codes, names and α to the data-quality report', () => {
    const flat = pdftotext(file()).replace(/\s+/g, '');
    for (const section of [
      '一、基本情况',
      '二、评议结果',
      '三、群众满意度',
      '四、排名情况',
      '五、表彰推荐',
      '六、青年党员',
      '七、存在问题和下步措施',
      '八、调整情况',
    ])
      expect(flat).toContain(section);
    expect(flat).toMatch(/另有预备党员\d+名参加评议，按规定不评定等次/);
    expect(flat).toMatch(/评为不合格的\d+名党员/);
    expect(flat).toContain('满意率低于60%的党组织列为需跟进整改');
    expect(flat).toContain('（一）存在问题');
    expect(flat).toContain('（二）下步措施');
    expect(flat).toMatch(/对群众反映问题的回应还不够及时，满意度有提升空间（\d+个党组织）/);
    expect(flat).toMatch(/发现需要核对的问题\d+处/);
    expect(flat).toContain('2010年下半年');
    for (const internal of ['.xlsx', 'Krippendorff', '万浩波', 'branch', 'bureau', 'roster', '2010H2', '2011H1'])
      expect(flat, internal).not.toContain(internal);
    // No space around numbers in running text.
    expect(pdftotext(file(), 1)).not.toMatch(/[\u4e00-\u9fff] \d|\d [\u4e00-\u9fff]/);

    const quality = pdftotext(join(out, '2011H1/数据质量报告.pdf')).replace(/\s+/g, '');
    expect(quality).toContain('2011H1/2011H1_Z02_东湖区城东中学党支部_评议表.xlsx');
    expect(quality).toMatch(/万浩波的各等次票数合计\d+，多于该类评议人的收回票数\d+/);
    expect(quality).toContain('Krippendorff');
    expect(quality).toContain('评为不合格的党员');
  });

  it('draws the trend from 0 with the unit and the periods in words, caption beside it', () => {
    const page = pdftotext(file(), 3, true);
    expect(page).toMatch(/图1\s+各评议期党组织平均总分（分，满分100分）/);
    expect(page).toMatch(/2010年下半年[\s\S]*2011年上半年/);
    expect(page).toMatch(/^\s*0\s*$/m);
  });
});

describe('index.html', () => {
  it('reads on a laptop and on a phone without running off the screen, newest period first in words, the report first, problems counted with links', async () => {
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    expect(html).toContain('<h2>2011年上半年</h2>');
    expect(html).not.toContain('<h2>2011H1</h2>');
    const links = [...html.matchAll(/<a href="([^"]+)"/g)].map((m) => decodeURIComponent(m[1]!));
    expect(links).toContain('build.log');
    expect(links).toContain('2011H1/数据质量报告.pdf');
    const table = html.slice(html.indexOf('<tbody>'));
    const files = [...table.matchAll(/<a href="([^"]+)"/g)].map((m) => decodeURIComponent(m[1]!));
    expect(files[0]).toBe('2011H1/总体情况报告.pdf');
    expect(files.at(-1)).toMatch(/^2011H1\/党组织\//);
    expect(html).toMatch(/数据中有错误\d+处、提醒\d+处/);

    const dir = await tempDir();
    const { default: puppeteer } = await import('puppeteer-core');
    const browser = await puppeteer.launch({ executablePath: findBrowser()!, args: ['--headless', '--no-sandbox'] });
    try {
      const page = await browser.newPage();
      for (const [name, width, height] of [
        ['laptop', 1366, 768],
        ['phone', 375, 667],
      ] as const) {
        await page.setViewport({ width, height });
        await page.goto(`file://${join(out, 'index.html')}`);
        const overflow = (await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')) as number;
        expect(overflow, name).toBeLessThanOrEqual(0);
        const png = join(dir, `${name}.png`);
        await page.screenshot({ path: png, fullPage: true });
        expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
      }
    } finally {
      await browser.close();
    }
  }, 60_000);
});

describe('the layout check', () => {
  it('finds a page set out otherwise: default margins, a 12 pt body, centred page numbers, one face', async () => {
    const dir = await tempDir();
    const printer = await Printer.launch();
    try {
      const para = `<p>${'按照实施方案的要求系统各党组织开展了支部自评和民主评议党员'.repeat(8)}</p>`;
      const html = `<!doctype html><html lang="zh-CN"><style>body { font: 12pt "WenQuanYi Zen Hei"; } @page { @bottom-center { content: counter(page); font-size: 10pt; } }</style><body><h1>一、基本情况</h1>${para.repeat(12)}</body></html>`;
      writeFileSync(join(dir, 'plain.pdf'), await printer.print(html));
    } finally {
      await printer.close();
    }
    const { defects } = officialLayout(join(dir, 'plain.pdf'));
    for (const expected of ['正文字号 12 pt', '订口（左边距）', '每行', '天头', '没有 2号（22 pt）标题', '一级标题'])
      expect(
        defects.some((d) => d.includes(expected)),
        expected,
      ).toBe(true);
  }, 60_000);
});

describe('the per-organization reports', () => {
  it('show each organization its own results and members, and no other organization’s members', async () => {
    const store = await Store.open(db);
    try {
      const members = await store.rows<{ name: string; org_id: string }>(
        "SELECT name, org_id FROM member_result WHERE period = '2011H1'",
      );
      const branches = summary.outputs.filter((e) => e.kind === 'branch' && e.period === '2011H1');
      expect(branches).toHaveLength(14);
      for (const e of branches) {
        // Each name sits in its own table cell, so it is a word of its own in the text.
        const words = new Set(pdftotext(join(out, e.path)).split(/\s+/));
        const own = members.filter((m) => m.org_id === e.branch);
        for (const m of own) expect(words.has(m.name), `${e.path} lacks ${m.name}`).toBe(true);
        // Names that are only in other branches must not appear (a shared name is not a leak).
        const ownNames = new Set(own.map((m) => m.name));
        for (const m of members.filter((x) => x.org_id !== e.branch && !ownNames.has(x.name)))
          expect(words.has(m.name), `${e.path} shows ${m.name} of ${m.org_id}`).toBe(false);
      }
      const x02 = (
        await store.rows<{ total: number; rank: number }>(
          "SELECT total, rank FROM org_result WHERE period = '2011H1' AND org_id = 'X02'",
        )
      )[0]!;
      const text = pdftotext(join(out, branches.find((e) => e.branch === 'X02')!.path));
      expect(text).toContain(x02.total.toFixed(2));
      expect(text).toMatch(new RegExp(`第\\s*${x02.rank}\\s*名`));
      expect(text).toContain('领导点评');
      const comments = await store.rows<{ comment: string }>(
        "SELECT comment FROM current_public_comment WHERE period = '2011H1' AND org_id = 'X02'",
      );
      expect(comments.length).toBeGreaterThan(0);
      for (const c of comments) expect(text.replace(/\s+/g, '')).toContain(c.comment);
    } finally {
      store.close();
    }
  });

  it('lists the recommendations for public notice, as PDF and as xlsx', () => {
    const text = pdftotext(join(out, '2011H1/表彰推荐名单.pdf'));
    expect(text).toContain('2011年上半年创先争优表彰推荐名单（公示）');
    for (const award of ['先进基层党组织', '优秀共产党员', '优秀党务工作者']) expect(text).toContain(award);
    expect(summary.outputs.find((e) => e.path === '2011H1/表彰推荐名单.xlsx')?.kind).toBe('recommendations');
  });
});
