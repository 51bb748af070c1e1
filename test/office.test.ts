// office.yaml: due dates, the mail server and the leaders, checked with messages office staff can act on.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dueDate, loadOffice, parseOffice, smtpSettings, type MailSettings } from '../src/distribute/office.ts';
import { tempDir } from './helpers.ts';

const mail = (smtp: string) => parseOffice(`mail:\n  from: { address: dangban@example.org }\n  smtp:\n${smtp}`).mail!;
const settings = (m: MailSettings, env: NodeJS.ProcessEnv = {}) => smtpSettings(m, env, '/nowhere');

describe('the office settings', () => {
  it('gives each period its due date, or so many days after the half year when it has none', () => {
    const office = loadOffice('office.yaml');
    expect(dueDate(office, '2011H1')?.toISOString().slice(0, 10)).toBe('2011-07-07');
    expect(dueDate(office, '2011H2')?.toISOString().slice(0, 10)).toBe('2012-01-10');
    expect(dueDate(parseOffice(''), '2011H1')).toBeNull();
    expect(dueDate(parseOffice('due:\n  2011年上半年: 2011-7-9\n'), '2011H1')?.toISOString().slice(0, 10)).toBe(
      '2011-07-09',
    );
  });

  it('names each mistake with its key, its line and what is allowed', () => {
    const text = [
      'due:',
      '  2011H3: 2011-07-10',
      '  2011H2: 2012-02-30',
      'mail:',
      '  from: { address: dangban@example }',
      '  smtp: { security: ssl }',
      'leader: []',
    ].join('\n');
    expect(() => parseOffice(text)).toThrow(
      [
        '设置文件 office.yaml 有 5 处问题：',
        '  due.2011H2（第 3 行）: 应为日期，如 2011-07-10',
        '  due.2011H3（第 2 行）: 评议期应写作 2011H1 或 2011H2（2011年上半年）',
        '  mail.from.address（第 5 行）: 应为一个电子邮箱地址，如 dangzhibu@example.org',
        '  mail.smtp.security（第 6 行）: 只能是 starttls、tls、none 之一（当前 文字 "ssl"）',
        '  （整个文件）（第 1 行）: 未知的键 "leader"（请检查拼写，可用的键见 docs/office.md）',
      ].join('\n'),
    );
  });

  it('says in words what is wrong with a file it cannot read or parse', () => {
    expect(() => loadOffice('/nowhere/office.yaml')).toThrow(
      '设置文件 /nowhere/office.yaml 无法读取：找不到该文件，请检查路径和文件名',
    );
    expect(() => parseOffice('due:\n\t2011H1: 2011-07-10\n')).toThrow(
      '设置文件 office.yaml 有问题：\n  第 2 行：YAML 格式错误：缩进不能使用 Tab 键，请改用空格',
    );
  });

  it('refuses a password written into the file', () => {
    expect(() => mail('    host: smtp.example.org\n    password: secret\n')).toThrow(
      /mail\.smtp\.password: 邮箱密码不能写在设置文件中；请放在环境变量 PINGYI_SMTP_PASSWORD 中/,
    );
  });
});

describe('the mail server settings', () => {
  it('take the environment over the file, and the port from the kind of encryption', () => {
    const m = mail('    host: smtp.example.org\n    security: tls\n    user: dangban@example.org\n');
    expect(settings(m, { PINGYI_SMTP_PASSWORD: 'p' })).toMatchObject({ host: 'smtp.example.org', port: 465 });
    expect(
      settings(m, {
        PINGYI_SMTP_HOST: 'mail.office.example.org',
        PINGYI_SMTP_PORT: '2525',
        PINGYI_SMTP_SECURITY: 'starttls',
        PINGYI_SMTP_USER: 'other@example.org',
        PINGYI_SMTP_PASSWORD: 'p',
      }),
    ).toMatchObject({
      host: 'mail.office.example.org',
      port: 2525,
      security: 'starttls',
      user: 'other@example.org',
      password: 'p',
    });
  });

  it('say what is missing: the server, or the password for a user', () => {
    expect(() => settings(mail('    port: 25\n'))).toThrow(
      /没有设置邮件服务器：请在设置文件的 mail\.smtp\.host 中填写/,
    );
    expect(() => settings(mail('    host: h.example.org\n    user: u\n'))).toThrow(/已设置邮箱用户 u，但没有密码/);
    expect(() => settings(mail('    host: h.example.org\n'), { PINGYI_SMTP_SECURITY: 'ssl' })).toThrow(
      /PINGYI_SMTP_SECURITY 只能是 starttls、tls、none 之一/,
    );
  });

  it('read the certificate authority named in mail.smtp.ca, or say why it cannot be used', async () => {
    const dir = await tempDir();
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    writeFileSync(join(dir, 'ca.pem'), pem);
    writeFileSync(join(dir, 'ca.der'), Buffer.from([0x30, 0x82, 0x01, 0x0a]));
    const withCa = (file: string) => smtpSettings(mail(`    host: h.example.org\n    ca: ${file}\n`), {}, dir);
    expect(withCa('ca.pem').ca?.toString()).toBe(pem);
    expect(() => withCa('证书.pem')).toThrow(
      `mail.smtp.ca 指定的证书文件 ${join(dir, '证书.pem')} 无法读取：找不到该文件，请检查路径和文件名`,
    );
    expect(() => withCa('ca.der')).toThrow(/ca\.der 不是 PEM 格式的证书/);
  });
});
