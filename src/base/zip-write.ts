// A zip file from named entries, each deflated by Node's zlib and dated `date` (UTC, at the
// earliest 1980, where zip's dates begin), so the same entries give the same bytes with the
// same Node. Used for the exports' workbooks, which are reused by their key and never compared
// byte for byte across machines; the forms and the shipped sample are zipped by JSZip, whose
// deflate is the same on every Node version (forms/workbook.ts).
import { crc32, deflateRawSync } from 'node:zlib';

const LOCAL_SIGNATURE = 0x04034b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const EOCD_SIGNATURE = 0x06054b50;
const VERSION = 20;
const UTF8_NAMES = 0x0800;
const DEFLATED = 8;
const ZIP_EPOCH = Date.UTC(1980, 0, 1);

/** MS-DOS time and date, to the even second, as zip stores them. */
function dosDateTime(when: Date): { time: number; day: number } {
  const date = new Date(Math.max(when.getTime(), ZIP_EPOCH));
  return {
    time: (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | (date.getUTCSeconds() >> 1),
    day: ((date.getUTCFullYear() - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate(),
  };
}

export function zipEntries(entries: { name: string; data: Uint8Array }[], date: Date): Buffer {
  const { time, day } = dosDateTime(date);
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const nameBytes = Buffer.from(name, 'utf8');
    const packed = deflateRawSync(data, { level: 6 });
    // The fields both headers share, from "version needed" to the name's length.
    const common = Buffer.alloc(26);
    common.writeUInt16LE(VERSION, 0);
    common.writeUInt16LE(UTF8_NAMES, 2);
    common.writeUInt16LE(DEFLATED, 4);
    common.writeUInt16LE(time, 6);
    common.writeUInt16LE(day, 8);
    common.writeUInt32LE(crc32(data), 10);
    common.writeUInt32LE(packed.length, 14);
    common.writeUInt32LE(data.length, 18);
    common.writeUInt16LE(nameBytes.length, 22);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL_SIGNATURE, 0);
    common.copy(local, 4);
    parts.push(local, nameBytes, packed);
    const head = Buffer.alloc(46);
    head.writeUInt32LE(CENTRAL_SIGNATURE, 0);
    head.writeUInt16LE(VERSION, 4);
    common.copy(head, 6);
    head.writeUInt32LE(offset, 42);
    central.push(head, nameBytes);
    offset += local.length + nameBytes.length + packed.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(EOCD_SIGNATURE, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}
