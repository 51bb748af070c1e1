// Sending a period's plan by e-mail: for each recipient only the documents it has not received
// with the same content (all of them with `resend`), composed into messages, then either
// written as .eml files (a dry run) or sent, every outcome logged. One bad address never stops
// the others; nothing counts as delivered unless the server accepted it.
import { readFileSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EXIT, ExplainedError } from '../base/errors.ts';
import { sha256 } from '../base/hash.ts';
import { safeFileName } from '../forms/file-name.ts';
import type { Store } from '../store/db.ts';
import { composeDelivery, type ComposeContext, type Delivery, type Message, type Refusal } from './compose.ts';
import { deliveryHistory, logDeliveries, type DeliveryHistory, type DeliveryRow } from './delivery-log.ts';
import type { MailTemplates } from './mail-templates.ts';
import type { MailSettings } from './office.ts';
import type { Parcel, PlannedDocument, SendPlan } from './plan.ts';
import type { RecipientOutcome, Sender } from './smtp.ts';
import type { PeriodStatus } from './status.ts';

/** The output folder is not what its manifest says (a build is publishing, or files were touched). */
export class OutputChanged extends ExplainedError {
  readonly exitCode = EXIT.failed;
}

export interface SendContext {
  store: Store;
  mail: MailSettings;
  plan: SendPlan;
  status: PeriodStatus;
  periodLabel: string;
  issuer: string;
  templates: MailTemplates;
  outputDir: string;
  resend: boolean;
  now: Date;
  /** A test message: subjects marked 【测试】 and nothing written to the delivery log. */
  test?: boolean;
}

export interface SentMessage {
  message: Message;
  /** Per recipient; absent in a dry run. */
  outcomes?: RecipientOutcome[];
  /** The .eml file a dry run wrote. */
  eml?: string;
}

export interface SendReport {
  messages: SentMessage[];
  refused: Refusal[];
  /** Parcels for organizations without an e-mail address in the roster. */
  unreachable: Parcel[];
  /** Documents not sent again because the recipient has them with the same content. */
  alreadyDelivered: number;
}

/** What identifies each thing a parcel carries in the log: its documents, or the reminder itself. */
function items(parcel: Parcel): PlannedDocument[] {
  if (!parcel.reminder) return parcel.documents;
  return [{ document: parcel.reminder.document, name: '催交', sha256: parcel.reminder.sha256, bytes: 0 }];
}

/**
 * The parcel for each group of its recipients that lack the same documents: a contact added to
 * the roster later gets everything, the secretary only what changed.
 */
export function deliveries(
  parcel: Parcel,
  history: DeliveryHistory,
  resend: boolean,
): { groups: Delivery[]; skipped: number } {
  const groups = new Map<string, Delivery>();
  let skipped = 0;
  for (const [field, people] of [
    ['to', parcel.to],
    ['cc', parcel.cc],
  ] as const) {
    for (const person of people) {
      const fresh = items(parcel).filter((d) => resend || !history.has(person.address, d.document, d.sha256));
      skipped += items(parcel).length - fresh.length;
      if (fresh.length === 0) continue;
      const key = fresh.map((d) => `${d.document}\0${d.sha256}`).join('\n');
      const group = groups.get(key) ?? {
        parcel,
        to: [],
        cc: [],
        documents: parcel.reminder ? [] : fresh,
        replaced: false,
      };
      group[field].push(person);
      group.replaced ||= fresh.some((d) => history.replaces(person.address, d.document, d.sha256));
      groups.set(key, group);
    }
  }
  // A group without a To (only the contact lacks something) sends to the contact directly.
  return { groups: [...groups.values()].map((g) => (g.to.length === 0 ? { ...g, to: g.cc, cc: [] } : g)), skipped };
}

/** The document's bytes as the manifest recorded them, or the reason it cannot go out. */
function reader(outputDir: string) {
  return (doc: PlannedDocument): Buffer => {
    let bytes: Buffer;
    try {
      bytes = readFileSync(join(outputDir, doc.document));
    } catch {
      throw new OutputChanged(`输出文件夹中找不到 ${doc.document}；请先运行 pingyi build`);
    }
    if (sha256(bytes) !== doc.sha256)
      throw new OutputChanged(
        `${doc.document} 与 manifest.json 记录的内容不一致（可能正在生成）；请等生成结束后重新发送`,
      );
    return bytes;
  };
}

async function compose(ctx: SendContext): Promise<SendReport> {
  const history = await deliveryHistory(ctx.store, 'email');
  const composeContext: ComposeContext = {
    templates: ctx.templates,
    from: ctx.mail.from,
    ...(ctx.mail.replyTo && { replyTo: ctx.mail.replyTo }),
    maxBytes: Math.floor(ctx.mail.maxMessageMB * 1024 * 1024),
    status: ctx.status,
    periodLabel: ctx.periodLabel,
    issuer: ctx.issuer,
    read: reader(ctx.outputDir),
    now: ctx.now,
    ...(ctx.test && { subjectPrefix: '【测试】' }),
  };
  const report: SendReport = { messages: [], refused: [], unreachable: [], alreadyDelivered: 0 };
  for (const parcel of ctx.plan.parcels) {
    if (parcel.to.length === 0) {
      report.unreachable.push(parcel);
      continue;
    }
    const { groups, skipped } = deliveries(parcel, history, ctx.resend);
    report.alreadyDelivered += parcel.reminder ? 0 : skipped;
    for (const d of groups) {
      const { messages, refused } = await composeDelivery(composeContext, d);
      report.messages.push(...messages.map((message) => ({ message })));
      report.refused.push(...refused);
    }
  }
  return report;
}

/** Writes what would be sent as .eml files (the folder's earlier .eml files are removed first). */
export async function dryRun(ctx: SendContext, previewDir: string): Promise<SendReport> {
  const report = await compose(ctx);
  await mkdir(previewDir, { recursive: true });
  for (const f of await readdir(previewDir)) if (f.endsWith('.eml')) await rm(join(previewDir, f));
  for (const [i, m] of report.messages.entries()) {
    const { parcel } = m.message.delivery;
    const name = safeFileName(
      [
        String(i + 1).padStart(3, '0'),
        parcel.purpose === 'reminder' ? '催交' : '',
        parcel.orgId ?? '',
        parcel.label,
        m.message.parts > 1 ? `${m.message.part}of${m.message.parts}` : '',
      ].filter(Boolean),
      'eml',
    );
    m.eml = join(previewDir, name);
    await writeFile(m.eml, m.message.raw);
  }
  return report;
}

/**
 * Sends every message, logging each as it goes (a run cut short keeps what it did). `scrub`
 * removes secrets from anything written to the log.
 */
export async function sendAll(
  ctx: SendContext,
  sender: Sender,
  scrub: (text: string) => string,
  onSent?: (m: SentMessage) => void,
): Promise<SendReport> {
  const report = await compose(ctx);
  const row = (
    parcel: Parcel,
    recipient: string,
    doc: PlannedDocument,
    status: 'delivered' | 'failed',
    reply: string,
    messageId: string | null,
  ): DeliveryRow => ({
    delivered_at: new Date(),
    channel: 'email',
    recipient,
    org_id: parcel.orgId,
    period: parcel.period,
    purpose: parcel.purpose,
    document: doc.document,
    sha256: doc.sha256,
    bytes: doc.bytes,
    message_id: messageId,
    status,
    reply: scrub(reply),
  });
  const log = (rows: DeliveryRow[]) => (ctx.test ? Promise.resolve() : logDeliveries(ctx.store, rows));
  await log(
    report.refused.flatMap((r) =>
      [...r.delivery.to, ...r.delivery.cc].map((p) =>
        row(r.delivery.parcel, p.address, r.document, 'failed', r.reason, null),
      ),
    ),
  );
  // After a refused login or an untrusted certificate the rest is not tried: the same failure,
  // and a wrong password tried again and again may lock the office's mailbox.
  let unusable: string | null = null;
  for (const sent of report.messages) {
    const { message } = sent;
    const { parcel } = message.delivery;
    const to = [...message.delivery.to, ...message.delivery.cc].map((p) => p.address);
    sent.outcomes = unusable
      ? to.map((address) => ({ address, delivered: false, reply: `未尝试：${unusable}`, attempts: 0 }))
      : (await sender.send({ from: ctx.mail.from.address, to }, message.raw)).map((o) => ({
          ...o,
          reply: scrub(o.reply),
        }));
    unusable ??= sent.outcomes.find((o) => o.fatal)?.reply ?? null;
    const carried = parcel.reminder ? items(parcel) : message.documents;
    await log(
      sent.outcomes.flatMap((o) =>
        carried.map((doc) =>
          row(parcel, o.address, doc, o.delivered ? 'delivered' : 'failed', o.reply, message.messageId),
        ),
      ),
    );
    onSent?.(sent);
  }
  return report;
}

/**
 * One message of the plan, the leaders' if there is one, redirected to `address`: what a real
 * run would send, to try the office's mail server without writing to anyone else.
 */
export function testPlan(plan: SendPlan, address: string): SendPlan {
  const parcel = plan.parcels.find((p) => p.purpose === 'leaders') ?? plan.parcels.find((p) => p.documents.length > 0);
  return { ...plan, parcels: parcel ? [{ ...parcel, to: [{ address }], cc: [] }] : [] };
}

/** Removes the password, and the encodings an SMTP login sends it in, from any text. */
export function secretScrubber(user: string | null, password: string | null): (text: string) => string {
  if (!password) return (text) => text;
  const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
  const secrets = [
    password,
    b64(password),
    b64(`\0${user ?? ''}\0${password}`),
    b64(`${user ?? ''}\0${user ?? ''}\0${password}`),
  ]
    .filter((s) => s.length > 0)
    .sort((a, b) => b.length - a.length);
  return (text) => secrets.reduce((t, s) => t.split(s).join('******'), text);
}

/** Failures to list at the end: each address that was not delivered, and each document refused. */
export function failures(report: SendReport): { who: string; label: string; reason: string }[] {
  return [
    ...report.messages.flatMap((m) =>
      (m.outcomes ?? [])
        .filter((o) => !o.delivered)
        .map((o) => ({ who: o.address, label: m.message.delivery.parcel.label, reason: o.reply })),
    ),
    ...report.refused.map((r) => ({
      who: [...r.delivery.to, ...r.delivery.cc].map((p) => p.address).join('、'),
      label: `${r.delivery.parcel.label}：${r.document.name}`,
      reason: r.reason,
    })),
  ];
}
