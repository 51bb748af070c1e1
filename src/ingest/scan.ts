// Finds the files in the input folder and recognises each form by the metadata
// `pingyi forms` wrote into it, whatever the file is called now.
import ExcelJS from 'exceljs';
import { readdir } from 'node:fs/promises';
import { extname, join, relative } from 'node:path';
import type { FormMetadata } from '../forms/metadata.ts';
import { readMetadata } from '../forms/metadata.ts';
import type { Scheme } from '../scheme/schema.ts';
import { ProblemLog, type Problem } from './problem.ts';

export interface InputFile {
  path: string;
  /** Path relative to the input folder, as shown to people. */
  name: string;
  meta: FormMetadata | null;
}

const WORKBOOK = new Set(['.xlsx', '.xlsm']);
const NEEDS_RESAVE = new Set(['.xls', '.et', '.ods', '.numbers']);

/** Office lock files (~$…) and hidden files are never input. */
export function isIgnoredName(name: string): boolean {
  return name.startsWith('~$') || name.startsWith('.');
}

export async function listInputFiles(dir: string, skip: string[] = []): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && !isIgnoredName(e.name))
    .map((e) => join(e.parentPath, e.name))
    .filter((p) => !relative(dir, p).split(/[\\/]/).some(isIgnoredName))
    .filter((p) => !skip.some((s) => p.startsWith(s)))
    .sort();
}

export async function scanInput(dir: string, scheme: Scheme, skip: string[] = []): Promise<{ files: InputFile[]; problems: Problem[] }> {
  const files: InputFile[] = [];
  const problems: Problem[] = [];
  for (const path of await listInputFiles(dir, skip)) {
    const name = relative(dir, path);
    const log = new ProblemLog(name);
    const ext = extname(path).toLowerCase();
    if (NEEDS_RESAVE.has(ext)) {
      log.error(undefined, undefined, undefined, `不支持 ${ext} 格式，请在 Excel 或 WPS 中“另存为” .xlsx 后放回 input 文件夹`);
    } else if (WORKBOOK.has(ext)) {
      const meta = await workbookMetadata(path, log);
      if (meta) {
        if (meta.schemeId && meta.schemeId !== scheme.id) {
          log.warn(undefined, undefined, undefined, `此表按评议方案“${meta.schemeId}”生成，与当前方案“${scheme.id}”不同，请核对`);
        }
        files.push({ path, name, meta });
      } else if (log.errorCount === 0) {
        files.push({ path, name, meta: null });
        log.error(undefined, undefined, undefined, '无法识别这是哪一种评议表（缺少 pingyi 生成的表单信息）；按表头识别将在后续版本提供，请使用 pingyi forms 生成的表格填写');
      }
    } else if (ext === '.csv') {
      log.warn(undefined, undefined, undefined, '暂不读取 CSV 文件（CSV 导入尚未实现），已跳过');
    } else {
      log.error(undefined, undefined, undefined, `不是评议表文件（${ext || '无扩展名'}），已跳过`);
    }
    problems.push(...log.problems);
  }
  return { files, problems };
}

async function workbookMetadata(path: string, log: ProblemLog): Promise<FormMetadata | null> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.readFile(path);
  } catch {
    log.error(undefined, undefined, undefined, '文件已损坏或不是有效的 .xlsx 工作簿（如设置了打开密码，请取消密码后重新保存）');
    return null;
  }
  return readMetadata(wb);
}
