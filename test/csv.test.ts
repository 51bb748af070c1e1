import iconv from 'iconv-lite';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeCsv, detectCsvEncoding, parseCsv, readCsvFile, type CsvEncoding } from '../src/ingest/csv.ts';
import { tempDir } from './helpers.ts';

const SAMPLE = '党员编号,姓名,总体评价\r\nV01-001,张三,优秀\n"V01-002","李 四","合格"\r\n';
const SAMPLE_ROWS = [
  ['党员编号', '姓名', '总体评价'],
  ['V01-001', '张三', '优秀'],
  ['V01-002', '李 四', '合格'],
];

const table = (text: string) => {
  const parsed = parseCsv(text);
  if (!parsed.ok) throw new Error(`expected a table, got: ${parsed.reason}`);
  return parsed.table;
};
const reason = (text: string) => {
  const parsed = parseCsv(text);
  return parsed.ok ? 'parsed without error' : parsed.reason;
};

describe('CSV encoding detection', () => {
  const fixtures: [string, Uint8Array, CsvEncoding][] = [
    ['GBK from Excel on Chinese Windows', iconv.encode(SAMPLE, 'gbk'), 'gb18030'],
    [
      'UTF-8 with BOM from "CSV UTF-8"',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SAMPLE)]),
      'utf-8-bom',
    ],
    ['UTF-8 without BOM from survey tools', Buffer.from(SAMPLE), 'utf-8'],
    [
      'UTF-16LE with BOM ("Unicode text")',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SAMPLE, 'utf16le')]),
      'utf-16le',
    ],
    ['UTF-16BE with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(SAMPLE, 'utf-16be')]), 'utf-16be'],
    ['UTF-16LE without BOM', Buffer.from(SAMPLE, 'utf16le'), 'utf-16le'],
    ['UTF-16BE without BOM', iconv.encode(SAMPLE, 'utf-16be'), 'utf-16be'],
  ];

  it.each(fixtures)('reads %s back to the same text and rows', (_name, bytes, encoding) => {
    expect(detectCsvEncoding(bytes)).toBe(encoding);
    expect(decodeCsv(bytes)).toEqual({ text: SAMPLE, encoding });
    expect(table(decodeCsv(bytes).text).rows).toEqual(SAMPLE_ROWS);
  });

  it('takes GBK bytes that are not valid UTF-8 as GB18030', () => {
    const bytes = iconv.encode('姓名\r\n张三\r\n', 'gbk');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    expect(detectCsvEncoding(bytes)).toBe('gb18030');
    expect(decodeCsv(bytes).text).toBe('姓名\r\n张三\r\n');
  });

  it('decodes rare name characters that GB18030 has and GBK lacks', () => {
    const bytes = iconv.encode('姓名\r\n王䶮\r\n', 'gb18030');
    expect(decodeCsv(bytes)).toEqual({ text: '姓名\r\n王䶮\r\n', encoding: 'gb18030' });
  });

  it('takes a pure-ASCII file as UTF-8', () => {
    expect(detectCsvEncoding(Buffer.from('code,score\r\nV01-001,95\r\n'))).toBe('utf-8');
  });

  it('takes BOM-less UTF-16 for UTF-16 even when 一 (U+4E00) puts zeros in the other half', () => {
    const text = '编号,姓名\n1,王一一\n2,李一\n';
    expect(decodeCsv(Buffer.from(text, 'utf16le'))).toEqual({ text, encoding: 'utf-16le' });
    expect(decodeCsv(iconv.encode(text, 'utf-16be'))).toEqual({ text, encoding: 'utf-16be' });
  });
});

describe('CSV parsing', () => {
  it('numbers each row by the file line it starts on, whatever the line endings', () => {
    expect(table(SAMPLE).lines).toEqual([1, 2, 3]);
    const mixed = table('编号,姓名\rV01,张三\r\nV02,李四\nV03,王五');
    expect(mixed.rows).toEqual([
      ['编号', '姓名'],
      ['V01', '张三'],
      ['V02', '李四'],
      ['V03', '王五'],
    ]);
    expect(mixed.lines).toEqual([1, 2, 3, 4]);
  });

  it('keeps a newline inside quotes and counts it in later line numbers', () => {
    const t = table('编号,意见\r\nV01,"第一行\r\n第二行\n第三行"\r\nV02,好\r\n');
    expect(t.rows).toEqual([
      ['编号', '意见'],
      ['V01', '第一行\n第二行\n第三行'],
      ['V02', '好'],
    ]);
    expect(t.lines).toEqual([1, 2, 5]);
  });

  it('detects semicolon-, tab- and pipe-separated files', () => {
    for (const delimiter of [';', '\t', '|']) {
      const t = table(['编号', '姓名', '得分'].join(delimiter) + '\n' + ['V01', '张三', '95'].join(delimiter) + '\n');
      expect(t.delimiter).toBe(delimiter);
      expect(t.rows).toEqual([
        ['编号', '姓名', '得分'],
        ['V01', '张三', '95'],
      ]);
    }
  });

  it('skips blank rows without letting them spoil the delimiter guess', () => {
    const t = table('编号;姓名\n\n   \n;;\nV01;张三\r\n\r\n');
    expect(t.delimiter).toBe(';');
    expect(t.rows).toEqual([
      ['编号', '姓名'],
      ['V01', '张三'],
    ]);
    expect(t.lines).toEqual([1, 5]);
  });

  it('reads a single-column file as one column', () => {
    const t = table('姓名\n张三\n李四\n');
    expect(t.rows).toEqual([['姓名'], ['张三'], ['李四']]);
  });

  it('trims the whitespace around cells and keeps empty cells in place', () => {
    expect(table(' V01 ,\u3000张三\u3000,,"李 四 " \n').rows).toEqual([['V01', '张三', '', '李 四']]);
  });

  it('reports an unclosed quote with the line it opens on', () => {
    expect(reason('编号,意见\nV01,好\nV02,"没写完\nV03,差\n')).toBe('引号未闭合（第 3 行）');
  });

  it('reports text after a closing quote with its line', () => {
    expect(reason('编号,意见\r\nV01,"好"的\r\nV02,差\r\n')).toBe('引号后面紧跟了其他字符（第 2 行）');
  });

  it('says a file of blank lines is empty', () => {
    expect(reason('\r\n \r\n,,\r\n')).toBe('文件是空的');
  });
});

describe('readCsvFile', () => {
  it('says a 0-byte file is empty', async () => {
    const file = join(await tempDir(), 'empty.csv');
    await writeFile(file, new Uint8Array());
    expect(await readCsvFile(file)).toEqual({ ok: false, reason: '文件是空的' });
  });

  it('reads a GBK file into rows with line numbers', async () => {
    const file = join(await tempDir(), 'gbk.csv');
    await writeFile(file, iconv.encode(SAMPLE, 'gbk'));
    expect(await readCsvFile(file)).toEqual({
      ok: true,
      encoding: 'gb18030',
      table: { rows: SAMPLE_ROWS, lines: [1, 2, 3], delimiter: ',' },
    });
  });
});
