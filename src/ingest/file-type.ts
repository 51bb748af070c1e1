// Tells from a file's bytes, not its name, which reader can read it (xlsx, ods, xls, xlsb,
// text), so that office staff get a reason and a way out instead of a zip library's error.
import { open } from 'node:fs/promises';

export type FileType =
  | { kind: 'xlsx' }
  | { kind: 'xlsb' }
  | { kind: 'ods' }
  /** A compound file that is not an encrypted xlsx: Excel 97-2003 (.xls), or WPS's own .et. */
  | { kind: 'xls' }
  | { kind: 'empty' }
  | { kind: 'encrypted' }
  | { kind: 'corrupt' }
  | { kind: 'not-workbook' }
  | { kind: 'text' };

/** The kinds a workbook reader reads (all but text, which the CSV reader takes). */
export type WorkbookKind = 'xlsx' | 'xlsb' | 'ods' | 'xls';

const HEAD_BYTES = 64 * 1024;
const EOCD_BYTES = 22;
/** The End Of Central Directory record is 22 bytes plus a comment of at most 64 KiB. */
const TAIL_BYTES = 64 * 1024 + EOCD_BYTES;
const TEXT_PROBE_BYTES = 8 * 1024;

const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ZIP_LOCAL_HEADER = [0x50, 0x4b, 0x03, 0x04];
const ZIP_EMPTY_ARCHIVE = [0x50, 0x4b, 0x05, 0x06];
const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_HEADER_SIGNATURE = 0x02014b50;
const CENTRAL_HEADER_BYTES = 46;
/** Offsets of zip64 archives live elsewhere; this marks them in the classic record. */
const ZIP64_MARKER = 0xffffffff;

// Compound-file directory entries store their names as UTF-16LE.
const ENCRYPTION_STREAMS = ['EncryptionInfo', 'EncryptedPackage'].map((name) => Buffer.from(name, 'utf16le'));
const WORKBOOK_ENTRIES = ['xl/workbook.xml', '[Content_Types].xml'];
const XLSB_ENTRY = 'xl/workbook.bin';
/** An OpenDocument file starts with its `mimetype` entry, stored uncompressed. */
const ODS_MIMETYPE = Buffer.from('mimetypeapplication/vnd.oasis.opendocument.spreadsheet');

const startsWith = (bytes: Uint8Array, prefix: number[]) => prefix.every((b, i) => bytes[i] === b);
const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** The central directory's entry names, as far as the bytes given hold whole entries. */
function entryNames(centralDirectory: Uint8Array): Set<string> {
  const view = new DataView(centralDirectory.buffer, centralDirectory.byteOffset, centralDirectory.byteLength);
  const names = new Set<string>();
  let at = 0;
  while (at + CENTRAL_HEADER_BYTES <= view.byteLength && view.getUint32(at, true) === CENTRAL_HEADER_SIGNATURE) {
    const nameLength = view.getUint16(at + 28, true);
    const start = at + CENTRAL_HEADER_BYTES;
    names.add(asBuffer(centralDirectory.subarray(start, start + nameLength)).toString('utf8'));
    at = start + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return names;
}

function sniffZip(head: Uint8Array, tail: Uint8Array, size: number): FileType {
  if (asBuffer(head).subarray(0, 128).includes(ODS_MIMETYPE)) return { kind: 'ods' };
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  for (let eocd = tail.length - EOCD_BYTES; eocd >= 0; eocd--) {
    if (view.getUint32(eocd, true) !== EOCD_SIGNATURE) continue;
    // Four random bytes of deflated data can look like the signature; a real record's comment ends within the file.
    if (eocd + EOCD_BYTES + view.getUint16(eocd + 20, true) > tail.length) continue;
    const offset = view.getUint32(eocd + 16, true);
    const start = offset - (size - tail.length);
    // A central directory that starts before the tail window (a very large workbook, or zip64)
    // cannot be checked here; such a file is passed on as a workbook and the xlsx reader has the last word.
    if (offset === ZIP64_MARKER || start < 0) return { kind: 'xlsx' };
    const names = entryNames(tail.subarray(start, eocd));
    if (names.has(XLSB_ENTRY)) return { kind: 'xlsb' };
    // An OpenDocument file whose mimetype was compressed by some other zip tool.
    if (names.has('mimetype') && names.has('content.xml')) return { kind: 'ods' };
    return WORKBOOK_ENTRIES.some((name) => names.has(name)) ? { kind: 'xlsx' } : { kind: 'not-workbook' };
  }
  return { kind: 'corrupt' };
}

/** Classifies a file from its first (`head`, up to 64 KiB) and last (`tail`, up to 64 KiB + 22) bytes. */
export function sniffBytes(head: Uint8Array, tail: Uint8Array, size: number): FileType {
  if (size === 0) return { kind: 'empty' };
  if (startsWith(head, CFB_MAGIC)) {
    // Both .xls and password-protected .xlsx are compound files; only the latter has these streams.
    // Only head and tail are searched: a large file whose directory lies between them reads as xls.
    const found = (stream: Buffer) => asBuffer(head).includes(stream) || asBuffer(tail).includes(stream);
    return ENCRYPTION_STREAMS.every(found) ? { kind: 'encrypted' } : { kind: 'xls' };
  }
  if (startsWith(head, ZIP_LOCAL_HEADER) || startsWith(head, ZIP_EMPTY_ARCHIVE)) return sniffZip(head, tail, size);
  // UTF-16 text (Excel's “Unicode 文本”) is full of NUL bytes; its byte order mark tells it from binary.
  if (startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff])) return { kind: 'text' };
  return head.subarray(0, TEXT_PROBE_BYTES).includes(0) ? { kind: 'corrupt' } : { kind: 'text' };
}

/** Reads only the head and tail, so a huge file dropped in by mistake costs no memory. */
export async function sniffFile(path: string): Promise<FileType> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const read = async (position: number, length: number) => {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await file.read(buffer, 0, length, position);
      return buffer.subarray(0, bytesRead);
    };
    const tailLength = Math.min(size, TAIL_BYTES);
    return sniffBytes(await read(0, Math.min(size, HEAD_BYTES)), await read(size - tailLength, tailLength), size);
  } finally {
    await file.close();
  }
}

/** WPS's own format is not Excel's: no reader here knows it. */
const WPS_ET = '这是 WPS 表格自己的格式（.et），无法读取，请在 WPS 中“另存为” .xlsx 后放回 input 文件夹';

/** What to do with a file of this kind that could not be read: save it again as .xlsx. */
export function saveAsXlsx(type: 'xls' | 'xlsb' | 'ods'): string {
  const name = { xls: '旧版 Excel（.xls）', xlsb: 'Excel 二进制（.xlsb）', ods: 'LibreOffice（.ods）' }[type];
  return `这个${name}文件已损坏或无法读取，请用 Excel、WPS 或 LibreOffice 打开后“另存为” .xlsx，放回 input 文件夹`;
}

/** Why the file cannot be read and what to do about it, for office staff; null when it can be read. */
export function fileTypeProblem(type: FileType, extension: string): string | null {
  switch (type.kind) {
    case 'xlsx':
    case 'xlsb':
    case 'ods':
    case 'text':
      return null;
    case 'xls':
      return extension.toLowerCase() === '.et' ? WPS_ET : null;
    case 'empty':
      return '文件是空的（0 字节），可能没有复制或发送完整；请向报送单位重新要一份，放回 input 文件夹';
    case 'encrypted':
      return '工作簿设置了打开密码，请取消密码后重新保存（文件→信息→保护工作簿→用密码进行加密，清空密码）';
    case 'corrupt':
      return `文件已损坏或不完整（不是有效的 ${extension.toLowerCase() || '.xlsx'}），请重新保存或重新发送`;
    case 'not-workbook':
      return '这是一个压缩包，不是 Excel 工作簿；请解压后把其中的评议表放入 input 文件夹';
  }
}
