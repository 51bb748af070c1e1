// The zip container of an xlsx: the central directory, and the few entries a reader asks
// for inflated one at a time. A crafted file (a "zip bomb") is stopped by limits on the
// number of entries and on the inflated size of each entry and of all of them together;
// those are reported in Chinese, never thrown.
import { inflateRawSync } from 'node:zlib';

export interface ZipLimits {
  entries: number;
  /** Inflated bytes of one entry. */
  entryBytes: number;
  /** Inflated bytes of all entries read from one file. */
  totalBytes: number;
}

export const ZIP_LIMITS: ZipLimits = { entries: 10_000, entryBytes: 200 * 2 ** 20, totalBytes: 500 * 2 ** 20 };

interface Entry {
  method: number;
  compressedSize: number;
  size: number;
  localHeader: number;
}

/**
 * Why the workbook cannot be read: damaged (the message is a detail for developers), or over
 * a limit (the message is for people); with the sheet and cell to blame when there is one.
 */
export class ZipProblem {
  constructor(
    readonly kind: 'corrupt' | 'limit',
    readonly message: string,
    readonly sheet?: string,
    readonly cell?: string,
  ) {}
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_BYTES = 22;
const STORED = 0;
const DEFLATED = 8;

const corrupt = (why: string) => new ZipProblem('corrupt', why);
const megabytes = (n: number) => `${Math.round(n / 2 ** 20)} MB`;

const ZIP64_MARKER = 0xffffffff;
const ZIP64_EXTRA = 0x0001;

/**
 * Sizes and offsets too large for 32 bits (or written by tools that always stream zip64)
 * are marked 0xFFFFFFFF and follow in the zip64 extra field, in this order. False when missing.
 */
function zip64Sizes(buf: Buffer, extra: number, length: number, entry: Entry): boolean {
  const fields = (['size', 'compressedSize', 'localHeader'] as const).filter((k) => entry[k] === ZIP64_MARKER);
  if (fields.length === 0) return true;
  for (let at = extra; at + 4 <= extra + length; at += 4 + buf.readUInt16LE(at + 2)) {
    if (buf.readUInt16LE(at) !== ZIP64_EXTRA) continue;
    if (buf.readUInt16LE(at + 2) < fields.length * 8) return false;
    fields.forEach((k, i) => (entry[k] = Number(buf.readBigUInt64LE(at + 4 + i * 8))));
    return true;
  }
  return false;
}

export class ZipArchive {
  private inflated = 0;

  private constructor(
    private readonly buf: Buffer,
    private readonly entries: Map<string, Entry>,
    private readonly limits: ZipLimits,
  ) {}

  /** Reads the central directory; a ZipProblem when it is damaged or lists too many entries. */
  static open(bytes: Uint8Array, limits: ZipLimits = ZIP_LIMITS): ZipArchive | ZipProblem {
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let eocd = buf.length - EOCD_BYTES;
    // The record ends the file, unless a comment of up to 64 KiB follows it.
    const stop = Math.max(0, buf.length - EOCD_BYTES - 0xffff);
    while (eocd >= stop && buf.readUInt32LE(eocd) !== EOCD_SIGNATURE) eocd--;
    if (eocd < stop) return corrupt('no end of central directory');
    const count = buf.readUInt16LE(eocd + 10);
    if (count > limits.entries) {
      return new ZipProblem(
        'limit',
        `工作簿里有 ${count} 个内部文件，超过上限 ${limits.entries} 个，可能是恶意构造的文件，本文件未读入`,
      );
    }
    const entries = new Map<string, Entry>();
    let at = buf.readUInt32LE(eocd + 16);
    for (let i = 0; i < count; i++) {
      if (at + 46 > buf.length || buf.readUInt32LE(at) !== CENTRAL_SIGNATURE) return corrupt('central directory');
      const nameLength = buf.readUInt16LE(at + 28);
      const extraLength = buf.readUInt16LE(at + 30);
      const name = buf.toString('utf8', at + 46, at + 46 + nameLength);
      const entry = {
        method: buf.readUInt16LE(at + 10),
        compressedSize: buf.readUInt32LE(at + 20),
        size: buf.readUInt32LE(at + 24),
        localHeader: buf.readUInt32LE(at + 42),
      };
      if (!zip64Sizes(buf, at + 46 + nameLength, extraLength, entry)) return corrupt(`zip64 fields of ${name}`);
      entries.set(name.startsWith('/') ? name.slice(1) : name, entry);
      at += 46 + nameLength + extraLength + buf.readUInt16LE(at + 32);
    }
    return new ZipArchive(buf, entries, limits);
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** The entry as UTF-8 text; null when absent; a ZipProblem when damaged or over a limit. */
  text(name: string): string | null | ZipProblem {
    const out = this.bytes(name);
    return out === null || out instanceof ZipProblem ? out : out.toString('utf8');
  }

  /**
   * Inflates every entry, under the limits, and keeps nothing: for a reader of our own that
   * cannot be stopped halfway, the archive is first shown to stay within the limits whole.
   */
  checkAll(): ZipProblem | null {
    for (const name of this.entries.keys()) {
      const out = this.bytes(name);
      if (out instanceof ZipProblem) return out;
    }
    return null;
  }

  private bytes(name: string): Buffer | null | ZipProblem {
    const entry = this.entries.get(name);
    if (!entry) return null;
    const { buf, limits } = this;
    const overLimit = () =>
      new ZipProblem(
        'limit',
        `工作簿内部文件“${name}”解压后超过 ${megabytes(limits.entryBytes)}，可能是恶意构造的文件（压缩炸弹），本文件未读入`,
      );
    if (entry.size > limits.entryBytes) return overLimit();
    const local = entry.localHeader;
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== LOCAL_SIGNATURE)
      return corrupt(`local header of ${name}`);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    if (start + entry.compressedSize > buf.length) return corrupt(`data of ${name}`);
    const data = buf.subarray(start, start + entry.compressedSize);
    let out: Buffer;
    if (entry.method === STORED) out = data;
    else if (entry.method !== DEFLATED) return corrupt(`method ${entry.method}`);
    else {
      try {
        // The declared size may lie: inflating stops at the limit whatever the header says.
        out = inflateRawSync(data, { maxOutputLength: limits.entryBytes });
      } catch (e) {
        return (e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' ? overLimit() : corrupt(`inflate ${name}`);
      }
    }
    this.inflated += out.length;
    if (this.inflated > limits.totalBytes) {
      return new ZipProblem(
        'limit',
        `工作簿解压后的内容超过 ${megabytes(limits.totalBytes)}，可能是恶意构造的文件（压缩炸弹），本文件未读入`,
      );
    }
    return out;
  }
}
