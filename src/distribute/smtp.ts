// Sends one composed message over SMTP and says, per recipient, what became of it. A temporary
// failure (a 4xx reply, a dropped connection, a timeout) is tried again after a growing pause;
// a permanent one (a 5xx reply, a refused address, a bad certificate, a wrong password) is
// reported at once. Only an address the server accepted is delivered.
import { isIP } from 'node:net';
import nodemailer from 'nodemailer';
import type { SmtpSettings } from './office.ts';

export interface RecipientOutcome {
  address: string;
  delivered: boolean;
  /** The server's reply, or why it failed, in words for the log. */
  reply: string;
  attempts: number;
  /** The server cannot be used at all (login refused, certificate not trusted): the next messages would fail alike. */
  fatal?: boolean;
}

export interface Sender {
  send(envelope: { from: string; to: string[] }, raw: Buffer): Promise<RecipientOutcome[]>;
  /** Connects and logs in without sending: null when all is well, else why not. */
  check(): Promise<string | null>;
  close(): void;
}

export interface RetryPolicy {
  /** Tries after the first one. */
  retries: number;
  /** The first pause; each next one is twice as long. */
  delayMs: number;
}

interface SmtpFailure extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
  permanent?: boolean;
  rejected?: string[];
  rejectedErrors?: SmtpFailure[];
  /** The code before nodemailer set its own (a certificate error under ESOCKET). */
  originalCode?: string;
  recipient?: string;
}

/** Connection-level trouble that a later attempt may not meet. */
const TRANSIENT_CODES = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'EPROTOCOL',
  'ECONNRESET',
  'EPIPE',
  'ECONNREFUSED',
]);

/** Node's codes for a certificate it does not trust: the next attempt meets the same certificate. */
const CERTIFICATE = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|HOSTNAME|ERR_TLS/;

const untrusted = (e: SmtpFailure) => CERTIFICATE.test(e.originalCode ?? '') || CERTIFICATE.test(e.code ?? '');

/** Failures of the connection itself, whatever the message. */
export function isFatal(e: SmtpFailure): boolean {
  return ['EAUTH', 'ENOAUTH', 'ETLS'].includes(e.code ?? '') || untrusted(e);
}

export function isTemporary(e: SmtpFailure): boolean {
  if (e.responseCode !== undefined) return e.permanent !== undefined ? !e.permanent : e.responseCode < 500;
  return TRANSIENT_CODES.has(e.code ?? '') && !untrusted(e);
}

/** A failure in words; the reply the server gave when there is one. */
export function failureText(e: SmtpFailure): string {
  const what: Record<string, string> = {
    EAUTH: '登录邮件服务器失败（用户名或密码不对）',
    ENOAUTH: '邮件服务器要求登录，但没有设置用户名和密码',
    ETLS: '与邮件服务器建立加密连接失败（证书不受信任或服务器不支持 STARTTLS）',
    ECONNECTION: '与邮件服务器的连接中断',
    ETIMEDOUT: '连接邮件服务器超时',
    ESOCKET: '无法连接邮件服务器',
    EDNS: '找不到邮件服务器（请检查 mail.smtp.host）',
    EENVELOPE: '邮件服务器拒收',
  };
  if (untrusted(e))
    return `邮件服务器的证书不受信任（${e.message}）；若确认是本单位的服务器，可在设置的 mail.smtp 中设 allowSelfSigned: true，或用 ca 指定签发证书的机构`;
  const reply = e.response?.trim();
  const words = what[e.code ?? ''] ?? '发送失败';
  return reply ? `${words}：${reply}` : `${words}（${e.message}）`;
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function smtpSender(settings: SmtpSettings, policy: RetryPolicy): Sender {
  const transport = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.security === 'tls',
    requireTLS: settings.security === 'starttls',
    ignoreTLS: settings.security === 'none',
    ...(settings.user && settings.password && { auth: { user: settings.user, pass: settings.password } }),
    tls: {
      rejectUnauthorized: !settings.allowSelfSigned,
      ...(settings.ca && { ca: settings.ca }),
      // A server named by its IP address has no name to check against (Node refuses an IP as SNI).
      ...(isIP(settings.host) === 0 && { servername: settings.host }),
    },
    connectionTimeout: settings.timeoutMs,
    greetingTimeout: settings.timeoutMs,
    socketTimeout: settings.timeoutMs,
    // Nodemailer's own logging would write the AUTH exchange; pingyi says what happened itself.
    logger: false,
    debug: false,
  });

  return {
    async send(envelope, raw) {
      const outcomes = new Map<string, RecipientOutcome>();
      let pending = envelope.to;
      for (let attempt = 1; pending.length > 0; attempt++) {
        const last = attempt > policy.retries;
        const retry: string[] = [];
        const settle = (address: string, delivered: boolean, reply: string) =>
          outcomes.set(address, { address, delivered, reply, attempts: attempt });
        try {
          const info = await transport.sendMail({ envelope: { from: envelope.from, to: pending }, raw });
          for (const a of info.accepted) settle(String(a), true, info.response);
          const errors = (info as { rejectedErrors?: SmtpFailure[] }).rejectedErrors ?? [];
          for (const a of info.rejected) {
            const e = errors.find((x) => x.recipient === String(a));
            if (e && isTemporary(e) && !last) retry.push(String(a));
            else settle(String(a), false, e ? failureText(e) : '邮件服务器拒收此地址');
          }
        } catch (error) {
          const e = error as SmtpFailure;
          // Every address refused: nodemailer reports each one's reply.
          const perRecipient = e.code === 'EENVELOPE' && e.rejectedErrors?.length ? e.rejectedErrors : null;
          for (const a of pending) {
            const own = perRecipient?.find((x) => x.recipient === a) ?? e;
            if (isTemporary(own) && !last) retry.push(a);
            else
              outcomes.set(a, {
                address: a,
                delivered: false,
                reply: failureText(own),
                attempts: attempt,
                fatal: isFatal(own),
              });
          }
        }
        pending = retry;
        if (pending.length > 0) await wait(policy.delayMs * 2 ** (attempt - 1));
      }
      return envelope.to.map((a) => outcomes.get(a)!);
    },
    check: () =>
      transport.verify().then(
        () => null,
        (e: SmtpFailure) => failureText(e),
      ),
    close: () => transport.close(),
  };
}
