// `pingyi send` against a real SMTP server in this process: who gets what, what a dry run
// shows, what the delivery log keeps, retries, refusals, STARTTLS, and a password that never
// shows anywhere but in the login.
import ExcelJS from 'exceljs';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeDelivery } from '../src/distribute/compose.ts';
import { loadMailTemplates } from '../src/distribute/mail-templates.ts';
import { attachmentName, type Parcel, type PlannedDocument } from '../src/distribute/plan.ts';
import { periodStatus } from '../src/distribute/status.ts';
import { DEFAULT_TEMPLATES } from '../src/report/templates.ts';
import type { SendReport } from '../src/distribute/send.ts';
import { build, type BuildOptions } from '../src/pipeline/build.ts';
import { readManifest, type ManifestEntry } from '../src/pipeline/manifest.ts';
import { send, type SendOptions, type SendOutcome } from '../src/pipeline/send.ts';
import { Store } from '../src/store/db.ts';
import { scheme, smallInput, tempDir } from './helpers.ts';
import { shareChromiumBetweenBuilds } from './shared-chromium.ts';
import { selfSignedCertificate, TestSmtp } from './smtp-fixture.ts';

const USER = 'dangban@example.org';
const PASSWORD = 'Xq9-口令-7Lm2';
const LEADERS = ['shuji@example.org', 'fushuji@example.org'];
const quiet = { log: () => undefined };
const X01_FORM = '2011H1/2011H1_X01_东湖区实验小学党支部_评议表.xlsx';
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

let dir: string;
let buildOptions: BuildOptions;
let smtp: TestSmtp;

function officeYaml(port: number, extra: { security?: string; allowSelfSigned?: boolean; maxMessageMB?: number } = {}) {
  return [
    'due:',
    '  2011H1: 2011-07-07',
    'mail:',
    '  from: { name: 局党委办公室, address: dangban@example.org }',
    '  smtp:',
    '    host: 127.0.0.1',
    `    port: ${port}`,
    `    security: ${extra.security ?? 'none'}`,
    `    user: ${USER}`,
    '    timeoutSeconds: 10',
    ...(extra.allowSelfSigned ? ['    allowSelfSigned: true'] : []),
    `  maxMessageMB: ${extra.maxMessageMB ?? 20}`,
    '  retries: 2',
    '  retryDelaySeconds: 0.01',
    'leaders:',
    `  recipients: [{ name: 书记, address: ${LEADERS[0]} }, { address: ${LEADERS[1]} }]`,
    '  documents: [summary, org-ranking, member-ranking]',
    '',
  ].join('\n');
}

async function writeOffice(name: string, yaml: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, yaml);
  return file;
}

function options(o: Partial<SendOptions> = {}): SendOptions {
  return {
    input: buildOptions.input,
    output: buildOptions.output,
    db: buildOptions.db,
    office: join(dir, 'office.yaml'),
    mode: 'send',
    resend: false,
    preview: join(dir, 'preview'),
    env: { PINGYI_SMTP_PASSWORD: PASSWORD },
    ...o,
  };
}

async function mail(o: Partial<SendOptions> = {}): Promise<SendReport & Pick<MailOutcome, 'dryRun' | 'server'>> {
  const outcome: SendOutcome = await send(options(o), quiet);
  if (outcome.kind !== 'mail') throw new Error('expected mail');
  return { ...outcome.report, dryRun: outcome.dryRun, server: outcome.server };
}

type MailOutcome = Extract<SendOutcome, { kind: 'mail' }>;

async function manifestFor(period: string): Promise<ManifestEntry[]> {
  return (await readManifest(buildOptions.output))!.outputs.filter((e) => e.period === period);
}

async function deliveryRows() {
  return Store.using(buildOptions.db, (store) =>
    store.rows<{
      recipient: string;
      document: string;
      sha256: string;
      status: string;
      message_id: string | null;
      reply: string | null;
      channel: string;
      purpose: string;
    }>('SELECT * FROM delivery ORDER BY delivered_at, recipient, document'),
  );
}

/** The command as people run it, without blocking this process (the SMTP server lives here). */
function pingyiAsync(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['bin/pingyi.js', ...args], {
      env: { ...process.env, NO_COLOR: '1', ...env },
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (code) => done({ code, output }));
  });
}

async function editCell(file: string, sheet: string, cell: string, value: ExcelJS.CellValue): Promise<void> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  wb.getWorksheet(sheet)!.getCell(cell).value = value;
  await wb.xlsx.writeFile(file);
}

shareChromiumBetweenBuilds();

beforeAll(async () => {
  dir = await tempDir('pingyi-send-');
  buildOptions = {
    input: await smallInput(join(dir, 'input'), { orgs: ['J01', 'X01', 'Y02'], periods: ['2011H1'] }),
    output: join(dir, 'output'),
    db: join(dir, 'pingyi.duckdb'),
    jobs: 2,
    branchReports: true,
  };
  await build(buildOptions, quiet);
  smtp = await new TestSmtp({ user: USER, password: PASSWORD }).start();
  await writeOffice('office.yaml', officeYaml(smtp.port));
}, 300_000);

afterAll(() => smtp?.stop());

describe('sending the documents by mail', () => {
  it('only shows the plan, as .eml files, until something has been sent for real', async () => {
    const report = await mail({ mode: 'auto' });
    expect(report.dryRun).toBe(true);
    expect(smtp.received).toEqual([]);
    // With a password at hand, a dry run logs in to show the settings work, and sends nothing.
    expect(report.server).toEqual({ ok: true });
    expect(smtp.logins).toEqual([{ user: USER, password: PASSWORD }]);
    expect(report.messages.map((m) => m.message.delivery.parcel.label)).toEqual([
      '东湖区教科体局机关党支部',
      '东湖区实验小学党支部',
      '领导',
    ]);
    const files = readdirSync(join(dir, 'preview')).sort();
    expect(files).toEqual(['001_J01_东湖区教科体局机关党支部.eml', '002_X01_东湖区实验小学党支部.eml', '003_领导.eml']);
    const eml = await simpleParser(readFileSync(join(dir, 'preview', files[0]!)));
    expect(eml.subject).toBe('2011年上半年创先争优评议结果——东湖区教科体局机关党支部');
    expect(eml.attachments.map((a) => a.filename)).toEqual([
      '2011年上半年东湖区教科体局机关党支部创先争优评议结果.pdf',
      '2011年上半年东湖区教科体局机关党支部公开承诺公示.pdf',
      '2011年上半年东湖区教科体局机关党支部党员评议结果.xlsx',
    ]);
    expect(readFileSync(join(dir, 'preview', files[0]!), 'latin1')).toContain("filename*0*=utf-8''2011");
    // The kindergarten has no e-mail address in the roster: listed, not skipped silently.
    expect(report.unreachable.map((p) => [p.orgId, p.purpose])).toEqual([['Y02', 'org']]);
    expect(await deliveryRows()).toEqual([]);
  });

  it('delivers each organization exactly its own documents and the leaders theirs', async () => {
    const report = await mail({ mode: 'send' });
    expect(report.dryRun).toBe(false);
    const entries = await manifestFor('2011H1');
    for (const org of ['J01', 'X01']) {
      const [received, ...more] = smtp.to(`shuji.${org.toLowerCase()}@example.org`);
      expect(more).toEqual([]);
      expect(received!.to.sort()).toEqual([
        `lianluo.${org.toLowerCase()}@example.org`,
        `shuji.${org.toLowerCase()}@example.org`,
      ]);
      expect(received!.mail.cc).toBeDefined();
      const own = entries.filter((e) => e.branch === org);
      // Its report, its members' results and its 承诺公示 for the notice board.
      expect(own.map((e) => e.kind).sort()).toEqual(['branch', 'branch-members', 'commitments']);
      expect(received!.mail.attachments.map((a) => [a.filename, sha(a.content)]).sort()).toEqual(
        own.map((e) => [attachmentName(e), e.sha256]).sort(),
      );
    }
    const [leaders, ...more] = smtp.to(LEADERS[0]!);
    expect(more).toEqual([]);
    expect(leaders!.to.sort()).toEqual([...LEADERS].sort());
    expect(leaders!.mail.attachments.map((a) => sha(a.content)).sort()).toEqual(
      entries
        .filter((e) => ['summary', 'org-ranking', 'member-ranking'].includes(e.kind))
        .map((e) => e.sha256)
        .sort(),
    );
    expect(smtp.received).toHaveLength(3);
    expect(smtp.logins).toHaveLength(4);
    expect(smtp.logins.every((l) => l.user === USER && l.password === PASSWORD)).toBe(true);
    const rows = await deliveryRows();
    expect(rows.every((r) => r.status === 'delivered' && r.channel === 'email')).toBe(true);
    expect(new Set(rows.map((r) => r.message_id))).toEqual(new Set(smtp.received.map((r) => r.mail.messageId)));
    expect(rows.find((r) => r.recipient === 'shuji.j01@example.org')?.reply).toMatch(/^250 /);
  });

  it('sends nothing the second time after an unchanged build', async () => {
    await build(buildOptions, quiet);
    const report = await mail({ mode: 'auto' });
    expect(report.dryRun).toBe(false);
    expect(report.messages).toEqual([]);
    expect(report.alreadyDelivered).toBeGreaterThan(0);
    expect(smtp.received).toHaveLength(3);
  });

  it('sends a changed branch report again, marked as an update, and nothing that did not change', async () => {
    await editCell(join(buildOptions.input, X01_FORM), '意见建议', 'B4', '希望多组织教研活动');
    const before = await manifestFor('2011H1');
    await build(buildOptions, quiet);
    const changed = (await manifestFor('2011H1')).filter((e) => !before.some((b) => b.sha256 === e.sha256));
    expect(changed.map((e) => e.branch)).toEqual(['X01']);
    // The contact's address is refused: the secretary gets it, the contact is not marked delivered.
    smtp.refuse.set('lianluo.x01@example.org', 550);
    const sent = smtp.received.length;
    const report = await mail();
    expect(report.messages.map((m) => m.message.delivery.parcel.label)).toEqual(['东湖区实验小学党支部']);
    const [x01] = report.messages;
    expect(x01!.outcomes!.map((o) => [o.address, o.delivered, o.attempts])).toEqual([
      ['shuji.x01@example.org', true, 1],
      ['lianluo.x01@example.org', false, 1],
    ]);
    expect(x01!.outcomes![1]!.reply).toContain('550');
    const received = smtp.received.slice(sent);
    expect(received.map((r) => r.to)).toEqual([['shuji.x01@example.org']]);
    expect(received[0]!.mail.text).toContain('更新后的版本');
    expect(received[0]!.mail.attachments.map((a) => sha(a.content))).toEqual(changed.map((e) => e.sha256));

    // The next run sends the contact what it never got, and the secretary nothing.
    smtp.refuse.clear();
    const again = await mail();
    expect(again.messages.map((m) => [m.message.delivery.to.map((p) => p.address), m.message.delivery.cc])).toEqual([
      [['lianluo.x01@example.org'], []],
    ]);
  }, 180_000);

  it('retries after a 421 and after a dropped connection, and then delivers', async () => {
    smtp.failMailFrom = [421];
    smtp.dropData = 1;
    const before = smtp.received.length;
    const report = await mail({ resend: true });
    expect(report.messages.flatMap((m) => m.outcomes!.map((o) => o.delivered))).not.toContain(false);
    expect(report.messages[0]!.outcomes!.map((o) => o.attempts)).toEqual([3, 3]);
    expect(smtp.received.length - before).toBe(3);
  });

  it('gives up on a temporary failure after the retries and reports it', async () => {
    smtp.failMailFrom = [421, 421, 421];
    const report = await mail({ resend: true });
    const [first, ...rest] = report.messages;
    expect(first!.outcomes!.map((o) => [o.delivered, o.attempts])).toEqual([
      [false, 3],
      [false, 3],
    ]);
    expect(first!.outcomes![0]!.reply).toContain('421');
    expect(rest.every((m) => m.outcomes!.every((o) => o.delivered))).toBe(true);
  });

  it('exits 3 with the list of failures, and never shows the password', async () => {
    smtp.refuse.set('shuji.j01@example.org', 550);
    const args = ['send', '--yes', '--resend', '--input', buildOptions.input, '--output', buildOptions.output];
    const run = await pingyiAsync([...args, '--db', buildOptions.db, '--office', join(dir, 'office.yaml')], {
      PINGYI_SMTP_PASSWORD: PASSWORD,
    });
    smtp.refuse.clear();
    expect(run.code).toBe(3);
    expect(run.output).toMatch(
      /以下 1 项未能发送：\n {2}东湖区教科体局机关党支部 → shuji\.j01@example\.org：邮件服务器拒收：550/,
    );
    expect(run.output).toContain('东湖区启明幼儿园党支部（Y02）');
    const b64 = Buffer.from(PASSWORD).toString('base64');
    const everywhere = [
      run.output,
      JSON.stringify(await deliveryRows(), (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v)),
      ...readdirSync(join(dir, 'preview')).map((f) => readFileSync(join(dir, 'preview', f), 'utf8')),
      ...smtp.received.map((r) => r.raw.toString('utf8')),
    ].join('\n');
    expect(everywhere).not.toContain(PASSWORD);
    expect(everywhere).not.toContain(b64);
  });

  it('fails every message at once on a wrong password, and scrubs it from a reply that quotes it', async () => {
    const wrong = 'Wr0ng-口令';
    smtp.echoRefusedLogin = true;
    const logins = smtp.logins.length;
    const report = await mail({ resend: true, env: { PINGYI_SMTP_PASSWORD: wrong } });
    smtp.echoRefusedLogin = false;
    // One refused login, not one per message: a password tried again and again may lock the mailbox.
    expect(smtp.logins.length - logins).toBe(1);
    const outcomes = report.messages.flatMap((m) => m.outcomes!);
    expect(outcomes.every((o) => !o.delivered)).toBe(true);
    expect(outcomes.slice(2).every((o) => o.attempts === 0 && o.reply.startsWith('未尝试：登录邮件服务器失败'))).toBe(
      true,
    );
    expect(outcomes[0]!.reply).toMatch(
      /^登录邮件服务器失败（用户名或密码不对）：535 5\.7\.8 Authentication failed for \*+$/,
    );
    const logged = (await deliveryRows()).map((r) => r.reply).join('\n');
    expect(logged).toContain('Authentication failed for ******');
    expect(logged).not.toContain(Buffer.from(`\0${USER}\0${wrong}`).toString('base64'));
  });

  it('uses STARTTLS with a self-signed certificate only when the settings accept it', async () => {
    const tlsDir = join(dir, 'tls');
    await mkdir(tlsDir);
    const tls = await new TestSmtp({ user: USER, password: PASSWORD }, selfSignedCertificate(tlsDir)).start();
    try {
      const strict = await writeOffice('office-tls.yaml', officeYaml(tls.port, { security: 'starttls' }));
      const refused = await mail({ office: strict, resend: true });
      const outcomes = refused.messages.flatMap((m) => m.outcomes!);
      expect(outcomes.every((o) => !o.delivered && o.attempts <= 1)).toBe(true);
      expect(outcomes[0]!.reply).toContain('证书不受信任');
      expect(tls.received).toEqual([]);

      const trusting = await writeOffice(
        'office-tls-ok.yaml',
        officeYaml(tls.port, { security: 'starttls', allowSelfSigned: true }),
      );
      const sent = await mail({ office: trusting, resend: true });
      expect(sent.messages.flatMap((m) => m.outcomes!).every((o) => o.delivered)).toBe(true);
      expect(tls.received.length).toBe(sent.messages.length);
      expect(tls.received.every((r) => r.secure)).toBe(true);
    } finally {
      await tls.stop();
    }
  });

  it('sends a reminder once to an organization whose form is missing after the due date', async () => {
    const form = join(buildOptions.input, X01_FORM);
    await rename(form, join(dir, 'X01-away.xlsx'));
    try {
      await build(buildOptions, quiet);
      const before = smtp.received.length;
      const report = await mail();
      const reminders = report.messages.filter((m) => m.message.delivery.parcel.purpose === 'reminder');
      expect(reminders.map((m) => m.message.delivery.parcel.orgId)).toEqual(['X01']);
      const got = smtp.received.slice(before).find((r) => r.mail.subject?.startsWith('【催交】'))!;
      expect(got.to.sort()).toEqual(['lianluo.x01@example.org', 'shuji.x01@example.org']);
      expect(got.mail.attachments).toEqual([]);
      expect(got.mail.text).toMatch(
        /回收截止日期是 2011-07-07，截至 \d{4}-\d\d-\d\d，东湖区实验小学党支部的评议表尚未交回，已逾期 \d+ 天/,
      );
      const again = await mail();
      expect(again.messages.filter((m) => m.message.delivery.parcel.purpose === 'reminder')).toEqual([]);
    } finally {
      await rename(join(dir, 'X01-away.xlsx'), form);
      await build(buildOptions, quiet);
    }
  }, 180_000);
});

describe('trying the mail server', () => {
  it('sends one message, the leaders’, to the address given, marked 【测试】, and logs nothing', async () => {
    const rows = (await deliveryRows()).length;
    const before = smtp.received.length;
    const report = await mail({ testTo: 'me@example.org' });
    expect(report.messages.map((m) => m.message.delivery.to)).toEqual([[{ address: 'me@example.org' }]]);
    const [got, ...more] = smtp.received.slice(before);
    expect(more).toEqual([]);
    expect(got!.to).toEqual(['me@example.org']);
    expect(got!.mail.subject).toBe('【测试】2011年上半年创先争优评议情况报告');
    expect(got!.mail.attachments).toHaveLength(3);
    expect(await deliveryRows()).toHaveLength(rows);
  });
});

describe('distributing into folders', () => {
  it('writes one folder per organization and one for the leaders, each with its documents and a 清单', async () => {
    const target = join(dir, 'usb');
    const outcome = await send(options({ toFolder: target }), quiet);
    if (outcome.kind !== 'folder') throw new Error('expected folders');
    expect(readdirSync(target).sort()).toEqual([
      'J01_东湖区教科体局机关党支部',
      'X01_东湖区实验小学党支部',
      'Y02_东湖区启明幼儿园党支部',
      '领导',
    ]);
    const entries = await manifestFor('2011H1');
    const y02 = entries.filter((e) => e.branch === 'Y02');
    const folder = join(target, 'Y02_东湖区启明幼儿园党支部');
    expect(readdirSync(folder).sort()).toEqual([...y02.map(attachmentName), '清单（2011年上半年）.txt'].sort());
    for (const e of y02) expect(sha(readFileSync(join(folder, attachmentName(e))))).toBe(e.sha256);
    expect(readFileSync(join(folder, '清单（2011年上半年）.txt'), 'utf8')).toContain(y02[0]!.sha256);
    const logged = (await deliveryRows()).filter((r) => r.channel === 'folder');
    expect(logged).toHaveLength(outcome.report.delivered.reduce((n, d) => n + d.written.length, 0));

    const again = await send(options({ toFolder: target }), quiet);
    expect(again.kind === 'folder' && again.report.delivered).toEqual([]);
  });

  it('writes a zip per organization with --zip', async () => {
    const target = join(dir, 'zips');
    await send(options({ toFolder: target, zip: true }), quiet);
    expect(readdirSync(target).sort()).toEqual([
      'J01_东湖区教科体局机关党支部.zip',
      'X01_东湖区实验小学党支部.zip',
      'Y02_东湖区启明幼儿园党支部.zip',
      '领导.zip',
    ]);
    expect(existsSync(join(target, '领导'))).toBe(false);
  });
});

describe('the password', () => {
  it('is read from a file only its owner can read', async () => {
    const file = join(dir, 'smtp-password');
    await writeFile(file, `${PASSWORD}\n`);
    await chmod(file, 0o644);
    const env = { PINGYI_SMTP_PASSWORD_FILE: file };
    await expect(mail({ resend: true, env })).rejects.toThrow(/权限是 644，其他用户也能读取；请运行 chmod 600/);
    await chmod(file, 0o600);
    const before = smtp.received.length;
    const report = await mail({ resend: true, env });
    expect(report.messages.flatMap((m) => m.outcomes!).every((o) => o.delivered)).toBe(true);
    expect(smtp.received.length).toBeGreaterThan(before);
  });
});

describe('the size limit of a message', () => {
  const doc = (name: string, kb: number): PlannedDocument => ({
    document: `2011H1/${name}`,
    name,
    sha256: 'x',
    bytes: kb * 1024,
  });
  const docs = [doc('一.pdf', 300), doc('二.pdf', 300), doc('三.pdf', 500), doc('大.pdf', 2000)];
  const parcel: Parcel = {
    purpose: 'leaders',
    period: '2011H1',
    orgId: null,
    label: '领导',
    to: [{ address: 'shuji@example.org' }],
    cc: [],
    documents: docs,
    org: null,
  };
  const status = periodStatus(
    scheme,
    { period: '2011H1', orgs: [], versions: [], filled: [], problems: [], bureau: [] },
    null,
    new Date(),
  );

  it('splits the documents over messages that fit, and refuses one that fits in none', async () => {
    const { messages, refused } = await composeDelivery(
      {
        templates: loadMailTemplates(DEFAULT_TEMPLATES, DEFAULT_TEMPLATES),
        from: { name: '局党委办公室', address: 'dangban@example.org' },
        maxBytes: 1024 * 1024,
        status,
        periodLabel: '2011年上半年',
        issuer: scheme.issuer,
        read: (d) => Buffer.alloc(d.bytes, 7),
        now: new Date(),
      },
      { parcel, to: parcel.to, cc: [], documents: docs, replaced: false },
    );
    expect(messages.map((m) => m.documents.map((d) => d.name))).toEqual([['一.pdf', '二.pdf'], ['三.pdf']]);
    expect(messages.map((m) => m.subject)).toEqual([
      '2011年上半年创先争优评议情况报告（第 1/2 封）',
      '2011年上半年创先争优评议情况报告（第 2/2 封）',
    ]);
    expect(messages.every((m) => m.raw.length <= 1024 * 1024)).toBe(true);
    expect(refused.map((r) => [r.document.name, r.reason])).toEqual([
      [
        '大.pdf',
        expect.stringMatching(/^文件 2\.0 MB，编码后超过单封邮件上限 1\.0 MB，未发送；请改用 --to-folder 分发/),
      ],
    ]);
  });
});
