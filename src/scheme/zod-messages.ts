// zod's issues worded for office staff, not programmers: what is allowed and what was found.
import type { core } from 'zod';

const TYPE_NAMES: Record<string, string> = {
  number: '数字',
  string: '文字',
  boolean: 'true 或 false',
  array: '列表',
  object: '一组键值（对象）',
  null: '空',
  undefined: '空',
};

function describe(value: unknown): string {
  if (value === undefined) return '未填写';
  if (value === null) return '空';
  if (Array.isArray(value)) return '列表';
  if (typeof value === 'object') return '一组键值';
  if (typeof value === 'string') return `文字 "${value}"`;
  return `${TYPE_NAMES[typeof value] ?? typeof value} ${String(value)}`;
}

/**
 * Messages for office staff, not programmers: say what is allowed and what was found; an unknown
 * key is pointed to where the file's keys are documented.
 */
export const zodMessages =
  (docs: string) =>
  (issue: core.$ZodRawIssue): string =>
    describeIssue(issue, docs);

/** The scheme's messages (docs/scheme.md); a field's own words go through it too. */
export const zodMessage = zodMessages('docs/scheme.md');

function describeIssue(issue: core.$ZodRawIssue, docs: string): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return `缺少此项（应为${TYPE_NAMES[issue.expected] ?? issue.expected}）`;
      return `应为${TYPE_NAMES[issue.expected] ?? issue.expected}（当前为${describe(issue.input)}）`;
    case 'too_small':
      if (issue.origin === 'array') return `至少要有 ${String(issue.minimum)} 项`;
      if (issue.origin === 'string') return '不能为空';
      return `${issue.inclusive ? '不能小于' : '必须大于'} ${String(issue.minimum)}（当前 ${String(issue.input)}）`;
    case 'too_big':
      return `${issue.inclusive ? '不能大于' : '必须小于'} ${String(issue.maximum)}（当前 ${String(issue.input)}）`;
    case 'unrecognized_keys':
      return `未知的键 ${issue.keys.map((k) => `"${k}"`).join('、')}（请检查拼写，可用的键见 ${docs}）`;
    case 'invalid_value':
      return `只能是 ${issue.values.map((v) => String(v)).join('、')} 之一（当前 ${describe(issue.input)}）`;
    case 'invalid_union':
      return `应为 0 到 1 之间的小数，或 "2/3" 这样的分数（当前 ${describe(issue.input)}）`;
    case 'invalid_format':
      if (issue.format === 'regex' && issue.message === 'key')
        return `只能由英文字母、数字和下划线组成，且以字母开头（当前 ${describe(issue.input)}）`;
      if (issue.format === 'includes')
        return `必须包含 ${String((issue as { includes?: string }).includes)}（当前 ${describe(issue.input)}）`;
      return `格式不正确（当前 ${describe(issue.input)}）`;
    default:
      return `取值不正确（当前 ${describe(issue.input)}）`;
  }
}
