// Sending a period's documents, as a recipe: the settings, what the last build published, the
// 回收情况 from the database, the plan; then into folders, or a dry run (.eml files), or by
// mail — each organization its own documents, the leaders theirs, reminders to the late ones.
import { dirname, resolve } from 'node:path';
import { hasSentMail } from '../distribute/delivery-log.ts';
import { loadMailTemplates } from '../distribute/mail-templates.ts';
import {
  dueDate,
  loadOffice,
  OfficeError,
  resolveOfficeFile,
  smtpSettings,
  type MailSettings,
  type SmtpSettings,
} from '../distribute/office.ts';
import { planSending } from '../distribute/plan.ts';
import {
  dryRun,
  secretScrubber,
  sendAll,
  testPlan,
  type SendContext,
  type SendReport,
  type SentMessage,
} from '../distribute/send.ts';
import { smtpSender } from '../distribute/smtp.ts';
import { periodStatus } from '../distribute/status.ts';
import { statusFacts } from '../distribute/status-facts.ts';
import { deliverToFolders, type FolderReport } from '../distribute/to-folder.ts';
import { checkTemplates, DEFAULT_TEMPLATES } from '../report/templates.ts';
import { parsePeriod, periodLabel } from '../scheme/period.ts';
import { withDatabase } from './collect.ts';
import type { Effects } from './effects.ts';
import { readManifest } from './manifest.ts';

export interface SendOptions {
  input: string;
  output: string;
  db: string;
  scheme?: string;
  office?: string;
  templates?: string;
  /** A period code (2011H1); default: the latest the output folder holds. */
  period?: string;
  wait?: boolean;
  /** auto: a dry run until something has been sent for real once. */
  mode: 'dry-run' | 'send' | 'auto';
  resend: boolean;
  /** Where a dry run writes its .eml files. */
  preview: string;
  toFolder?: string;
  zip?: boolean;
  /** Send one message of the plan to this address only, marked 【测试】 and not logged. */
  testTo?: string;
  /** The environment the mail server settings and password are taken from. */
  env: NodeJS.ProcessEnv;
}

export type SendOutcome =
  | { kind: 'mail'; dryRun: boolean; report: SendReport; server?: ServerCheck }
  | { kind: 'folder'; report: FolderReport };

/** A dry run logs in to the mail server when it has a password, to show the settings work. */
export type ServerCheck = { ok: true } | { ok: false; reason: string } | { skipped: string };

async function checkServer(mail: MailSettings, env: NodeJS.ProcessEnv, baseDir: string): Promise<ServerCheck> {
  let settings: SmtpSettings;
  try {
    settings = smtpSettings(mail, env, baseDir);
  } catch (e) {
    if (e instanceof OfficeError) return { skipped: e.message };
    throw e;
  }
  if (settings.user && !settings.password) return { skipped: '没有密码' };
  const sender = smtpSender(settings, { retries: 0, delayMs: 0 });
  try {
    const failure = await sender.check();
    return failure === null
      ? { ok: true }
      : { ok: false, reason: secretScrubber(settings.user, settings.password)(failure) };
  } finally {
    sender.close();
  }
}

export class NothingPublished extends OfficeError {}

export async function send(
  o: SendOptions,
  effects: Effects & { onSent?: (m: SentMessage) => void },
): Promise<SendOutcome> {
  const officeFile = resolveOfficeFile(o.office, o.input);
  const office = loadOffice(officeFile);
  const templates = o.templates ? resolve(o.templates) : DEFAULT_TEMPLATES;
  if (o.templates) checkTemplates(templates);
  const manifest = await readManifest(resolve(o.output));
  if (!manifest) throw new NothingPublished(`输出文件夹 ${resolve(o.output)} 中没有生成结果；请先运行 pingyi build`);
  const period =
    o.period ??
    manifest.outputs
      .map((e) => e.period)
      .sort()
      .at(-1);
  if (!period) throw new NothingPublished('输出文件夹中没有任何评议期的文件；请先运行 pingyi build');
  const now = new Date();

  return withDatabase({ ...o, read: false }, effects, async (store, scheme) => {
    const status = periodStatus(scheme, await statusFacts(store, period), dueDate(office, period), now);
    const plan = planSending(status, manifest.outputs, office);
    const label = periodLabel(scheme, parsePeriod(period)!);
    if (o.toFolder) {
      const dir = resolve(o.toFolder);
      const report = await deliverToFolders({
        store,
        plan,
        periodLabel: label,
        issuer: scheme.issuer,
        outputDir: resolve(o.output),
        dir,
        zip: o.zip ?? false,
        resend: o.resend,
        now,
      });
      return { kind: 'folder', report };
    }
    const baseDir = officeFile ? dirname(officeFile) : process.cwd();
    if (!office.mail)
      throw new OfficeError(
        `${officeFile ?? 'input 旁边的 office.yaml'} 中没有邮件设置（mail）；请按 docs/office.md 填写发件人和邮件服务器`,
      );
    const ctx: SendContext = {
      store,
      mail: office.mail,
      plan: o.testTo ? testPlan(plan, o.testTo) : plan,
      status,
      periodLabel: label,
      issuer: scheme.issuer,
      templates: loadMailTemplates(templates, DEFAULT_TEMPLATES),
      outputDir: resolve(o.output),
      resend: o.resend || o.testTo !== undefined,
      now,
      test: o.testTo !== undefined,
    };
    const real = o.mode === 'send' || (o.mode === 'auto' && (await hasSentMail(store)));
    if (!real)
      return {
        kind: 'mail',
        dryRun: true,
        report: await dryRun(ctx, resolve(o.preview)),
        server: await checkServer(office.mail, o.env, baseDir),
      };
    const settings = smtpSettings(office.mail, o.env, baseDir);
    const sender = smtpSender(settings, {
      retries: office.mail.retries,
      delayMs: office.mail.retryDelaySeconds * 1000,
    });
    try {
      const report = await sendAll(ctx, sender, secretScrubber(settings.user, settings.password), effects.onSent);
      return { kind: 'mail', dryRun: false, report };
    } finally {
      sender.close();
    }
  });
}
