// What `pingyi send` prints: each message (to whom, what, how large), what was not sent and why.
import { relative } from 'node:path';
import { sizeText } from '../distribute/compose.ts';
import { PURPOSE_LABELS, type Parcel } from '../distribute/plan.ts';
import { failures, type SendReport, type SentMessage } from '../distribute/send.ts';
import type { FolderReport } from '../distribute/to-folder.ts';
import type { Person } from '../distribute/office.ts';
import { err, out } from './print.ts';

/** Relative to the working folder when inside it. */
const shortPath = (file: string) =>
  relative(process.cwd(), file).startsWith('..') ? file : relative(process.cwd(), file);
const person = (p: Person) => (p.name ? `${p.name} <${p.address}>` : p.address);

export function messageLines(sent: SentMessage): string[] {
  const m = sent.message;
  const { parcel, to, cc } = m.delivery;
  const part = m.parts > 1 ? `（第 ${m.part}/${m.parts} 封）` : '';
  const outcome = sent.outcomes
    ? sent.outcomes.every((o) => o.delivered)
      ? '已发送'
      : sent.outcomes.some((o) => o.delivered)
        ? '部分发送'
        : '发送失败'
    : '将发送';
  return [
    `${outcome}【${PURPOSE_LABELS[parcel.purpose]}】${parcel.label}${part}：${to.map(person).join('、')}${cc.length ? `，抄送 ${cc.map(person).join('、')}` : ''}，邮件 ${sizeText(m.raw.length)}`,
    `  主题：${m.subject}`,
    ...m.documents.map((d) => `  附件：${d.name}（${sizeText(d.bytes)}）`),
    ...(sent.eml ? [`  预览：${shortPath(sent.eml)}`] : []),
  ];
}

function unreachableLines(parcels: Parcel[]): string[] {
  if (parcels.length === 0) return [];
  return [
    `以下党组织在名册中没有电子邮箱，未发送（请在名册“组织”表补填书记邮箱，或用 --to-folder 分发）：`,
    ...parcels.map((p) => {
      const o = p.org;
      const what = p.reminder ? '催交通知' : p.documents.map((d) => d.name).join('、');
      const call = o?.secretaryPhone ? `；书记${o.secretary ?? ''} ${o.secretaryPhone}` : '';
      return `  ${p.label}（${p.orgId}）【${PURPOSE_LABELS[p.purpose]}】${what}${call}`;
    }),
  ];
}

/** Everything after the messages; returns whether anything failed. */
export function printSendSummary(report: SendReport, dryRun: boolean): boolean {
  const failed = failures(report);
  const n = report.messages.length;
  if (n === 0)
    out(
      `没有需要发送的邮件${report.alreadyDelivered ? `（此前已发送、内容未变的 ${report.alreadyDelivered} 份文件（按收件人计）不再发送，重发用 --resend）` : ''}。`,
    );
  else
    out(
      `${dryRun ? '预演：将发送' : '共发送'} ${n} 封邮件${report.alreadyDelivered ? `；此前已发送、内容未变的 ${report.alreadyDelivered} 份文件（按收件人计）不再发送（重发用 --resend）` : ''}。`,
    );
  for (const line of unreachableLines(report.unreachable)) out(line);
  if (failed.length > 0) {
    err(`以下 ${failed.length} 项未能发送：`);
    for (const f of failed) err(`  ${f.label} → ${f.who}：${f.reason}`);
  }
  return failed.length > 0;
}

export function printFolderReport(report: FolderReport): void {
  for (const d of report.delivered) out(`已写入 ${d.target}：${d.written.map((w) => w.name).join('、')}`);
  out(
    `共写入 ${report.delivered.reduce((n, d) => n + d.written.length, 0)} 个文件到 ${report.delivered.length} 处${report.unchanged ? `；${report.unchanged} 个文件已在目标位置且内容未变，未重写（重写用 --resend）` : ''}。`,
  );
}
