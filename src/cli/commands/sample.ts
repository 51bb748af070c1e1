// `pingyi sample` (for development): the sample input shipped with the repository.
import { resolve } from 'node:path';
import { loadScheme } from '../../scheme/load.ts';
import { defineCommand } from '../command.ts';
import { out } from '../print.ts';

export const sampleCommand = defineCommand({
  command: 'sample',
  describe: '（开发用）生成随仓库提供的示例输入：名册和两个评议期的已填表格',
  builder: (y) =>
    y
      .option('out', { type: 'string', default: 'input', describe: '输出文件夹' })
      .option('seed', { type: 'number', describe: '随机种子（默认固定，结果可复现）' }),
  handler: async (a) => {
    const { scheme } = loadScheme();
    const { generateSample } = await import('../../sample/generate.ts');
    const files = await generateSample({
      scheme,
      outDir: resolve(a.out),
      clean: true,
      ...(a.seed !== undefined && { seed: a.seed }),
    });
    out(`已生成 ${files.length} 个示例文件到 ${resolve(a.out)}`);
  },
});
