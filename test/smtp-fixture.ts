// A real SMTP server on a loopback port, in the test process: it logs people in, can refuse an
// address, answer 421, drop the connection or offer STARTTLS with a self-signed certificate, and
// keeps every message it accepted, parsed.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo, Socket } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

export interface Received {
  from: string;
  to: string[];
  raw: Buffer;
  mail: ParsedMail;
  /** Whether the message came over TLS. */
  secure: boolean;
}

type Reply = Error & { responseCode: number };
const reply = (code: number, text: string): Reply => Object.assign(new Error(text), { responseCode: code });

export class TestSmtp {
  readonly received: Received[] = [];
  readonly logins: { user: string; password: string }[] = [];
  /** Addresses answered with this code at RCPT TO. */
  readonly refuse = new Map<string, number>();
  /** Codes to answer the next MAIL FROM commands with, one each. */
  failMailFrom: number[] = [];
  /** How many of the next DATA transfers have their connection cut. */
  dropData = 0;
  /** A careless server that quotes the login it refused, as AUTH PLAIN sent it. */
  echoRefusedLogin = false;
  private readonly server: SMTPServer;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(credentials: { user: string; password: string }, tls?: { key: Buffer; cert: Buffer }) {
    const options: SMTPServerOptions = {
      logger: false,
      allowInsecureAuth: true,
      ...(tls ? { key: tls.key, cert: tls.cert } : { disabledCommands: ['STARTTLS'] }),
      onAuth: (auth, _session, done) => {
        this.logins.push({ user: auth.username ?? '', password: auth.password ?? '' });
        if (auth.username === credentials.user && auth.password === credentials.password)
          done(null, { user: auth.username });
        else {
          const sent = Buffer.from(`\0${auth.username ?? ''}\0${auth.password ?? ''}`).toString('base64');
          done(reply(535, `5.7.8 Authentication failed${this.echoRefusedLogin ? ` for ${sent}` : ''}`));
        }
      },
      onMailFrom: (_address, _session, done) => {
        const code = this.failMailFrom.shift();
        done(code ? reply(code, '4.3.2 Try again later') : undefined);
      },
      onRcptTo: (address, _session, done) => {
        const code = this.refuse.get(address.address);
        done(code ? reply(code, `5.1.1 <${address.address}>: Recipient address rejected`) : undefined);
      },
      onData: (stream, session, done) => {
        if (this.dropData > 0) {
          this.dropData -= 1;
          for (const s of this.sockets) s.destroy();
          return;
        }
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks);
          simpleParser(raw).then(
            (mail) => {
              this.received.push({
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                to: session.envelope.rcptTo.map((r) => r.address),
                raw,
                mail,
                secure: session.secure,
              });
              done();
            },
            (e: Error) => done(e),
          );
        });
      },
    };
    this.server = new SMTPServer(options);
    this.server.server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((done) => this.server.listen(0, '127.0.0.1', done));
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  stop(): Promise<void> {
    return new Promise((done) => this.server.close(() => done()));
  }

  /** Messages received for an address, To or Cc. */
  to(address: string): Received[] {
    return this.received.filter((r) => r.to.includes(address));
  }
}

/** A throwaway self-signed certificate for 127.0.0.1, made with openssl for this test run only. */
export function selfSignedCertificate(dir: string): { key: Buffer; cert: Buffer; certFile: string } {
  const key = join(dir, 'test-only-key.pem');
  const cert = join(dir, 'test-only-cert.pem');
  const r = spawnSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`openssl failed: ${r.stderr}`);
  return { key: readFileSync(key), cert: readFileSync(cert), certFile: cert };
}
