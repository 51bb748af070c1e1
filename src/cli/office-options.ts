// The options `status` and `send` share: where the input, output, database and settings are,
// and which period.
import type { Argv } from 'yargs';
import { OFFICE_FILE_NAME } from '../distribute/office.ts';
import { DB_OPTION, WAIT_OPTION } from './build-options.ts';

export function officeOptions<T>(y: Argv<T>) {
  return y
    .option('input', { type: 'string', default: 'input', describe: '输入文件夹' })
    .option('output', { type: 'string', default: 'output', describe: '输出文件夹（pingyi build 生成的）' })
    .option('db', DB_OPTION)
    .option('scheme', { type: 'string', describe: '评议方案文件（YAML）' })
    .option('office', {
      type: 'string',
      describe: `设置文件（回收截止日期、邮件服务器、领导），默认 input 旁边的 ${OFFICE_FILE_NAME}`,
    })
    .option('period', { type: 'string', describe: '评议期，如 2011H1；默认最近的一期' })
    .option('wait', WAIT_OPTION);
}
