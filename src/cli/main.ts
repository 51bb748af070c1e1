// The `pingyi` command line. Each command parses its options, calls one stage, prints
// in Chinese and exits with a documented code (0 ok, 1 data problems, 2 usage or scheme
// error, 3 failure).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { build, buildSkips, InputFolderMissing, type BuildOptions, type BuildSummary } from '../pipeline/build.ts';
import { LockBusy } from '../pipeline/lock.ts';
import { ForeignOutputFolder, OutputIsMountPoint, OutputNotWritable } from '../pipeline/publish.ts';
import { watch } from '../pipeline/watch.ts';
import { DatabaseLocked, DEFAULT_DB } from '../store/db.ts';
import { exportParquet, NothingToExport } from '../pipeline/export-parquet.ts';
import { readRosterFile } from '../ingest/roster.ts';
import { formatProblem, problemCounts, problemLines, type Problem } from '../contract/problem.ts';
import { DEFAULT_SCHEME_FILE, loadScheme, resolveSchemeFile, SchemeError } from '../scheme/load.ts';
import { parsePeriod, periodLabel } from '../scheme/period.ts';
import { OverridesError } from '../score/overrides.ts';
import { BrowserNotFound } from '../pdf/browser.ts';
import { BRANCH_REPORTS_AUTO_MAX } from '../pipeline/render.ts';
import { validateInput } from '../pipeline/validate.ts';
import { pauseAt } from './pause.ts';
import { chooseMode, createReporter, useColor } from './progress.ts';

export const EXIT = { ok: 0, problems: 1, usage: 2, failed: 3 } as const;

const CLI = fileURLToPath(new URL('../../bin/pingyi.js', import.meta.url));

class UsageError extends Error {}

const out = (line = '') => process.stdout.write(`${line}\n`);
// Output piped into `head` closes early; that is not a failure of the run.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
const err = (line: string) => process.stderr.write(`${line}\n`);

function printProblems(problems: Problem[]): void {
  for (const p of problems) err(formatProblem(p));
}

async function run(argv: string[]): Promise<number> {
  let code: number = EXIT.ok;
  await yargs(argv)
    .scriptName('pingyi')
    .usage('pingyi —— 创先争优评议：生成评议表、读取回收的表格、评分排名并生成报告\n\n用法：$0 <命令> [选项]')
    .command(
      'forms',
      '生成空白评议表（每个党组织一份，另有上级考评表），或生成空白名册模板',
      (y) =>
        y
          .option('roster', { type: 'string', describe: '名册工作簿（组织、党员、处分）' })
          .option('period', { type: 'string', describe: '评议期，如 2011H1（2011年上半年）' })
          .option('out', { type: 'string', describe: '输出文件夹', default: 'forms' })
          .option('roster-template', { type: 'string', describe: '只生成一份空白名册模板到此文件' })
          .option('scheme', { type: 'string', describe: '评议方案文件（YAML），默认使用内置方案' }),
      async (a) => {
        const { scheme } = loadScheme(resolveSchemeFile(a.scheme, undefined));
        if (a['roster-template']) {
          const file = resolve(a['roster-template']);
          const [{ writeWorkbook }, { buildRosterWorkbook }] = await Promise.all([
            import('../forms/workbook.ts'),
            import('../forms/roster-form.ts'),
          ]);
          await writeWorkbook(await buildRosterWorkbook(scheme, new Date()), file);
          out(`已生成空白名册模板：${file}`);
          return;
        }
        if (!a.roster || !a.period)
          throw new UsageError(
            '请同时指定 --roster 名册文件 和 --period 评议期（如 --period 2011H1），或用 --roster-template 生成空白名册',
          );
        const period = parsePeriod(a.period);
        if (!period) throw new UsageError(`评议期“${a.period}”格式不对，应写作 2011H1 或 2011H2`);
        const { roster, problems } = await readRosterFile(resolve(a.roster), scheme);
        printProblems(problems);
        if (roster.orgs.length === 0) {
          err('名册中没有可用的党组织，未生成评议表。');
          code = EXIT.problems;
          return;
        }
        const { writeForms } = await import('../forms/write-forms.ts');
        const files = await writeForms({ scheme, roster, period, outDir: resolve(a.out), generatedAt: new Date() });
        out(
          `已为 ${periodLabel(scheme, period)} 生成 ${files.length} 份评议表（${roster.orgs.length} 个党组织 + 1 份上级考评表），保存在 ${resolve(a.out)}`,
        );
        if (problems.some((p) => p.severity === 'error')) {
          err(`名册有 ${problems.length} 处问题（见上），有问题的行未写入评议表，请修正名册后重新生成。`);
          code = EXIT.problems;
        }
      },
    )
    .command(
      'scheme',
      '检查评议方案文件，或输出默认方案作为修改的起点',
      (y) =>
        y
          .option('scheme', { type: 'string', describe: '要检查的方案文件' })
          .option('input', {
            type: 'string',
            default: 'input',
            describe: '输入文件夹（其旁边的 pingyi.yaml 会被采用）',
          })
          .option('print-default', { type: 'boolean', describe: '输出内置默认方案的 YAML' }),
      (a) => {
        if (a['print-default']) {
          process.stdout.write(readFileSync(DEFAULT_SCHEME_FILE, 'utf8'));
          return;
        }
        const { scheme, file } = loadScheme(resolveSchemeFile(a.scheme, a.input));
        const orgItems = scheme.org.dimensions.reduce((n, d) => n + d.items.length, 0);
        out(`评议方案检查通过：${file}`);
        out(`  ${scheme.name}（${scheme.id}，版本 ${scheme.version}）`);
        out(
          `  五个好：${scheme.org.dimensions.map((d) => `${d.label} ${d.points} 分`).join('，')}；考核细则 ${orgItems} 项`,
        );
        out(`  党组织总分 = 自评 × ${scheme.weights.org.self} + 上级考评 × ${scheme.weights.org.bureau}`);
        out(
          `  党员总分 = 日常量化 × ${scheme.weights.member.dailyRecord} + 民主评议 × ${scheme.weights.member.democraticReview}`,
        );
      },
    )
    .command(
      'sample',
      '（开发用）生成随仓库提供的示例输入：名册和两个评议期的已填表格',
      (y) =>
        y
          .option('out', { type: 'string', default: 'input', describe: '输出文件夹' })
          .option('seed', { type: 'number', describe: '随机种子（默认固定，结果可复现）' }),
      async (a) => {
        const { scheme } = loadScheme();
        const { generateSample } = await import('../sample/generate.ts');
        const files = await generateSample({
          scheme,
          outDir: resolve(a.out),
          clean: true,
          ...(a.seed !== undefined && { seed: a.seed }),
        });
        out(`已生成 ${files.length} 个示例文件到 ${resolve(a.out)}`);
      },
    )
    .command(
      'validate',
      '读取并检查 input 文件夹中的全部表格，列出问题，不改动数据库',
      (y) =>
        y
          .option('input', { type: 'string', default: 'input', describe: '输入文件夹' })
          .option('output', { type: 'string', default: 'output', describe: '输出文件夹（位于 input 之内时跳过）' })
          .option('scheme', { type: 'string', describe: '评议方案文件（YAML）' })
          .option('json', { type: 'boolean', describe: '以 JSON 输出，供其他程序使用' }),
      async (a) => {
        const { scheme, text } = loadScheme(resolveSchemeFile(a.scheme, a.input));
        const { summary, readings } = await validateInput(a.input, scheme, text, [
          a.output,
          dirname(resolve(DEFAULT_DB)),
        ]);
        const problems = [...readings.flatMap((r) => r.problems), ...summary.problems];
        if (a.json) {
          out(JSON.stringify(validationJson(summary.rosterFile, readings, summary.problems), null, 2));
        } else {
          out(`检查了 ${readings.length} 个文件；名册：${summary.rosterFile ?? '无'}`);
          const rows = readings.reduce(
            (n, r) => ({
              read: n.read + r.counts.read,
              accepted: n.accepted + r.counts.accepted,
              rejected: n.rejected + r.counts.rejected,
            }),
            { read: 0, accepted: 0, rejected: 0 },
          );
          out(`数据行 ${rows.read} 行：采用 ${rows.accepted} 行，拒收 ${rows.rejected} 行`);
          if (problems.length === 0) out('没有发现问题。');
          else {
            out(problemCounts(problems));
            for (const line of problemLines(problems)) out(line);
          }
        }
        code = problems.length > 0 ? EXIT.problems : EXIT.ok;
      },
    )
    .command(
      'build',
      '读取 input 文件夹中的表格，评分并生成报告到 output 文件夹（只重做有变化的部分）',
      (y) =>
        buildOptions(y)
          .option('force', { type: 'boolean', describe: '全部重做：重新读取每个文件、重新生成每份文档' })
          .option('json', { type: 'boolean', describe: '结束时在标准输出打印一个 JSON 汇总（过程信息改到标准错误）' })
          .option('quiet', { type: 'boolean', alias: 'q', describe: '只输出错误' })
          .option('problems-exit-code', {
            type: 'number',
            default: EXIT.problems,
            describe: '有数据问题时的退出码（npm start 演示时用 0）',
          }),
      async (a) => {
        const stream = a.json ? process.stderr : process.stdout;
        const reporter = createReporter(chooseMode(a, stream), stream, useColor(stream));
        const summary = await build({ ...toBuildOptions(a), force: a.force }, { ...reporter, pause: pauseAt });
        reporter.finish();
        code =
          summary.render.failed.length > 0
            ? EXIT.failed
            : summary.problems.length > 0
              ? a['problems-exit-code']
              : EXIT.ok;
        if (a.json) {
          out(JSON.stringify(buildJson(summary, code), null, 2));
          return;
        }
        for (const f of summary.render.failed) err(`生成失败：${f.path}（${f.reason}）`);
        if (a.quiet) return;
        if (summary.problems.length > 0) {
          out(problemCounts(summary.problems));
          for (const line of problemLines(summary.problems)) out(line);
          out('');
        }
        out(
          `评分结果在数据库 ${a.db} 中（表 org_result、member_result、award_recommendation 等，见 docs/scoring.md）。`,
        );
        out(`报告和导出见 ${join(a.output, 'index.html')}，本次运行记录见 ${join(a.output, 'build.log')}。`);
      },
    )
    .command(
      'watch',
      '监视 input 文件夹，文件有变化（复制完成后）就自动生成；一直运行，按 Ctrl+C 停止',
      (y) =>
        buildOptions(y)
          .option('settle', {
            type: 'number',
            default: 3,
            describe: '文件夹安静多少秒后才开始生成（等待复制完成、合并连续的改动）',
          })
          .option('interval', { type: 'number', default: 1, describe: '每隔多少秒检查一次文件夹' }),
      async (a) => {
        if (!existsSync(a.input)) throw new InputFolderMissing(resolve(a.input));
        const stream = process.stdout;
        const reporter = createReporter(chooseMode({}, stream), stream, useColor(stream));
        const stop = new AbortController();
        let child: ChildProcess | null = null;
        for (const signal of ['SIGINT', 'SIGTERM'] as const) {
          process.on(signal, () => {
            reporter.log('收到停止信号，当前生成结束后退出');
            stop.abort();
            child?.kill(signal);
          });
        }
        const options = toBuildOptions(a);
        await watch({
          input: resolve(a.input),
          skip: buildSkips(options),
          settleMs: a.settle * 1000,
          intervalMs: a.interval * 1000,
          signal: stop.signal,
          log: (line) => reporter.log(line),
          build: () =>
            new Promise((done) => {
              child = spawn(process.execPath, [CLI, 'build', ...buildArgs(options)], { stdio: 'inherit' });
              child.on('exit', (status, signal) => {
                child = null;
                done(status ?? (signal ? 128 : EXIT.failed));
              });
              child.on('error', (e) => {
                reporter.log(`无法启动生成：${e.message}`);
              });
            }),
        });
      },
    )
    .command(
      'export',
      '把数据库中的当前数据、评议方案表和评分结果导出为 Parquet（按评议期和片区分区），供其他数据库引擎使用',
      (y) =>
        y
          .option('parquet', {
            type: 'string',
            demandOption: '请用 --parquet 指定导出文件夹',
            describe: '导出文件夹（每次整体替换；每张表一个子文件夹）',
          })
          .option('db', DB_OPTION)
          .option('wait', WAIT_OPTION),
      async (a) => {
        const manifest = await exportParquet({
          db: a.db,
          dir: a.parquet,
          wait: a.wait,
          onWait: (pid, since) => err(`另一个生成正在运行（进程 ${pid}，开始于 ${since}），等待其结束……`),
        });
        const width = Math.max(...manifest.tables.map((t) => t.name.length));
        for (const t of manifest.tables) {
          const parts = t.partitionBy.length > 0 ? `按 ${t.partitionBy.join('、')} 分区` : '不分区';
          out(
            `  ${t.name.padEnd(width)}  ${String(t.rows).padStart(8)} 行  ${String(t.files).padStart(4)} 个文件  ${parts}`,
          );
        }
        const rows = manifest.tables.reduce((n, t) => n + t.rows, 0);
        const files = manifest.tables.reduce((n, t) => n + t.files, 0);
        out(
          `已导出 ${manifest.tables.length} 张表，共 ${rows} 行、${files} 个 Parquet 文件，到 ${resolve(a.parquet)}（说明见 docs/scale.md）`,
        );
      },
    )
    .demandCommand(1, '请指定一个命令，例如：pingyi build')
    .strict()
    .recommendCommands()
    .help('help')
    .alias('help', 'h')
    .version(false)
    .locale('zh_CN')
    .wrap(Math.min(110, process.stdout.columns || 110))
    .fail((msg, e) => {
      throw e ?? new UsageError(msg);
    })
    .parseAsync();
  return code;
}

const DB_OPTION = { type: 'string', default: DEFAULT_DB, describe: '数据库文件（保存历次读入的数据）' } as const;
const WAIT_OPTION = {
  type: 'boolean',
  default: true,
  describe: '已有生成在运行时排队等待；--no-wait 则立即退出（退出码 3）',
} as const;

/** The options `build` and `watch` share. */
function buildOptions<T>(y: Argv<T>) {
  return y
    .option('input', { type: 'string', default: 'input', describe: '输入文件夹' })
    .option('output', { type: 'string', default: 'output', describe: '输出文件夹（每次整体替换）' })
    .option('db', DB_OPTION)
    .option('scheme', { type: 'string', describe: '评议方案文件（YAML）' })
    .option('overrides', {
      type: 'string',
      describe: '调整决定文件（YAML，看票不唯票），默认 input 旁边的 overrides.yaml',
    })
    .option('templates', { type: 'string', describe: '报告模板文件夹（复制 templates/ 后修改）' })
    .option('period', { type: 'string', describe: '只生成此评议期的报告，如 2011H1；all 为全部（默认）' })
    .option('jobs', { type: 'number', describe: '同时打印的文档数（默认为 CPU 核数）' })
    .option('branch-reports', {
      type: 'boolean',
      describe: `生成每个党组织的 PDF 报告和按党组织分组的党员排名 PDF（默认：党组织不超过 ${BRANCH_REPORTS_AUTO_MAX} 个时生成）`,
    })
    .option('wait', WAIT_OPTION);
}

type BuildArgs = Awaited<ReturnType<typeof buildOptions<object>>['argv']>;

function toBuildOptions(a: BuildArgs): BuildOptions {
  const period = a.period === undefined || a.period === 'all' ? undefined : periodCode(a.period);
  const { input, output, db, wait, scheme, overrides, templates, jobs } = a;
  return {
    input,
    output,
    db,
    wait,
    scheme,
    overrides,
    templates,
    jobs,
    branchReports: a['branch-reports'],
    periods: period === undefined ? undefined : [period],
  };
}

/** The same build as a command line, for the child process `watch` starts. */
function buildArgs(o: BuildOptions): string[] {
  return [
    '--input',
    o.input,
    '--output',
    o.output,
    '--db',
    o.db,
    ...(o.scheme ? ['--scheme', o.scheme] : []),
    ...(o.overrides ? ['--overrides', o.overrides] : []),
    ...(o.templates ? ['--templates', o.templates] : []),
    ...(o.periods ? ['--period', o.periods[0]!] : []),
    ...(o.jobs !== undefined ? ['--jobs', String(o.jobs)] : []),
    ...(o.branchReports !== undefined ? [o.branchReports ? '--branch-reports' : '--no-branch-reports'] : []),
  ];
}

function buildJson(s: BuildSummary, exitCode: number) {
  const errors = s.problems.filter((p) => p.severity === 'error').length;
  return {
    exitCode,
    scheme: s.schemeFile,
    output: s.outputDir,
    stages: {
      ingest: {
        ms: Math.round(s.timings.ingest),
        files: s.ingest.files.length,
        parsed: s.ingest.read,
        skipped: s.ingest.skipped,
        rows: s.ingest.rows,
      },
      score: {
        ms: Math.round(s.timings.score),
        skipped: s.score.skipped,
        periods: s.score.periods,
        orgs: s.score.orgs,
        members: s.score.members,
      },
      render: {
        ms: Math.round(s.timings.render),
        outputs: s.outputs.length,
        made: s.render.made,
        reused: s.render.reused,
        branchReports: s.render.branchReports,
        failed: s.render.failed,
        browserRestarts: s.render.browserRestarts,
      },
      publish: { ms: Math.round(s.timings.publish) },
    },
    problems: { errors, warnings: s.problems.length - errors, list: s.problems },
    outputs: s.outputs,
  };
}

function periodCode(text: string): string {
  const p = parsePeriod(text);
  if (!p) throw new UsageError(`评议期“${text}”格式不对，应写作 2011H1 或 2011H2`);
  return p.code;
}

function validationJson(
  rosterFile: string | null,
  readings: Awaited<ReturnType<typeof validateInput>>['readings'],
  scanProblems: Problem[],
) {
  return {
    roster: rosterFile,
    files: readings.map((r) => ({
      file: r.file.name,
      sha256: r.file.sha256,
      kind: r.recognition?.kind ?? null,
      period: r.recognition?.period ?? null,
      orgId: r.recognition?.orgId ?? null,
      recognizedBy: r.recognition?.by ?? null,
      usable: r.usable,
      rows: r.counts,
      problems: r.problems,
    })),
    problems: scanProblems,
  };
}

/** The exit code for an error that ended the run, and whether its message says it all. */
function classify(e: unknown): { code: number; known: boolean } {
  if (
    e instanceof SchemeError ||
    e instanceof OverridesError ||
    e instanceof UsageError ||
    e instanceof InputFolderMissing ||
    e instanceof ForeignOutputFolder ||
    e instanceof OutputIsMountPoint ||
    e instanceof NothingToExport
  )
    return { code: EXIT.usage, known: true };
  if (
    e instanceof BrowserNotFound ||
    e instanceof LockBusy ||
    e instanceof DatabaseLocked ||
    e instanceof OutputNotWritable
  )
    return { code: EXIT.failed, known: true };
  return { code: EXIT.failed, known: false };
}

const argv = hideBin(process.argv);
try {
  process.exitCode = await run(argv);
} catch (e) {
  const { code, known } = classify(e);
  const message = e instanceof Error ? e.message : String(e);
  err(known ? message : `运行失败：${e instanceof Error ? (e.stack ?? message) : message}`);
  if (e instanceof UsageError) err('运行 pingyi --help 查看用法。');
  if (argv.includes('--json')) out(JSON.stringify({ exitCode: code, error: message }, null, 2));
  process.exitCode = code;
}
