// The office's own settings, beside the input folder in office.yaml: when each period's forms
// are due, the mail server and sender, and who the leaders are. Not the scheme: the scheme is
// about scoring, and a due date moved must not make a build read every file again.
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from '../scheme/zod.ts';
import { EMAIL_HINT, isEmailAddress } from '../base/contact.ts';
import { EXIT, ExplainedError } from '../base/errors.ts';
import { unreadableReason } from '../base/unreadable-reason.ts';
import { parseSettings, readSettings, settingsFile, type SettingsFormat } from '../scheme/settings-file.ts';
import { parsePeriod, periodEnd } from '../scheme/period.ts';

export const OFFICE_FILE_NAME = 'office.yaml';

/** Documents of a period the leaders may receive, by the kind the build gives them (docs/office.md). */
export const LEADER_DOCUMENTS = [
  'summary',
  'org-ranking',
  'member-ranking',
  'recommendations',
  'results-xlsx',
] as const;

/** The environment wins over the file for the server; the password comes only from there or a file. */
export const SMTP_ENV = {
  host: 'PINGYI_SMTP_HOST',
  port: 'PINGYI_SMTP_PORT',
  security: 'PINGYI_SMTP_SECURITY',
  user: 'PINGYI_SMTP_USER',
  password: 'PINGYI_SMTP_PASSWORD',
  passwordFile: 'PINGYI_SMTP_PASSWORD_FILE',
} as const;

/** 2011-07-10 (or 2011-7-10) as that day at UTC midnight, as the database gives dates. */
const day = z.preprocess(
  (v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v),
  z
    .string()
    .trim()
    .refine((t) => parseDay(t) !== null, { message: 'date' })
    .transform((t) => parseDay(t)!),
);

function parseDay(text: string): Date | null {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCMonth() === mo - 1 && date.getUTCDate() === d ? date : null;
}

const emailAddress = z
  .string()
  .trim()
  .refine(isEmailAddress, { message: 'email' })
  .transform((a) => a.replace(/@(.*)$/, (_, domain: string) => `@${domain.toLowerCase()}`));

const person = z.strictObject({ name: z.string().trim().min(1).optional(), address: emailAddress });

const security = z.enum(['starttls', 'tls', 'none']);

const officeSchema = z.strictObject({
  due: z
    .record(z.string(), day)
    .superRefine((due, ctx) => {
      for (const p of Object.keys(due))
        if (!parsePeriod(p)) ctx.addIssue({ code: 'custom', message: 'period', path: [p], input: p });
    })
    .default({}),
  dueDaysAfterPeriodEnd: z.number().int().min(0).max(366).optional(),
  mail: z
    .strictObject({
      from: person,
      replyTo: person.optional(),
      smtp: z
        .strictObject({
          host: z.string().trim().min(1).optional(),
          port: z.number().int().min(1).max(65535).optional(),
          security: security.default('starttls'),
          user: z.string().trim().min(1).optional(),
          passwordFile: z.string().trim().min(1).optional(),
          /** Accept a certificate no authority vouches for: a server inside the office's network. */
          allowSelfSigned: z.boolean().default(false),
          /** Or trust exactly this certificate authority (a PEM file). */
          ca: z.string().trim().min(1).optional(),
          timeoutSeconds: z.number().positive().max(600).default(60),
        })
        .default({ security: 'starttls', allowSelfSigned: false, timeoutSeconds: 60 }),
      maxMessageMB: z.number().positive().max(1000).default(20),
      /** Tries after the first for a temporary failure, the first pause, doubling each time. */
      retries: z.number().int().min(0).max(10).default(3),
      retryDelaySeconds: z.number().min(0).max(600).default(5),
    })
    .optional(),
  leaders: z
    .strictObject({
      recipients: z.array(person).min(1),
      documents: z.array(z.enum(LEADER_DOCUMENTS)).min(1).default(['summary', 'org-ranking', 'member-ranking']),
    })
    .optional(),
});

export type Office = z.output<typeof officeSchema>;
export type MailSettings = NonNullable<Office['mail']>;
export type Person = z.output<typeof person>;

/** The settings file or the mail server settings are wrong: fix them and run again. */
export class OfficeError extends ExplainedError {
  readonly exitCode = EXIT.usage;
}

const FORMATS: Record<string, string> = {
  date: '应为日期，如 2011-07-10',
  email: EMAIL_HINT,
  period: '评议期应写作 2011H1 或 2011H2（2011年上半年）',
};

/** --office wins; else office.yaml beside the input folder; else none. */
export const resolveOfficeFile = (explicit: string | undefined, inputDir: string): string | null =>
  settingsFile(explicit, inputDir, OFFICE_FILE_NAME);

const OFFICE_FORMAT: SettingsFormat<Office> = {
  label: '设置文件',
  schema: officeSchema,
  docs: 'docs/office.md',
  // Caught before the schema, which would only call it an unknown key.
  check: (doc) =>
    doc.hasIn(['mail', 'smtp', 'password'])
      ? `mail.smtp.password: 邮箱密码不能写在设置文件中；请放在环境变量 ${SMTP_ENV.password} 中，或写入一个只有本人可读（权限 600）的文件，用 mail.smtp.passwordFile 指定`
      : null,
  word: (message) => FORMATS[message] ?? message,
  fail: (message) => new OfficeError(message),
};

/** No file: no due dates, no mail; what needs them says so when asked. */
export function loadOffice(file: string | null): Office {
  return file ? readSettings(file, OFFICE_FORMAT) : officeSchema.parse({});
}

export function parseOffice(text: string, file = OFFICE_FILE_NAME): Office {
  return parseSettings(text, file, OFFICE_FORMAT);
}

/** The period's 回收截止 date: its own, else so many days after the half year ends, else none. */
export function dueDate(office: Office, period: string): Date | null {
  const code = parsePeriod(period);
  if (!code) return null;
  for (const [p, date] of Object.entries(office.due)) if (parsePeriod(p)?.code === code.code) return date;
  if (office.dueDaysAfterPeriodEnd === undefined) return null;
  return new Date(periodEnd(code).getTime() + office.dueDaysAfterPeriodEnd * 86_400_000);
}

/** The mail server as the environment and the settings file give it, and whether a password is set. */
export interface SmtpSettings {
  host: string;
  port: number;
  security: z.output<typeof security>;
  user: string | null;
  password: string | null;
  allowSelfSigned: boolean;
  /** The certificates (PEM) of the authority that signed the server's, read with the settings. */
  ca: Buffer | null;
  timeoutMs: number;
}

/**
 * Reads the password from the environment or a file only the user can read. `baseDir` resolves
 * the settings' relative paths (the folder of office.yaml).
 */
export function smtpSettings(
  mail: MailSettings,
  env: NodeJS.ProcessEnv,
  baseDir: string,
  platform: NodeJS.Platform = process.platform,
): SmtpSettings {
  const s = mail.smtp;
  const host = env[SMTP_ENV.host]?.trim() || s.host;
  if (!host)
    throw new OfficeError(`没有设置邮件服务器：请在设置文件的 mail.smtp.host 中填写，或设置环境变量 ${SMTP_ENV.host}`);
  const securityText = env[SMTP_ENV.security]?.trim();
  const parsedSecurity = securityText ? security.safeParse(securityText) : null;
  if (parsedSecurity && !parsedSecurity.success)
    throw new OfficeError(`环境变量 ${SMTP_ENV.security} 只能是 starttls、tls、none 之一（当前 ${securityText}）`);
  const mode = parsedSecurity?.data ?? s.security;
  const portText = env[SMTP_ENV.port]?.trim();
  const port = portText ? Number(portText) : (s.port ?? (mode === 'tls' ? 465 : 587));
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new OfficeError(`环境变量 ${SMTP_ENV.port} 应为 1 到 65535 的端口号（当前 ${portText}）`);
  const user = env[SMTP_ENV.user]?.trim() || s.user || null;
  const passwordFile = env[SMTP_ENV.passwordFile]?.trim() || s.passwordFile;
  let password = env[SMTP_ENV.password] || null;
  if (!password && passwordFile) password = readPasswordFile(resolve(baseDir, passwordFile), platform);
  if (user && !password)
    throw new OfficeError(
      `已设置邮箱用户 ${user}，但没有密码：请设置环境变量 ${SMTP_ENV.password}，或用 mail.smtp.passwordFile / ${SMTP_ENV.passwordFile} 指定密码文件（权限 600）`,
    );
  return {
    host,
    port,
    security: mode,
    user,
    password,
    allowSelfSigned: s.allowSelfSigned,
    ca: s.ca ? readCertificates(resolve(baseDir, s.ca)) : null,
    timeoutMs: s.timeoutSeconds * 1000,
  };
}

/** mail.smtp.ca, read before any mail is planned: a wrong path is said now, not at the first connection. */
function readCertificates(file: string): Buffer {
  let pem: Buffer;
  try {
    pem = readFileSync(file);
  } catch (e) {
    throw new OfficeError(`mail.smtp.ca 指定的证书文件 ${file} 无法读取：${unreadableReason(e)}`);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----'))
    throw new OfficeError(
      `mail.smtp.ca 指定的文件 ${file} 不是 PEM 格式的证书（应有“-----BEGIN CERTIFICATE-----”一行）；请向邮件服务器的管理员要 PEM 格式的签发机构证书`,
    );
  return pem;
}

/** Refused when anyone but its owner may read it (Windows keeps no such bits). */
function readPasswordFile(file: string, platform: NodeJS.Platform): string {
  let mode: number;
  try {
    mode = statSync(file).mode;
  } catch (e) {
    throw new OfficeError(`密码文件 ${file} 无法读取：${unreadableReason(e)}`);
  }
  if (platform !== 'win32' && (mode & 0o077) !== 0) {
    const bits = (mode & 0o777).toString(8);
    throw new OfficeError(`密码文件 ${file} 的权限是 ${bits}，其他用户也能读取；请运行 chmod 600 "${file}" 后重试`);
  }
  const password = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  if (!password) throw new OfficeError(`密码文件 ${file} 是空的`);
  return password;
}
