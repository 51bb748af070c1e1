// `pingyi send`: each organization its own documents, the leaders theirs, reminders to the late
// ones — by mail (a dry run until the first --yes), or into one folder per organization.
import { EMAIL_HINT, isEmailAddress } from '../../base/contact.ts';
import { EXIT } from '../../base/errors.ts';
import { send } from '../../pipeline/send.ts';
import { defineCommand } from '../command.ts';
import { officeOptions } from '../office-options.ts';
import { err, out } from '../print.ts';
import { messageLines, printFolderReport, printSendSummary } from '../send-report.ts';
import { periodArgument, UsageError } from '../usage-error.ts';

export const sendCommand = defineCommand({
  command: 'send',
  describe: '把各党组织的报告和评议结果发给各党组织，把总体报告和排名发给领导，向逾期未交的党组织发催交通知',
  builder: (y) =>
    officeOptions(y)
      .option('dry-run', {
        type: 'boolean',
        describe: '只预演：列出将发给谁什么，并写成 .eml 文件（尚未真正发送过时的默认做法）',
      })
      .option('yes', { type: 'boolean', describe: '真正发送' })
      .option('resend', { type: 'boolean', describe: '已发送过、内容未变的文件也再发一次' })
      .option('preview', { type: 'string', default: 'send-preview', describe: '预演时 .eml 文件写入的文件夹' })
      .option('to-folder', {
        type: 'string',
        describe: '不发邮件，改为每个党组织写一个文件夹（附清单），供共享盘或 U 盘分发',
      })
      .option('zip', { type: 'boolean', describe: '与 --to-folder 一起用：每个党组织一个 zip 文件' })
      .option('test-to', {
        type: 'string',
        describe: '试发：只把一封邮件（领导的）发到这个邮箱，主题标“【测试】”，不记入发送记录',
      })
      .option('templates', { type: 'string', describe: '模板文件夹（邮件模板在其中的 mail/）' }),
  handler: async (a) => {
    if (a.yes && a['dry-run']) throw new UsageError('--yes 和 --dry-run 不能同时使用');
    if (a.zip && !a['to-folder']) throw new UsageError('--zip 只能与 --to-folder 一起使用');
    const testTo = a['test-to'];
    if (testTo !== undefined && a['dry-run'])
      throw new UsageError('--test-to 会真正发送一封邮件，不能与 --dry-run 同用');
    if (testTo !== undefined && !isEmailAddress(testTo)) throw new UsageError(`--test-to ${EMAIL_HINT}`);
    const outcome = await send(
      {
        ...a,
        period: a.period && periodArgument(a.period).code,
        mode: a.yes || testTo ? 'send' : a['dry-run'] ? 'dry-run' : 'auto',
        testTo,
        resend: a.resend ?? false,
        toFolder: a['to-folder'],
        env: process.env,
      },
      { log: err, onSent: (m) => messageLines(m).forEach((line) => out(line)) },
    );
    if (outcome.kind === 'folder') {
      printFolderReport(outcome.report);
      process.exitCode = EXIT.ok;
      return;
    }
    const { report, dryRun } = outcome;
    if (dryRun) {
      out(
        a['dry-run']
          ? '预演（--dry-run），没有发送任何邮件：'
          : '尚未真正发送过邮件，本次只预演；核对无误后加 --yes 发送：',
      );
      for (const m of report.messages) messageLines(m).forEach((line) => out(line));
    }
    const failed = printSendSummary(report, dryRun);
    const server = outcome.server;
    if (server && 'skipped' in server) out(`未检查邮件服务器登录：${server.skipped}`);
    else if (server?.ok) out('邮件服务器：连接和登录正常（没有发送任何邮件）。');
    else if (server) err(`邮件服务器检查失败：${server.reason}`);
    const serverFailed = server !== undefined && 'ok' in server && !server.ok;
    process.exitCode = failed || serverFailed ? EXIT.failed : report.unreachable.length > 0 ? EXIT.problems : EXIT.ok;
  },
});
