// The pipeline as one readable recipe. Each stage gets what the previous one produced;
// file writes and the logger come in through `effects`, so tests run the real thing.
import { resolve } from 'node:path';
import { loadScheme, resolveSchemeFile } from '../scheme/load.ts';
import { scanInput, type InputFile } from '../ingest/scan.ts';
import type { Problem } from '../ingest/problem.ts';

export interface BuildOptions {
  input: string;
  output: string;
  scheme?: string;
}

export interface Effects {
  log(line: string): void;
}

export interface BuildSummary {
  schemeFile: string;
  files: InputFile[];
  problems: Problem[];
  /** Stages that do not exist yet, stated rather than pretended. */
  notBuilt: string[];
}

export const STAGES_NOT_BUILT = ['数据校验与入库（ingest，issue #3）', '评分与排名（score，issue #4）', 'PDF 报告与导出（report，issue #5）'];

export async function build(options: BuildOptions, effects: Effects): Promise<BuildSummary> {
  const schemeFile = resolveSchemeFile(options.scheme, options.input);
  const { scheme } = loadScheme(schemeFile);
  effects.log(`评议方案：${scheme.name}（${scheme.version}）  ${schemeFile}`);

  const { files, problems } = await scanInput(resolve(options.input), scheme);
  effects.log(`输入文件夹：${resolve(options.input)}，找到 ${files.length} 个文件`);
  return { schemeFile, files, problems, notBuilt: STAGES_NOT_BUILT };
}
