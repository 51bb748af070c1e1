// The `pingyi` command line. Each command parses its options, calls one stage, prints
// in Chinese and exits with a documented code (0 ok, 1 data problems, 2 usage or scheme
// error, 3 failure).
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { build, type BuildOptions } from '../build/build.ts';
import { DEFAULT_DB } from '../store/db.ts';
import { buildRosterWorkbook } from '../forms/roster-form.ts';
import { writeWorkbook } from '../forms/workbook.ts';
import { writeForms } from '../forms/write-forms.ts';
import { readRosterFile } from '../ingest/roster.ts';
import { formatProblem, type Problem } from '../ingest/problem.ts';
import { DEFAULT_SCHEME_FILE, loadScheme, resolveSchemeFile, SchemeError } from '../scheme/load.ts';
import { parsePeriod, periodLabel } from '../scheme/period.ts';
import { generateSample } from '../sample/generate.ts';
import { OverridesError } from '../score/overrides.ts';
import { BrowserNotFound } from '../report/browser.ts';
import { validateInput } from '../ingest/validate.ts';
import { problemCounts, problemLines } from './report-problems.ts';

export const EXIT = { ok: 0, problems: 1, usage: 2, failed: 3 } as const;

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
          await writeWorkbook(await buildRosterWorkbook(scheme, new Date()), file);
          out(`已生成空白名册模板：${file}`);
          return;
        }
        if (!a.roster || !a.period) throw new UsageError('请同时指定 --roster 名册文件 和 --period 评议期（如 --period 2011H1），或用 --roster-template 生成空白名册');
        const period = parsePeriod(a.period);
        if (!period) throw new UsageError(`评议期“${a.period}”格式不对，应写作 2011H1 或 2011H2`);
        const { roster, problems } = await readRosterFile(resolve(a.roster), scheme);
        printProblems(problems);
        if (roster.orgs.length === 0) {
          err('名册中没有可用的党组织，未生成评议表。');
          code = EXIT.problems;
          return;
        }
        const files = await writeForms({ scheme, roster, period, outDir: resolve(a.out), generatedAt: new Date() });
        out(`已为 ${periodLabel(scheme, period)} 生成 ${files.length} 份评议表（${roster.orgs.length} 个党组织 + 1 份上级考评表），保存在 ${resolve(a.out)}`);
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
          .option('input', { type: 'string', default: 'input', describe: '输入文件夹（其旁边的 pingyi.yaml 会被采用）' })
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
        out(`  五个好：${scheme.org.dimensions.map((d) => `${d.label} ${d.points} 分`).join('，')}；考核细则 ${orgItems} 项`);
        out(`  党组织总分 = 自评 × ${scheme.weights.org.self} + 上级考评 × ${scheme.weights.org.bureau}`);
        out(`  党员总分 = 日常量化 × ${scheme.weights.member.dailyRecord} + 民主评议 × ${scheme.weights.member.democraticReview}`);
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
        const files = await generateSample({ scheme, outDir: resolve(a.out), clean: true, ...(a.seed !== undefined && { seed: a.seed }) });
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
        const { summary, readings } = await validateInput(a.input, scheme, text, [a.output, dirname(resolve(DEFAULT_DB))]);
        const problems = [...readings.flatMap((r) => r.problems), ...summary.problems];
        if (a.json) {
          out(JSON.stringify(validationJson(summary.rosterFile, readings, summary.problems), null, 2));
        } else {
          out(`检查了 ${readings.length} 个文件；名册：${summary.rosterFile ?? '无'}`);
          const rows = readings.reduce((n, r) => ({ read: n.read + r.counts.read, accepted: n.accepted + r.counts.accepted, rejected: n.rejected + r.counts.rejected }), { read: 0, accepted: 0, rejected: 0 });
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
      '读取 input 文件夹中的表格，评分并生成报告到 output 文件夹',
      (y) =>
        y
          .option('input', { type: 'string', default: 'input', describe: '输入文件夹' })
          .option('output', { type: 'string', default: 'output', describe: '输出文件夹' })
          .option('db', { type: 'string', default: DEFAULT_DB, describe: '数据库文件（保存历次读入的数据）' })
          .option('scheme', { type: 'string', describe: '评议方案文件（YAML）' })
          .option('overrides', { type: 'string', describe: '调整决定文件（YAML，看票不唯票），默认 input 旁边的 overrides.yaml' })
          .option('templates', { type: 'string', describe: '报告模板文件夹（复制 templates/ 后修改）' })
          .option('period', { type: 'string', describe: '只生成此评议期的报告，如 2011H1（默认全部）' })
          .option('jobs', { type: 'number', describe: '同时打印的文档数（默认为 CPU 核数）' })
          .option('problems-exit-code', { type: 'number', default: EXIT.problems, describe: '有数据问题时的退出码（npm start 演示时用 0）' }),
      async (a) => {
        const options: BuildOptions = {
          input: a.input,
          output: a.output,
          db: a.db,
          ...(a.scheme !== undefined && { scheme: a.scheme }),
          ...(a.overrides !== undefined && { overrides: a.overrides }),
          ...(a.templates !== undefined && { templates: a.templates }),
          ...(a.period !== undefined && { periods: [periodCode(a.period)] }),
          ...(a.jobs !== undefined && { jobs: a.jobs }),
        };
        const summary = await build(options, { log: out });
        const { rows } = summary.ingest;
        out(`本次新读数据行 ${rows.read} 行：采用 ${rows.accepted} 行，拒收 ${rows.rejected} 行`);
        if (summary.problems.length > 0) {
          out(problemCounts(summary.problems));
          for (const line of problemLines(summary.problems)) out(line);
        }
        out('');
        out(`评分结果已保存在数据库 ${a.db} 中（表 org_result、member_result、award_recommendation 等，见 docs/scoring.md）。`);
        out(`报告和导出见 ${join(a.output, 'index.html')}。`);
        for (const f of summary.failed) err(`生成失败：${f.path}（${f.reason}）`);
        code = summary.failed.length > 0 ? EXIT.failed : summary.problems.length > 0 ? a['problems-exit-code'] : EXIT.ok;
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

function periodCode(text: string): string {
  const p = parsePeriod(text);
  if (!p) throw new UsageError(`评议期“${text}”格式不对，应写作 2011H1 或 2011H2`);
  return p.code;
}

function validationJson(rosterFile: string | null, readings: Awaited<ReturnType<typeof validateInput>>['readings'], scanProblems: Problem[]) {
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

try {
  process.exitCode = await run(hideBin(process.argv));
} catch (e) {
  if (e instanceof SchemeError || e instanceof OverridesError) {
    err(e.message);
    process.exitCode = EXIT.usage;
  } else if (e instanceof BrowserNotFound) {
    err(e.message);
    process.exitCode = EXIT.failed;
  } else if (e instanceof UsageError) {
    err(e.message);
    err('运行 pingyi --help 查看用法。');
    process.exitCode = EXIT.usage;
  } else {
    err(`运行失败：${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exitCode = EXIT.failed;
  }
}
