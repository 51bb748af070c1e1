// How much one input file may hold. A real form has about ten sheets and a province's
// roster about 150,000 member rows; anything far beyond is a mistake (formatting dragged
// down a whole column) or a crafted file, and reading it would only exhaust memory. A file
// over a limit is reported and not read; the rest of the input is. The zip container's own
// limits (entries, inflated bytes) are in xlsx/zip.ts.

/** Worksheets in one workbook. */
export const MAX_SHEETS = 100;

/** The last row holding a value in one worksheet, or the last line of a CSV file. */
export const MAX_ROWS = 300_000;

export const TOO_MANY_ROWS = `行数超过上限（每张工作表或每个 CSV 文件最多 ${MAX_ROWS} 行），本文件未读入；如确有这么多数据，请分成几个文件`;

export const tooManySheets = (count: number) =>
  `工作簿有 ${count} 张工作表，超过上限 ${MAX_SHEETS} 张，可能是误操作或恶意构造的文件，本文件未读入`;

/** Cells covered by merged ranges in one worksheet: a form merges a few title cells. */
export const MAX_MERGED_CELLS = 1_000_000;

export const TOO_MANY_MERGED = `合并单元格的范围过大（一张工作表中合并的单元格合计最多 ${MAX_MERGED_CELLS} 个），可能是误操作或恶意构造的文件，本文件未读入`;

/**
 * Cells holding a value in one worksheet of an .ods file, where a run of equal rows or cells is
 * written once with a repeat count: a province's roster has about 1.5 million.
 */
export const MAX_CELLS = 10_000_000;

export const TOO_MANY_CELLS = `有内容的单元格超过上限（一张工作表最多 ${MAX_CELLS} 个），可能是误操作或恶意构造的文件，本文件未读入`;
