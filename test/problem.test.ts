import { describe, expect, it } from 'vitest';
import { problemColumns, problemFromColumns, problemLines, ProblemLog, type Problem } from '../src/contract/problem.ts';

describe('a problem', () => {
  it('goes into the problem table and comes back as it was, absent parts included', () => {
    const full: Problem = {
      severity: 'error',
      file: 'a.xlsx',
      sheet: '日常量化',
      cell: 'D4',
      value: '120',
      message: 'm',
    };
    const bare: Problem = { severity: 'warning', file: '', message: 'm' };
    expect(problemColumns(bare)).toEqual({
      path: '',
      sheet: null,
      cell: null,
      value: null,
      severity: 'warning',
      message: 'm',
    });
    for (const p of [full, bare]) expect(problemFromColumns(problemColumns(p))).toEqual(p);
  });

  it('is listed under its file, files in the order first met, errors before warnings and otherwise in order', () => {
    const a = new ProblemLog('a.xlsx');
    const b = new ProblemLog('b.xlsx');
    a.warn(undefined, undefined, undefined, 'a1');
    b.warn(undefined, undefined, undefined, 'b1');
    a.error('日常量化', 'D4', '120', 'a2');
    a.warn(undefined, undefined, undefined, 'a3');
    const all = [
      a.problems[0]!,
      b.problems[0]!,
      a.problems[1]!,
      a.problems[2]!,
      { severity: 'error', file: '', message: 's' } as const,
    ];
    expect(problemLines(all)).toEqual([
      '【a.xlsx】',
      '  错误：工作表“日常量化”，单元格 D4（填写的是“120”）：a2',
      '  提醒：a1',
      '  提醒：a3',
      '【b.xlsx】',
      '  提醒：b1',
      '【全部文件】',
      '  错误：s',
    ]);
  });
});
