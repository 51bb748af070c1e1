// The subject and body of each kind of mail, from templates/mail/<kind>.hbs: the first line
// is 主题：…, the body follows after a blank line. Plain text, so nothing is HTML-escaped.
import { EXIT, ExplainedError } from '../base/errors.ts';
import { handlebars } from '../base/handlebars.ts';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const MAIL_KINDS = ['org', 'leaders', 'reminder'] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

export class MailTemplateError extends ExplainedError {
  readonly exitCode = EXIT.usage;
}

export interface MailText {
  subject: string;
  text: string;
}

export type MailTemplates = (kind: MailKind, model: object) => MailText;

const SUBJECT = /^主题[：:]\s*/;

/** A templates folder without mail/ (copied before mail existed) falls back to the shipped mail templates. */
export function loadMailTemplates(dir: string, fallback: string): MailTemplates {
  const hb = handlebars().create();
  const compiled = new Map<MailKind, { subject: HandlebarsTemplateDelegate; body: HandlebarsTemplateDelegate }>();
  for (const kind of MAIL_KINDS) {
    const own = join(dir, 'mail', `${kind}.hbs`);
    const file = existsSync(own) ? own : join(fallback, 'mail', `${kind}.hbs`);
    const source = readFileSync(file, 'utf8').replace(/\r\n/g, '\n');
    const [first = '', ...rest] = source.split('\n');
    if (!SUBJECT.test(first))
      throw new MailTemplateError(`邮件模板 ${file} 的第一行应为“主题：……”（邮件主题），正文从空一行之后开始`);
    const options = { noEscape: true, strict: false };
    compiled.set(kind, {
      subject: hb.compile(first.replace(SUBJECT, ''), options),
      body: hb.compile(rest.join('\n').replace(/^\n+/, ''), options),
    });
  }
  return (kind, model) => {
    const t = compiled.get(kind)!;
    const runtime = { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false };
    return {
      subject: t.subject(model, runtime).replace(/\s+/g, ' ').trim(),
      // Lines left empty by {{#if}} blocks fold into one blank line.
      text: `${t
        .body(model, runtime)
        .replace(/[ \t]+\n/g, '\n')
        .replace(/\n{3,}/g, '\n\n')
        .trim()}\n`,
    };
  };
}
