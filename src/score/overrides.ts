// 看票不唯票: the committee's decisions that change a proposed result, from a YAML file,
// each with who decided, when and why. Applied after scoring and always shown.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { EXIT, ExplainedError } from '../base/errors.ts';
import { formatPath } from '../scheme/load.ts';
import { parsePeriod } from '../scheme/period.ts';
import type { Scheme } from '../scheme/schema.ts';
import { zodMessage } from '../scheme/zod-messages.ts';
import type { Store } from '../store/db.ts';

export const OVERRIDES_FILE_NAME = 'overrides.yaml';

const overrideSchema = z.strictObject({
  period: z
    .string()
    .refine((p) => parsePeriod(p) !== null, { message: '评议期应写作 2011H1 或 2011H2' })
    .transform((p) => parsePeriod(p)!.code),
  target: z.enum(['org', 'member']),
  id: z.coerce.string().trim().min(1),
  field: z.enum(['band', 'eligible']),
  value: z.union([z.string(), z.boolean()]).transform(String),
  by: z.string().trim().min(1),
  date: z
    .union([z.date(), z.string().regex(/^\d{4}-\d{1,2}-\d{1,2}$/)])
    .transform((d) => (d instanceof Date ? d : new Date(`${d}T00:00:00Z`))),
  reason: z.string().trim().min(1),
});
export type Override = z.output<typeof overrideSchema>;

export class OverridesError extends ExplainedError {
  readonly exitCode = EXIT.usage;
}

/** --overrides wins; else overrides.yaml beside the input folder; else none. */
export function resolveOverridesFile(explicit: string | undefined, inputDir: string): string | null {
  if (explicit) return resolve(explicit);
  const local = join(dirname(resolve(inputDir)), OVERRIDES_FILE_NAME);
  return existsSync(local) ? local : null;
}

export function loadOverrides(file: string | null, scheme: Scheme): Override[] {
  if (!file) return [];
  let data: unknown;
  try {
    data = parse(readFileSync(file, 'utf8')) ?? [];
  } catch (e) {
    throw new OverridesError(`调整决定文件 ${file} 无法读取：${(e as Error).message}`);
  }
  const parsed = z.array(overrideSchema).safeParse(data, { error: zodMessage });
  if (!parsed.success) {
    throw new OverridesError(
      `调整决定文件 ${file} 有问题：\n${parsed.error.issues.map((i) => `  ${formatPath(i.path)}: ${i.message}`).join('\n')}`,
    );
  }
  const problems = parsed.data.flatMap((o, i) => {
    const bands = (o.target === 'org' ? scheme.org.bands : scheme.member.bands).map((b) => b.label);
    if (o.field === 'band' && !bands.includes(o.value))
      return [`  [${i}].value: 等次应为 ${bands.join('、')} 之一（当前 ${o.value}）`];
    if (o.field === 'eligible' && o.target === 'org') return [`  [${i}].field: eligible 只用于党员（target: member）`];
    if (o.field === 'eligible' && !['true', 'false', '是', '否'].includes(o.value))
      return [`  [${i}].value: 应为 true 或 false（当前 ${o.value}）`];
    return [];
  });
  if (problems.length > 0) throw new OverridesError(`调整决定文件 ${file} 有问题：\n${problems.join('\n')}`);
  return parsed.data;
}

export async function loadOverrideTable(store: Store, overrides: Override[]): Promise<void> {
  await store.con.run(
    'CREATE OR REPLACE TABLE override (period VARCHAR, target VARCHAR, id VARCHAR, field VARCHAR, value VARCHAR, decided_by VARCHAR, decided_on DATE, reason VARCHAR)',
  );
  for (const o of overrides) {
    const value = o.value === '是' ? 'true' : o.value === '否' ? 'false' : o.value;
    await store.con.run('INSERT INTO override VALUES ($1, $2, $3, $4, $5, $6, $7::DATE, $8)', [
      o.period,
      o.target,
      o.id,
      o.field,
      value,
      o.by,
      o.date.toISOString().slice(0, 10),
      o.reason,
    ]);
  }
}
