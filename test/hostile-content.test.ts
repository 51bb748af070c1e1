// Hostile text in the cells people type (issue #8): markup, template syntax, local-file and
// network references, formulas and overlong strings go through the real build and must come
// out as text — in the PDFs, index.html, the exports and the file names — with not one request
// to the local server below and no local file read.
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import Papa from 'papaparse';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildSummary } from '../src/pipeline/build.ts';
import { Printer } from '../src/pdf/browser.ts';
import { radarSvg } from '../src/report/charts.ts';
import { csvOf, xlsxOf } from '../src/report/exports.ts';
import { createRenderer } from '../src/report/templates.ts';
import { generateSample } from '../src/sample/generate.ts';
import type { SampleSystem } from '../src/sample/system.ts';
import { headerColumn, scheme, tempDir } from './helpers.ts';

/** Every request and every connection the local server sees: all of them must stay zero. */
const seen = { requests: [] as string[], connections: 0 };
let server: Server;
let url: string;

const squash = (s: string) => s.replace(/\s+/g, '');
const pdfText = (file: string) => execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' });

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.requests.push(req.url ?? '');
    res.end('body { color: red }');
  });
  server.on('connection', () => (seen.connections += 1));
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

/** The payloads, built once the server's address is known. */
const payloads = () => ({
  // Run, they would write SCRIPT-RAN or IMG-ERROR, which the payloads themselves do not contain.
  script: '<script>document.write("SCRIPT"+"-RAN")</script>',
  img: `<img src="${url}/img" onerror="document.write('IMG'+'-ERROR')">`,
  iframe: '<iframe src="file:///etc/passwd"></iframe>',
  link: `<link rel="stylesheet" href="${url}/css"><link rel="prefetch" href="${url}/prefetch">`,
  cssUrl: `<p style="background:url(${url}/css-url)">背景</p>`,
  template: '{{constructor.constructor("return process")()}}',
  // One unbroken 3,000-character word: it must wrap, not run off the page.
  longWord: `W${'x'.repeat(2998)}W`,
});

describe('a build whose input is full of hostile text', () => {
  let dir: string;
  let out: string;
  let summary: BuildSummary;
  let p: ReturnType<typeof payloads>;
  const orgNames: Record<string, string> = {};
  const memberNames: string[] = [];
  const texts = new Map<string, string>();

  beforeAll(async () => {
    p = payloads();
    dir = await tempDir('pingyi-hostile-');
    const input = join(dir, 'input');
    // Organization names: formulas, markup that would add a heading (the batch printer splits at
    // headings), file-system trouble; X01 and X01_A give the same file name once made safe.
    Object.assign(orgNames, {
      CON: `=HYPERLINK("${url}/hyperlink","点击")`,
      X01: 'A:B<h1>伪造标题</h1>*?"|',
      X01_A: 'B<h1>伪造标题</h1>*?"|',
      // # and % in a file name break a link that is not encoded.
      X05: `#%..\\../${'很长的党组织名称'.repeat(25)}. .`,
    });
    const adjust = (sys: SampleSystem) => {
      renameOrg(sys, 'J01', 'CON');
      renameOrg(sys, 'X04', 'X01_A');
      for (const org of sys.roster.orgs) org.name = orgNames[org.orgId] ?? org.name;
      // Member names lose their spaces and dots on the way in (normalizeName), so none here.
      const names = [
        "+cmd|'/Ccalc'!A0",
        "@SUM(1+1)*cmd|'/Ccalc'!A0",
        '-1+1',
        '<script>document["write"]("SCRIPT"+"-RAN")</script>',
      ];
      sys.roster.members
        .filter((m) => m.orgId === 'X01')
        .slice(2, 2 + names.length)
        .forEach((m, i) => (m.name = names[i]!));
      memberNames.push(...names);
    };
    await generateSample({ scheme, outDir: input, orgs: ['J01', 'X01', 'X04', 'X05'], periods: ['2011H1'], adjust });
    const forms = join(input, '2011H1');
    await editWorkbook(await formOf(forms, 'X01'), (wb) => {
      const comments = wb.getWorksheet('意见建议')!;
      const col = headerColumn(comments, '意见建议');
      [p.iframe, p.link, p.cssUrl, p.template, p.longWord].forEach((text, i) => {
        comments.getCell(4 + i, col - 1).value = '群众';
        comments.getCell(4 + i, col).value = text;
      });
      const commitments = wb.getWorksheet('党员承诺')!;
      commitments.getCell(4, headerColumn(commitments, '承诺内容')).value = `${p.link}${p.iframe}`;
      // Not a number: rejected, and the summary's data-quality appendix quotes it.
      const daily = wb.getWorksheet('日常量化')!;
      daily.getCell(4, headerColumn(daily, '日常量化得分')).value = p.img;
    });
    await editWorkbook(join(forms, '2011H1_上级考评和领导点评表.xlsx'), (wb) => {
      const ws = wb.getWorksheet('领导点评')!;
      let row = 0;
      const id = headerColumn(ws, '党组织编号');
      ws.eachRow((r, n) => (r.getCell(id).value === 'X01' ? (row = n) : undefined));
      ws.getCell(row, headerColumn(ws, '主要成绩')).value = p.img;
      ws.getCell(row, headerColumn(ws, '存在问题')).value = p.script;
      ws.getCell(row, headerColumn(ws, '努力方向')).value = `${p.template}${p.cssUrl}`;
    });
    // A file name is shown in the summary's appendix too.
    const x05 = readdirSync(forms).find((f) => f.includes('_X05_'))!;
    await rename(join(forms, x05), join(forms, '<b onclick=x>粗体&amp;评议表.xlsx'));

    out = join(dir, 'output');
    summary = await build({ input, output: out, db: join(dir, 'pingyi.duckdb'), jobs: 2 }, { log: () => undefined });
    for (const e of summary.outputs) if (e.path.endsWith('.pdf')) texts.set(e.path, pdfText(join(out, e.path)));
  }, 300_000);

  const branch = (orgId: string) => summary.outputs.find((e) => e.kind === 'branch' && e.branch === orgId)!;

  it('makes no request and reads no local file while building', () => {
    expect(summary.render.failed).toEqual([]);
    expect(seen).toEqual({ requests: [], connections: 0 });
    for (const [path, text] of texts) {
      expect(text, path).not.toMatch(/root:x:0:0|SCRIPT-RAN|IMG-ERROR/);
    }
  });

  it('shows names, public comments and leader comments literally in the PDFs', () => {
    const own = squash(texts.get(branch('X01').path)!);
    for (const text of [
      p.iframe,
      p.link,
      p.cssUrl,
      p.template,
      p.longWord,
      p.img,
      p.script,
      orgNames.X01!,
      ...memberNames,
    ]) {
      expect(own).toContain(squash(text));
    }
    const ranking = squash(texts.get('2011H1/党组织排名.pdf')!);
    for (const name of Object.values(orgNames)) expect(ranking).toContain(squash(name));
    expect(squash(texts.get('2011H1/党员排名.pdf')!)).toContain(squash(memberNames[3]!));
    const quality = squash(texts.get('2011H1/数据质量报告.pdf')!);
    // The rejected cell's content and the renamed file, in the data-quality report.
    expect(quality).toContain(squash(p.img));
    expect(quality).toContain('<bonclick=x>粗体&amp;评议表.xlsx');
  });

  it('cuts the branch reports printed together apart at their own titles, whatever the names', () => {
    const branches = summary.outputs.filter((e) => e.kind === 'branch');
    expect(branches).toHaveLength(4);
    for (const e of branches) {
      const text = squash(texts.get(e.path)!);
      expect(text.startsWith(squash(e.title)), e.path).toBe(true);
      for (const other of branches) if (other !== e) expect(text, e.path).not.toContain(squash(other.title));
    }
  });

  it('escapes the names in index.html and links to every file', () => {
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    expect(html).not.toContain('<h1>伪造标题');
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;h1&gt;伪造标题&lt;/h1&gt;');
    const unescape = (s: string) =>
      s
        .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
        .replace(/&amp;/g, '&');
    // The table's links: every file once (the status lines above link build.log and the data-quality report).
    const table = html.slice(html.indexOf('<tbody>'));
    const links = [...table.matchAll(/href="([^"]*)"/g)].map((m) => decodeURIComponent(unescape(m[1]!)));
    expect(links.sort()).toEqual(summary.outputs.map((e) => e.path).sort());
  });

  it('keeps formula-like names as text cells in results.xlsx, formatted as text', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(out, '2011H1/results.xlsx'));
    const cells = new Map<string, ExcelJS.Cell>();
    for (const ws of wb.worksheets) ws.eachRow((row) => row.eachCell((c) => void cells.set(String(c.value), c)));
    for (const text of [orgNames.CON!, ...memberNames.slice(0, 3)]) {
      const cell = cells.get(text);
      expect(cell, text).toBeDefined();
      expect(cell!.type).toBe(ExcelJS.ValueType.String);
      // Text format: editing the cell in Excel keeps it text instead of running it.
      expect(cell!.numFmt).toBe('@');
    }
    const zip = await JSZip.loadAsync(readFileSync(join(out, '2011H1/results.xlsx')));
    for (const [name, entry] of Object.entries(zip.files))
      if (name.startsWith('xl/worksheets/')) expect(await entry.async('string')).not.toMatch(/<f[ >]/);
  });

  it('writes formula-like names into the CSV files with a leading apostrophe', () => {
    const rows = (file: string) =>
      Papa.parse<string[]>(readFileSync(join(out, '2011H1/csv', file), 'utf8').replace(/^\ufeff/, '')).data.flat();
    expect(rows('党组织排名.csv')).toContain(`'${orgNames.CON}`);
    const members = rows('党员评议结果.csv');
    for (const name of memberNames.slice(0, 3)) expect(members).toContain(`'${name}`);
    expect(members).toContain(memberNames[3]);
  });

  it('names the branch reports safely and distinctly, inside the output folder', () => {
    const paths = summary.outputs.filter((e) => e.kind === 'branch').map((e) => e.path);
    expect(paths.map((f) => f.toLowerCase())).toHaveLength(new Set(paths.map((f) => f.toLowerCase())).size);
    for (const path of paths) {
      expect(path.startsWith('2011H1/党组织/'), path).toBe(true);
      const name = basename(path);
      expect(path).toBe(`2011H1/党组织/${name}`);
      expect(name).toMatch(/^[^\\/:*?"<>|]+\.pdf$/);
      expect(name).not.toMatch(/^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i);
      expect(Buffer.byteLength(name)).toBeLessThanOrEqual(255);
      expect(existsSync(join(out, path))).toBe(true);
    }
    expect(paths.find((f) => f.includes('_CON_'))).toMatch(/^2011H1\/党组织\/_CON_/);
  });
});

describe('the printer, given hostile markup directly', () => {
  it('runs no script, reads no local file and connects nowhere', async () => {
    const before = { requests: seen.requests.length, connections: seen.connections };
    const p = payloads();
    const printer = await Printer.launch();
    try {
      const html = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>t</title>${p.link}<link rel="preconnect" href="${url}/preconnect">
        <style>@import url("${url}/import"); body { background: url("${url}/background"); }</style></head>
        <body><p>正文</p>${p.script}${p.img}${p.iframe}<iframe src="${url}/iframe"></iframe>${p.cssUrl}</body></html>`;
      const dir = await tempDir();
      writeFileSync(join(dir, 'raw.pdf'), await printer.print(html));
      const text = pdfText(join(dir, 'raw.pdf'));
      expect(text).toContain('正文');
      expect(text).not.toMatch(/root:x:0:0|SCRIPT-RAN|IMG-ERROR/);
    } finally {
      await printer.close();
    }
    expect({ requests: seen.requests.length, connections: seen.connections }).toEqual(before);
  });
});

describe('the templates', () => {
  it('insert no data unescaped: no triple-stash, and charts escape the names in their legends', async () => {
    const files = readdirSync('templates', { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.hbs'));
    for (const f of files) expect(readFileSync(join('templates', f), 'utf8'), f).not.toMatch(/\{\{\{|\{\{&/);
    // The only raw insertion is {{svg}} of a chart, whose legend shows the organization's name.
    const svg = radarSvg(
      [
        { label: '领导班子好', max: 20 },
        { label: '党员队伍好', max: 20 },
        { label: '工作机制好', max: 20 },
      ],
      [{ name: '<img src=x onerror=alert(1)>', values: [1, 2, 3] }],
    );
    expect(svg).not.toContain('<img');
    expect(svg).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('render template syntax in data as text, and give templates no access to prototypes', async () => {
    const dir = await tempDir();
    cpSync('templates', dir, { recursive: true });
    writeFileSync(
      join(dir, 'probe.hbs'),
      '[{{name}}][{{name.constructor}}][{{constructor.constructor}}][{{lookup this "__proto__"}}][{{row.inherited}}]',
    );
    const row = Object.create({ inherited: 'from the prototype' }) as object;
    const html = createRenderer(dir)('probe', { name: '{{constructor.constructor("return process")()}}', row });
    expect(html).toBe('[{{constructor.constructor(&quot;return process&quot;)()}}][][][][]');
  });
});

describe('the exports, given formula-like text and negative numbers', () => {
  const table = {
    name: '测试',
    columns: ['文字', '数'],
    rows: [
      ['\t=1+1', -3.5],
      ['@SUM(A1)', -1],
      ['=A1', 0],
      ['张三', 2],
    ] as (string | number)[][],
  };

  it('neutralise text starting with = + - @ tab or CR in CSV, and leave numbers as numbers', () => {
    const lines = Buffer.from(csvOf({ ...table, rows: [...table.rows, ['\r+1', 1]] }))
      .toString('utf8')
      .replace(/^\ufeff/, '')
      .split('\r\n');
    expect(lines.slice(1, 6)).toEqual(["'\t=1+1,-3.5", "'@SUM(A1),-1", "'=A1,0", '张三,2', `"'\r+1",1`]);
  });

  it('write such text as text cells in Text format in xlsx, and numbers as numbers', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await xlsxOf([table], new Date(0))) as unknown as ExcelJS.Buffer);
    const ws = wb.getWorksheet('测试')!;
    for (const [i, [text, n]] of table.rows.entries()) {
      const [a, b] = [ws.getCell(i + 2, 1), ws.getCell(i + 2, 2)];
      expect(a.value).toBe(text);
      expect(a.type).toBe(ExcelJS.ValueType.String);
      expect(b.value).toBe(n);
      expect(b.type).toBe(ExcelJS.ValueType.Number);
    }
    expect(ws.getCell(2, 1).numFmt).toBe('@');
    expect(ws.getCell(5, 1).numFmt).toBeUndefined();
  });
});

/** An organization under another code everywhere in the roster, as a bureau might number it. */
function renameOrg(sys: SampleSystem, from: string, to: string): void {
  for (const org of sys.roster.orgs) if (org.orgId === from) org.orgId = to;
  for (const m of sys.roster.members) {
    if (m.orgId !== from) continue;
    m.orgId = to;
    const memberId = m.memberId.replace(from, to);
    for (const s of sys.roster.sanctions) if (s.memberId === m.memberId) s.memberId = memberId;
    m.memberId = memberId;
  }
}

/** The form of one organization, by the code its sheets are headed with (file names may be alike). */
async function formOf(dir: string, orgId: string): Promise<string> {
  for (const f of readdirSync(dir)) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, f));
    if (String(wb.getWorksheet('意见建议')?.getCell('B2').value ?? '').includes(`（${orgId}）`)) return join(dir, f);
  }
  throw new Error(`no form of ${orgId}`);
}

async function editWorkbook(file: string, edit: (wb: ExcelJS.Workbook) => void): Promise<void> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  edit(wb);
  await wb.xlsx.writeFile(file);
}
