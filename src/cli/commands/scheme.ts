// `pingyi scheme`: check a scheme file and summarise it, or print the default scheme to start from.
import { readFileSync } from 'node:fs';
import { DEFAULT_SCHEME_FILE, loadScheme, resolveSchemeFile } from '../../scheme/load.ts';
import { defineCommand } from '../command.ts';
import { out } from '../print.ts';

export const schemeCommand = defineCommand({
  command: 'scheme',
  describe: '检查评议方案文件，或输出默认方案作为修改的起点',
  builder: (y) =>
    y
      .option('scheme', { type: 'string', describe: '要检查的方案文件' })
      .option('input', {
        type: 'string',
        default: 'input',
        describe: '输入文件夹（其旁边的 pingyi.yaml 会被采用）',
      })
      .option('print-default', { type: 'boolean', describe: '输出内置默认方案的 YAML' }),
  handler: (a) => {
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
});
