// The options `build` and `watch` share, turned into the pipeline's BuildOptions, and back into
// the command line of the child `build` that `watch` starts.
import type { Argv } from 'yargs';
import type { BuildOptions } from '../pipeline/build.ts';
import { LARGE_SYSTEM_ORGANIZATIONS } from '../report/views/shared.ts';
import { DEFAULT_DB } from '../store/db.ts';
import { periodArgument } from './usage-error.ts';

export const DB_OPTION = { type: 'string', default: DEFAULT_DB, describe: '数据库文件（保存历次读入的数据）' } as const;
export const WAIT_OPTION = {
  type: 'boolean',
  default: true,
  describe: '已有生成在运行时排队等待；--no-wait 则立即退出（退出码 3）',
} as const;

export function buildOptions<T>(y: Argv<T>) {
  return y
    .option('input', { type: 'string', default: 'input', describe: '输入文件夹' })
    .option('output', { type: 'string', default: 'output', describe: '输出文件夹（每次整体替换）' })
    .option('db', DB_OPTION)
    .option('scheme', { type: 'string', describe: '评议方案文件（YAML）' })
    .option('overrides', {
      type: 'string',
      describe: '调整决定文件（YAML，看票不唯票），默认 input 旁边的 overrides.yaml',
    })
    .option('documents', {
      type: 'string',
      describe:
        '总体情况报告的公文设置（YAML：发文机关、机关代字、签发人、主送、抄送、联系人），默认 input 旁边的 documents.yaml',
    })
    .option('office', {
      type: 'string',
      describe: '设置文件（回收截止日期等），默认 input 旁边的 office.yaml',
    })
    .option('templates', { type: 'string', describe: '报告模板文件夹（复制 templates/ 后修改）' })
    .option('period', { type: 'string', describe: '只生成此评议期的报告，如 2011H1；all 为全部（默认）' })
    .option('jobs', { type: 'number', describe: '同时打印的文档数（默认为 CPU 核数）' })
    .option('branch-reports', {
      type: 'boolean',
      describe: `生成每个党组织的 PDF 报告、承诺公示和按党组织分组的党员排名 PDF（默认：党组织不超过 ${LARGE_SYSTEM_ORGANIZATIONS} 个时生成）`,
    })
    .option('by-region', {
      type: 'boolean',
      describe: `总体情况报告的附件2、3，党组织排名、推荐情况汇总和数据质量报告按片区分册，每个片区一个 PDF（默认：党组织超过 ${LARGE_SYSTEM_ORGANIZATIONS} 个时分册）`,
    })
    .option('wait', WAIT_OPTION);
}

type BuildArgs = Awaited<ReturnType<typeof buildOptions<object>>['argv']>;

export function toBuildOptions(a: BuildArgs): BuildOptions {
  const period = a.period === undefined || a.period === 'all' ? undefined : periodArgument(a.period).code;
  const { input, output, db, wait, scheme, overrides, documents, office, templates, jobs } = a;
  return {
    input,
    output,
    office,
    db,
    wait,
    scheme,
    overrides,
    documents,
    templates,
    jobs,
    branchReports: a['branch-reports'],
    byRegion: a['by-region'],
    periods: period === undefined ? undefined : [period],
  };
}

/** The same build as a command line, for the child process `watch` starts. */
export function buildArgs(o: BuildOptions): string[] {
  return [
    '--input',
    o.input,
    '--output',
    o.output,
    '--db',
    o.db,
    ...(o.scheme ? ['--scheme', o.scheme] : []),
    ...(o.overrides ? ['--overrides', o.overrides] : []),
    ...(o.documents ? ['--documents', o.documents] : []),
    ...(o.office ? ['--office', o.office] : []),
    ...(o.templates ? ['--templates', o.templates] : []),
    ...(o.periods ? ['--period', o.periods[0]!] : []),
    ...(o.jobs !== undefined ? ['--jobs', String(o.jobs)] : []),
    ...(o.branchReports !== undefined ? [o.branchReports ? '--branch-reports' : '--no-branch-reports'] : []),
    ...(o.byRegion !== undefined ? [o.byRegion ? '--by-region' : '--no-by-region'] : []),
  ];
}
