import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildSummary } from '../src/pipeline/build.ts';
import { findBrowser, Printer } from '../src/pdf/browser.ts';
import { EXPORT_TABLES, neutralise, readExportTables } from '../src/report/exports.ts';
import { fixed } from '../src/report/wording.ts';
import { loadScheme } from '../src/scheme/load.ts';
import { checkTemplates, createRenderer, TemplatesError } from '../src/report/templates.ts';
import type { ManifestEntry } from '../src/pipeline/manifest.ts';
import { Store } from '../src/store/db.ts';
import { officialLayout } from './official-layout.ts';
import { columnValues, openWorkbook, sheet, tempDir } from './helpers.ts';

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
      commitments: 14,
      'branch-members': 14,
      // 2011H1's award round: the 公示 (PDF and xlsx), the 推荐情况汇总 and the 表彰决定 list.
      recommendations: 4,
      'results-xlsx': 1,
      // One per results.xlsx table: 党组织排名, 党员评议结果, 公开承诺, 表彰推荐名单, 表彰.
      csv: 5,
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
        "SELECT name, total, rank FROM org_result WHERE period = '2011H1' AND total IS NOT NULL",
      );
      // Y02 has no valid satisfaction result: 数据不足, shown without a rank.
      expect(rows).toHaveLength(13);
      for (const r of rows) expect(text).toMatch(new RegExp(`${r.rank}\\s+\\d+\\s+${r.name}.*${r.total.toFixed(2)}`));
      expect(text).toMatch(/—\s+—\s+东湖区启明幼儿园党支部.*数据不足△/);
    } finally {
      store.close();
    }
    expect(text).toMatch(/第1页 共\d+页/);
    // A 党总支's branches are ranked within it, apart from the organizations under the bureau.
    expect(text).toMatch(/东湖区育才中学党总支所属党支部（在党总支内排名）\s+[^]*1\s+1\s+东湖区育才中学高中部党支部/);
    expect(text.replace(/\s+/g, '')).toContain('东湖区启明幼儿园党支部：数据不足：群众满意度测评无效或不全');
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
    const lines = csv.toString('utf8').split('\r\n');
    expect(lines[0]).toBe(
      '\ufeff名次,组,组织编号,党组织,类型,上级党组织,自评,上级考评,满意度指数,满意率,满意度有效票,总分,按规则档次,最终档次,状态,需跟进,调整理由,较上期,名次变化,承诺兑现率,青年党员,已结对青年党员',
    );
    expect(lines.filter(Boolean)).toHaveLength(15);
    // Numbers as printed, words for people: rank changes as arrows, statuses in Chinese.
    expect(lines.find((l) => l.includes(',Z02,'))).toMatch(/,85\.67,较好,较好,正常,,,-0\.23,↓3,/);
    expect(lines.find((l) => l.includes(',Y02,'))).toMatch(
      /,,,数据不足,数据不足：群众满意度测评无效或不全,群众满意度测评无效或不全,,,—,/,
    );
  });

  it('rounds every exported score as the documents print it, and adds the problems and what the file is', async () => {
    const decimals = (v: unknown) => (typeof v === 'number' ? (String(v).split('.')[1] ?? '').length : 0);
    const wb = await openWorkbook(join(out, '2011H1/results.xlsx'));
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '党组织排名',
      '党员评议结果',
      '公开承诺',
      '表彰推荐名单',
      '表彰',
      '回收情况',
      '数据问题',
      '说明',
    ]);
    for (const [name, column] of [
      ['党组织排名', '总分'],
      ['党员评议结果', '总分'],
      ['党员评议结果', '民主评议'],
    ] as const) {
      const values = columnValues(sheet(wb, name), column, 1);
      expect(values.filter((v) => typeof v === 'number').length, `${name} ${column}`).toBeGreaterThan(3);
      for (const v of values) expect(decimals(v), `${name} ${column} ${String(v)}`).toBeLessThanOrEqual(2);
    }
    // 待核实 in words, with why.
    expect(columnValues(sheet(wb, '党员评议结果'), '状态', 1)).toContain(
      '待核实：不评定等次、不排名、不作一票否决、不参加评优（党员类别没有有效的评议票）',
    );
    const problems = sheet(wb, '数据问题');
    expect(problems.getRow(1).values).toEqual([undefined, '文件', '工作表', '位置', '内容', '问题', '类别']);
    const v01 = columnValues(problems, '内容', 1);
    expect(v01).toContain('D012');
    expect(columnValues(problems, '问题', 1)).toContain(
      '党员的电子票 D012 评了9名“优秀”，超过党员人数19的三分之一（6名），该票作废，19行不计入',
    );
    const about = sheet(wb, '说明');
    expect(columnValues(about, '内容', 1).slice(0, 4)).toEqual([
      '东湖区教科体系统创先争优评议方案（donghu_edu，版本 2010.1）',
      '2011年上半年',
      '2010年下半年',
      '2011年7月12日（上级考评表的填表日期；没有时为评议期末）',
    ]);
  });
});

describe('templates', () => {
  it('can be replaced by a modified copy (--templates) and escape what people typed', async () => {
    const dir = await tempDir();
    cpSync('templates', dir, { recursive: true });
    writeFileSync(
      join(dir, 'recommendations.hbs'),
      readFileSync(join(dir, 'recommendations.hbs'), 'utf8').replace('（草案）', '（草案，本地模板）'),
    );
    const html = createRenderer(dir)('recommendations', {
      title: '<script>alert(1)</script>',
      draft: true,
      awards: [{ name: '优秀共产党员', people: true, rows: [{ position: 1, name: '<img src=x onerror=alert(1)>' }] }],
    });
    expect(html).toContain('（草案，本地模板）');
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
  });

  it('copied before a template was added: the shipped one is used for it, and named', async () => {
    const dir = await tempDir();
    cpSync('templates', dir, { recursive: true });
    rmSync(join(dir, 'summary-region.hbs'));
    rmSync(join(dir, 'partials', 'closing.hbs'));
    expect(checkTemplates(dir)).toEqual(['partials/closing.hbs', 'summary-region.hbs']);
    // What each document is made from is what the shipped folder has.
    for (const t of ['summary-region', 'org-ranking'])
      expect(createRenderer(dir).fingerprint(t), t).toBe(createRenderer().fingerprint(t));
  });

  it('are refused before anything runs when the folder is missing or a template does not parse', async () => {
    const dir = await tempDir();
    expect(() => checkTemplates(join(dir, '模板'))).toThrow(
      new TemplatesError(
        `模板文件夹 ${join(dir, '模板')} 不存在或不是文件夹；请先复制 templates/ 文件夹，修改后用 --templates 指定复制的文件夹`,
      ),
    );
    cpSync('templates', dir, { recursive: true });
    writeFileSync(join(dir, 'branch.hbs'), '<p>\n{{#if name}}{{name}}\n{{/each}}\n');
    writeFileSync(join(dir, 'mail', 'org.hbs'), '主题：{{period\n');
    const refused = (() => {
      try {
        checkTemplates(dir);
      } catch (e) {
        return e;
      }
    })();
    expect(refused).toBeInstanceOf(TemplatesError);
    expect((refused as Error).message.split('\n')).toEqual([
      `模板文件夹 ${dir} 中有模板写法有误：`,
      '  branch.hbs：第 2 行的 {{ }} 写法有误（花括号不配对，{{#…}} 没有对应的 {{/…}}，或名称中有不允许的字符）',
      '  mail/org.hbs：第 1 行的 {{ }} 写法有误（花括号不配对，{{#…}} 没有对应的 {{/…}}，或名称中有不允许的字符）',
      '请对照 templates/ 中原来的写法改正后重新运行',
    ]);
  });
});

describe('the exports', () => {
  it('round a score that is exactly a half as the documents print it, whichever side DuckDB left it on', async () => {
    const store = await Store.open(':memory:');
    try {
      const [t] = await readExportTables(store, loadScheme().scheme, '2011H1', [
        {
          name: 't',
          // 97.675 summed in two orders: one bit under and one over the half.
          sql: 'SELECT 97.67499999999999::DOUBLE AS 总分, 97.67500000000001::DOUBLE AS 较上期, 0.7165::DOUBLE AS 满意率, NULL::DOUBLE AS 自评 WHERE $1 IS NOT NULL',
          digits: { 总分: 2, 较上期: 2, 满意率: 3, 自评: 1 },
        },
      ]);
      expect(t!.rows).toEqual([[97.68, 97.68, 0.717, null]]);
      expect([97.675 - 1e-13, 97.675 + 1e-13].map((x) => fixed(x, 2))).toEqual(['97.68', '97.68']);
    } finally {
      store.close();
    }
  });

  it('leave rounding to the one rule the documents use: no round() in their SQL', () => {
    const { scheme } = loadScheme();
    for (const t of EXPORT_TABLES)
      expect(typeof t.sql === 'string' ? t.sql : t.sql(scheme), t.name).not.toMatch(/\bround\(/i);
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
    expect(flat).toContain('附件：1.评议方法2.各党组织公开承诺和结对情况3.各党组织群众满意度测评情况');
    expect(flat).toContain('（联系人：李明，电话：0791-86000000）');
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file()], { encoding: 'utf8' }))![1]);
    // Each attachment opens a page with its label alone on the first line.
    for (const label of ['附件1', '附件2', '附件3'])
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
      '四、公开承诺',
      '五、排名情况',
      '六、表彰推荐',
      '七、青年党员',
      '八、存在问题和下步措施',
      '九、调整情况',
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
    // Every breach of the 优秀 limit, and V01's 9 voided ballots counted as rejected rows.
    expect(quality).toContain('党员的电子票D012评了9名“优秀”，超过党员人数19的三分之一（6名），该票作废，19行不计入');
    expect(quality).toContain('2011H1/2011H1_V01_东湖区职业技术学校党支部_评议表.xlsx党组织评议表branch612441171');
    expect(quality).toMatch(/党员的民主评议计票中“优秀”合计156票，超过上限133票/);
    expect(quality).toContain('其中超过“优秀”比例而作废的电子票171行');
  });

  it('lists problems in the data-quality report up to a limit, and says how many more and where they all are', async () => {
    const { dataQualityModel } = await import('../src/report/views/data-quality.ts');
    const model = await Store.using(db, (store) =>
      dataQualityModel(store, loadScheme().scheme, '2011H1', { limit: 5 }),
    );
    expect(model.problems).toHaveLength(5);
    expect(model.unlisted).toBe(model.errors + model.warnings - 5);
    expect(model.unlisted).toBeGreaterThan(0);
    const html = createRenderer()('data-quality', model).replace(/\s+/g, '');
    expect(html).toContain(
      `本报告只列出前5处，其余${model.unlisted}处未列出；全部问题见results.xlsx的“数据问题”工作表和build.log`,
    );
  });

  it('says what the data lacked: breaches of the 优秀 limit, a result 数据不足, a member 待核实', () => {
    const flat = pdftotext(file()).replace(/\s+/g, '');
    expect(flat).toContain(
      '民主评议票中评为“优秀”的人数超过党员人数三分之一的：计票表13处（已照计，请核实），电子票9张（已作废，计入拒收），逐一列入《数据质量报告》。',
    );
    expect(flat).toContain(
      '总分为“数据不足”、不参加排名的党组织：东湖区启明幼儿园党支部（群众满意度测评无效或不全）。',
    );
    expect(flat).toContain('民主评议待核实的党员1名（东湖区城东中学党支部）');
    expect(flat).toContain(
      '满意度测评无效或不全、需要跟进的党组织：东湖区启明幼儿园党支部（党员类别参评5人，不足应参加8人的三分之二，评议无效）。',
    );
    expect(flat).toContain('党员的民主评议须在党员、群众代表两类评议人中都有有效票；否则为“待核实”');
  });

  it('draws the trend from 0 with the unit and the periods in words, caption beside it', () => {
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file()], { encoding: 'utf8' }))![1]);
    const page = Array.from({ length: pages }, (_, i) => pdftotext(file(), i + 1, true)).find((p) =>
      p.includes('图1'),
    )!;
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
      // People the organization's own form names: the 责任人 of its commitments (a 党总支's is a
      // branch secretary) and its 一带一 mentors, who may come from another organization.
      const named = await store.rows<{ org_id: string; name: string }>(
        `SELECT org_id, responsible AS name FROM current_org_commitment WHERE period = '2011H1' AND responsible IS NOT NULL
         UNION SELECT p.org_id, m.name FROM current_member_pair p JOIN current_roster_member m ON m.member_id = p.mentor_id
         WHERE p.period = '2011H1'`,
      );
      const branches = summary.outputs.filter((e) => e.kind === 'branch' && e.period === '2011H1');
      expect(branches).toHaveLength(14);
      for (const e of branches) {
        // Each name sits in its own table cell, so it is a word of its own in the text.
        const words = new Set(pdftotext(join(out, e.path)).split(/\s+/));
        const own = members.filter((m) => m.org_id === e.branch);
        for (const m of own) expect(words.has(m.name), `${e.path} lacks ${m.name}`).toBe(true);
        // Names that are only in other branches must not appear (a shared name is not a leak).
        const ownNames = new Set([...own, ...named.filter((n) => n.org_id === e.branch)].map((m) => m.name));
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

  it('say why a result is 数据不足 or 待核实, name every breach, and show a 党总支 its branches', () => {
    const branch = (id: string) =>
      pdftotext(join(out, summary.outputs.find((e) => e.kind === 'branch' && e.branch === id)!.path)).replace(
        /\s+/g,
        '',
      );
    const z02 = branch('Z02');
    expect(z02).toContain(
      '待核实：党员类别没有有效的评议票；民主评议计票B6被拒收：万浩波的各等次票数合计22，多于该类评议人的收回票数19',
    );
    expect(z02).toContain('1名党员的民主评议待核实');
    // From 7th of 11 in 2010H2 to 10th: a change of rank in arrows, the score's to two decimals.
    expect(z02).toContain('-0.23分，名次↓3');
    expect(z02).toContain('群众代表的民主评议计票中“优秀”合计73票，超过上限70票');
    const v01 = branch('V01');
    expect(v01.match(/该票作废/g)).toHaveLength(9);
    const y02 = branch('Y02');
    expect(y02).toContain('本期结果：数据不足：群众满意度测评无效或不全，需跟进。');
    expect(y02).toContain('本期没有满意度结果：党员类别参评5人，不足应参加8人的三分之二，评议无效。');
    const z01 = branch('Z01');
    expect(z01).toMatch(
      /所属党支部评议结果党总支内名次党支部总分档次满意率(说明)?1东湖区育才中学高中部党支部92\.04先进91\.2%2东湖区育才中学初中部党支部90\.95先进90\.0%/,
    );
    const z01b = branch('Z01B');
    expect(z01b).toContain('东湖区育才中学党总支内名次');
    expect(z01b).toContain('第1名，共2个');
  });

  it('posts the decided list for 公示: names, organizations by name, 个 and 名, dates, where to object, no scores', () => {
    const text = pdftotext(join(out, '2011H1/表彰推荐名单.pdf')).replace(/\s+/g, '');
    expect(text).toContain('2011年上半年创先争优活动拟表彰对象公示');
    expect(text).not.toContain('草案');
    expect(text).toContain('拟表彰先进基层党组织3个、优秀共产党员8名、优秀党务工作者2名');
    expect(text).toContain('先进基层党组织（3个）');
    expect(text).toContain('东湖区育才中学初中部党支部');
    // The bureau's form was filled on Tuesday 12 July 2011: five working days end on Monday the 18th.
    expect(text).toContain('公示时间：2011年7月12日至2011年7月18日（五个工作日）');
    // pdftotext may drop the hyphen where the phone number breaks over a line.
    expect(text).toMatch(
      /向局党委办公室反映（电话：0791-?86000001；电子邮箱：dhjtdw@example\.cn；地址：东湖区八一大道100号/,
    );
    expect(text).toMatch(/中共东湖区教育科技体育局委员会2011年7月12日/);
    expect(text).not.toMatch(/总分|名次|Z01A|X0\d/);
    expect(text).not.toMatch(/\d+\.\d\d/);
    expect(summary.outputs.find((e) => e.path === '2011H1/表彰推荐名单.xlsx')?.kind).toBe('recommendations');
  });

  it('gives the committee each candidate’s evidence and the rules failed, in words', () => {
    const text = pdftotext(join(out, '2011H1/推荐情况汇总.pdf')).replace(/\s+/g, '');
    expect(text).toContain('先进基层党组织（名额3个，推荐4个，列入预选名单1个）');
    expect(text).toContain('满意率90.0%');
    expect(text).toContain('信任率100.0%');
    expect(text).toContain('本期未评为最高等次');
    expect(text).toContain('评议结果靠前、未经基层推荐的人选');
    expect(text).not.toMatch(/not_top_band|not_proposed/);
  });

  it('lists the 表彰决定 with its 文号 once decided', () => {
    const text = pdftotext(join(out, '2011H1/表彰决定名单.pdf')).replace(/\s+/g, '');
    expect(text).toContain('以东教体党〔2011〕20号文件决定表彰先进基层党组织3个、优秀共产党员8名、优秀党务工作者2名');
  });
});
