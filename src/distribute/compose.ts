// Turns each delivery into finished messages: subject and body from the templates, the
// documents attached under their Chinese names (RFC 2231), split into several messages when
// they do not fit the size limit, refused one by one when a single document is too large.
// What is composed here is exactly what is sent, and what a dry run writes as .eml.
import { randomUUID } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { Person } from './office.ts';
import type { MailKind, MailTemplates } from './mail-templates.ts';
import type { Parcel, PlannedDocument } from './plan.ts';
import type { PeriodStatus } from './status.ts';

/** One parcel as it goes to some of its recipients: those for whom the same documents are new. */
export interface Delivery {
  parcel: Parcel;
  to: Person[];
  cc: Person[];
  documents: PlannedDocument[];
  /** Some document was delivered to them before with other content: this is an update. */
  replaced: boolean;
}

export interface Message {
  delivery: Delivery;
  documents: PlannedDocument[];
  part: number;
  parts: number;
  subject: string;
  messageId: string;
  raw: Buffer;
}

export interface Refusal {
  delivery: Delivery;
  document: PlannedDocument;
  reason: string;
}

export interface ComposeContext {
  templates: MailTemplates;
  from: Person;
  replyTo?: Person;
  maxBytes: number;
  status: PeriodStatus;
  periodLabel: string;
  issuer: string;
  /** The document's bytes, checked against its SHA-256; throws with a reason when they differ. */
  read: (doc: PlannedDocument) => Buffer;
  now: Date;
  /** Before every subject: 【测试】 for a test message. */
  subjectPrefix?: string;
}

/** 132 KB, 1.4 MB: sizes as people read them. */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} 字节`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

const chineseDate = (d: Date) => `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日`;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

const KIND: Record<Parcel['purpose'], MailKind> = { org: 'org', leaders: 'leaders', reminder: 'reminder' };

function model(ctx: ComposeContext, d: Delivery, documents: PlannedDocument[], part: number, parts: number) {
  const { parcel } = d;
  const o = parcel.org;
  return {
    issuer: ctx.issuer,
    sender: ctx.from.name ?? ctx.from.address,
    periodLabel: ctx.periodLabel,
    date: chineseDate(ctx.now),
    ...(parts > 1 && { part, parts }),
    documents: documents.map((doc, i) => ({ no: i + 1, name: doc.name, size: sizeText(doc.bytes) })),
    replaced: d.replaced,
    totals: ctx.status.totals,
    ...(o && {
      orgId: o.orgId,
      orgName: o.name,
      secretary: o.secretary,
      contact: o.contact,
      state: o.state,
      missing: o.state === 'missing',
      blank: o.state === 'blank',
      blankSheets: o.blankSheets,
      partialSheets: o.partialSheets,
      overdueDays: o.overdueDays,
    }),
    due: ctx.status.due ? isoDay(ctx.status.due) : null,
    asOf: isoDay(ctx.status.asOf),
  };
}

async function build(
  ctx: ComposeContext,
  d: Delivery,
  documents: { doc: PlannedDocument; bytes: Buffer }[],
  part: number,
  parts: number,
  messageId: string,
): Promise<{ subject: string; raw: Buffer }> {
  const { subject, text } = ctx.templates(
    KIND[d.parcel.purpose],
    model(
      ctx,
      d,
      documents.map((x) => x.doc),
      part,
      parts,
    ),
  );
  const composer = new MailComposer({
    from: ctx.from,
    ...(ctx.replyTo && { replyTo: ctx.replyTo }),
    to: d.to,
    ...(d.cc.length > 0 && { cc: d.cc }),
    subject: `${ctx.subjectPrefix ?? ''}${subject}`,
    text,
    date: ctx.now,
    messageId,
    attachments: documents.map(({ doc, bytes }) => ({ filename: doc.name, content: bytes })),
  });
  const raw = await new Promise<Buffer>((done, fail) =>
    composer.compile().build((e: Error | null, message: Buffer) => (e ? fail(e) : done(message))),
  );
  return { subject: `${ctx.subjectPrefix ?? ''}${subject}`, raw };
}

const newMessageId = (from: Person) => `<${randomUUID()}@${from.address.split('@')[1]}>`;

/** A delivery's messages, each within the size limit; documents that fit in none are refused. */
export async function composeDelivery(
  ctx: ComposeContext,
  d: Delivery,
): Promise<{ messages: Message[]; refused: Refusal[] }> {
  const refused: Refusal[] = [];
  const readable: { doc: PlannedDocument; bytes: Buffer }[] = [];
  for (const doc of d.documents) {
    try {
      readable.push({ doc, bytes: ctx.read(doc) });
    } catch (e) {
      refused.push({ delivery: d, document: doc, reason: (e as Error).message });
    }
  }
  // A reminder carries nothing; a parcel whose every document failed sends nothing.
  if (d.documents.length > 0 && readable.length === 0) return { messages: [], refused };

  // Packed greedily in order, measuring the composed message itself: base64, headers and all.
  const groups: (typeof readable)[] = [];
  let current: typeof readable = [];
  const fits = async (docs: typeof readable) =>
    (await build(ctx, d, docs, 99, 99, '<size@check>')).raw.length <= ctx.maxBytes;
  for (const x of readable) {
    if (await fits([...current, x])) {
      current.push(x);
      continue;
    }
    if (current.length > 0) groups.push(current);
    current = [];
    if (await fits([x])) current = [x];
    else
      refused.push({
        delivery: d,
        document: x.doc,
        reason: `文件 ${sizeText(x.doc.bytes)}，编码后超过单封邮件上限 ${sizeText(ctx.maxBytes)}，未发送；请改用 --to-folder 分发，或在设置中调大 mail.maxMessageMB（须不超过邮件服务器的限制）`,
      });
  }
  // A reminder is one message without attachments.
  if (current.length > 0 || d.documents.length === 0) groups.push(current);

  const messages: Message[] = [];
  for (const [i, group] of groups.entries()) {
    const messageId = newMessageId(ctx.from);
    const { subject, raw } = await build(ctx, d, group, i + 1, groups.length, messageId);
    messages.push({
      delivery: d,
      documents: group.map((x) => x.doc),
      part: i + 1,
      parts: groups.length,
      subject,
      messageId,
      raw,
    });
  }
  return { messages, refused };
}
