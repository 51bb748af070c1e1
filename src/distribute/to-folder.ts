// Offline distribution: one folder (or zip) per organization, and one for the leaders, with
// its documents and a 清单 listing them, for a shared drive or a USB stick. Logged like the
// mail; a document already in its folder with the same content is not copied again.
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { sha256, sha256File } from '../base/hash.ts';
import { safeFileName } from '../forms/file-name.ts';
import type { Store } from '../store/db.ts';
import { sizeText } from './compose.ts';
import { deliveryHistory, logDeliveries } from './delivery-log.ts';
import type { Parcel, PlannedDocument, SendPlan } from './plan.ts';
import { OutputChanged } from './send.ts';

export interface FolderContext {
  store: Store;
  plan: SendPlan;
  periodLabel: string;
  issuer: string;
  outputDir: string;
  dir: string;
  zip: boolean;
  resend: boolean;
  now: Date;
}

export interface FolderDelivery {
  parcel: Parcel;
  /** The folder or zip file written. */
  target: string;
  written: PlannedDocument[];
}

export interface FolderReport {
  delivered: FolderDelivery[];
  /** Documents already in place with the same content. */
  unchanged: number;
}

const stamp = (d: Date) => d.toLocaleString('sv-SE').slice(0, 16);

function listing(ctx: FolderContext, parcel: Parcel): string {
  const who = parcel.orgId ? `${parcel.label}（${parcel.orgId}）` : parcel.label;
  const lines = [
    `${who} · ${ctx.periodLabel}评议材料`,
    `${ctx.issuer} 分发，${stamp(ctx.now)}`,
    '',
    ...parcel.documents.map((d, i) => `${i + 1}. ${d.name}（${sizeText(d.bytes)}）  SHA-256 ${d.sha256}`),
    '',
    '可用 SHA-256 核对文件是否完整：Windows 中运行 certutil -hashfile 文件名 SHA256。',
  ];
  // A BOM and CRLF, so Notepad on an older Windows shows it right.
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

function source(ctx: FolderContext, doc: PlannedDocument): Buffer {
  const bytes = readFileSync(join(ctx.outputDir, doc.document));
  if (sha256(bytes) !== doc.sha256)
    throw new OutputChanged(`${doc.document} 与 manifest.json 记录的内容不一致（可能正在生成）；请等生成结束后重试`);
  return bytes;
}

export async function deliverToFolders(ctx: FolderContext): Promise<FolderReport> {
  const history = await deliveryHistory(ctx.store, 'folder');
  const report: FolderReport = { delivered: [], unchanged: 0 };
  const listName = safeFileName([`清单（${ctx.periodLabel}）`], 'txt');
  for (const parcel of ctx.plan.parcels) {
    if (parcel.purpose === 'reminder') continue;
    const name = parcel.orgId ? safeFileName([parcel.orgId, parcel.label], 'x').slice(0, -2) : parcel.label;
    const target = resolve(ctx.dir, ctx.zip ? `${name}.zip` : name);
    const present = (doc: PlannedDocument) =>
      ctx.zip
        ? existsSync(target) && history.has(target, doc.document, doc.sha256)
        : existsSync(join(target, doc.name)) && sha256File(join(target, doc.name)) === doc.sha256;
    const fresh = parcel.documents.filter((d) => ctx.resend || !present(d));
    report.unchanged += parcel.documents.length - fresh.length;
    if (fresh.length === 0) continue;
    if (ctx.zip) {
      const { default: JSZip } = await import('jszip');
      const zip = new JSZip();
      for (const d of parcel.documents) zip.file(d.name, source(ctx, d), { date: ctx.now });
      zip.file(listName, listing(ctx, parcel), { date: ctx.now });
      await mkdir(ctx.dir, { recursive: true });
      await writeFile(target, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    } else {
      await mkdir(target, { recursive: true });
      for (const d of fresh) await writeFile(join(target, d.name), source(ctx, d));
      await writeFile(join(target, listName), listing(ctx, parcel));
    }
    await logDeliveries(
      ctx.store,
      fresh.map((d) => ({
        delivered_at: new Date(),
        channel: 'folder',
        recipient: target,
        org_id: parcel.orgId,
        period: parcel.period,
        purpose: parcel.purpose,
        document: d.document,
        sha256: d.sha256,
        bytes: d.bytes,
        message_id: null,
        status: 'delivered',
        reply: null,
      })),
    );
    report.delivered.push({ parcel, target, written: fresh });
  }
  return report;
}
