import { readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileTypeProblem, sniffBytes, sniffFile } from '../src/ingest/file-type.ts';

// How each fixture was made: test/fixtures/files/README.md
const fixture = (name: string) => join('test/fixtures/files', name);

async function sniffFixture(name: string) {
  const type = await sniffFile(fixture(name));
  return { kind: type.kind, problem: fileTypeProblem(type, extname(name)) };
}

describe('telling a file from its bytes', () => {
  it('passes a real xlsx on without a problem', async () => {
    expect(await sniffFixture('valid.xlsx')).toEqual({ kind: 'xlsx', problem: null });
  });

  it('passes a legacy .xls on to be read', async () => {
    expect(await sniffFixture('legacy.xls')).toEqual({ kind: 'xls', problem: null });
  });

  it('asks for a WPS .et, a compound file like .xls, to be saved as .xlsx, naming WPS', () => {
    expect(fileTypeProblem({ kind: 'xls' }, '.ET')).toBe(
      '这是 WPS 表格自己的格式（.et），无法读取，请在 WPS 中“另存为” .xlsx 后放回 input 文件夹',
    );
  });

  it('tells an .ods and an .xlsb from an .xlsx and from a zip of other files', () => {
    for (const [name, kind] of [
      ['libreoffice-format.ods', 'ods'],
      ['xlsb-with-form-metadata.xlsb', 'xlsb'],
      ['excel-97-2003.xls', 'xls'],
    ] as const) {
      const bytes = readFileSync(join('test/fixtures/bad', name));
      expect(sniffBytes(bytes, bytes, bytes.length).kind, name).toBe(kind);
    }
  });

  it('asks for the password to be removed from a password-protected xlsx, though it is a compound file like .xls', async () => {
    expect(await sniffFixture('encrypted.xlsx')).toEqual({
      kind: 'encrypted',
      problem: '工作簿设置了打开密码，请取消密码后重新保存（文件→信息→保护工作簿→用密码进行加密，清空密码）',
    });
  });

  it('calls a picture renamed to .xlsx damaged', async () => {
    expect(await sniffFixture('renamed-png.xlsx')).toEqual({
      kind: 'corrupt',
      problem: '文件已损坏或不完整（不是有效的 .xlsx），请重新保存或重新发送',
    });
  });

  it('calls an xlsx cut off halfway damaged', async () => {
    expect(await sniffFixture('truncated.xlsx')).toEqual({
      kind: 'corrupt',
      problem: '文件已损坏或不完整（不是有效的 .xlsx），请重新保存或重新发送',
    });
  });

  it('says a zip of other files is not a workbook', async () => {
    expect(await sniffFixture('not-workbook.xlsx')).toEqual({
      kind: 'not-workbook',
      problem: '这是一个压缩包，不是 Excel 工作簿；请解压后把其中的评议表放入 input 文件夹',
    });
  });

  it('says a 0-byte file is empty', async () => {
    expect(await sniffFixture('empty.xlsx')).toEqual({
      kind: 'empty',
      problem: '文件是空的（0 字节），可能没有复制或发送完整；请向报送单位重新要一份，放回 input 文件夹',
    });
  });

  it('names the extension the damaged file claims to have', () => {
    expect(fileTypeProblem({ kind: 'corrupt' }, '.XLSM')).toBe(
      '文件已损坏或不完整（不是有效的 .xlsm），请重新保存或重新发送',
    );
  });
});

describe('sniffing bytes', () => {
  const sniffWhole = (bytes: Uint8Array) => sniffBytes(bytes, bytes, bytes.length).kind;

  it('takes a CSV as text', () => {
    expect(sniffWhole(Buffer.from('姓名,得分\r\n张三,85\r\n', 'utf8'))).toBe('text');
  });

  it('takes UTF-16 text with a byte order mark as text despite its NUL bytes', () => {
    const csv = Buffer.from('姓名\t得分\r\n张三\t85\r\n', 'utf16le');
    expect(sniffWhole(Buffer.concat([Buffer.from([0xff, 0xfe]), csv]))).toBe('text');
    expect(sniffWhole(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(csv).swap16()]))).toBe('text');
    expect(sniffWhole(csv)).toBe('corrupt');
  });

  it('trusts a zip whose central directory starts before the tail window to be a workbook', () => {
    const head = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]);
    const eocd = Buffer.alloc(22);
    eocd.writeUInt32LE(0x06054b50, 0);
    eocd.writeUInt32LE(1_000, 12); // central directory size
    eocd.writeUInt32LE(9_000_000, 16); // central directory offset, 1 MB before the end
    expect(sniffBytes(head, eocd, 10_000_000).kind).toBe('xlsx');
  });
});
