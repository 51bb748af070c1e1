// 看票不唯票: the committee's decisions that change a proposed result, from a YAML file,
// each with who decided, when and why. Applied after scoring and always shown.
import { settingsFile } from '../scheme/settings-file.ts';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from '../scheme/zod.ts';
import { EXIT, ExplainedError } from '../base/errors.ts';
import { parseYesNo } from '../ingest/cells.ts';
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
  value: z.union([z.string(), z.boolean()]),
  by: z.string().trim().min(1),
  date: z
    .union([z.date(), z.string().regex(/^\d{4}-\d{1,2}-\d{1,2}$/)])
    .transform((d) => (d instanceof Date ? d : new Date(`${d}T00:00:00Z`))),
  reason: z.string().trim().min(1),
});
/** A decision as the override table holds it: an eligible value is 'true' or 'false'. */
export type Override = Omit<z.output<typeof overrideSchema>, 'value'> & { value: string };

export class OverridesError extends ExplainedError {
  readonly exitCode = EXIT.usage;
}

/** --overrides wins; else overrides.yaml beside the input folder; else none. */
export const resolveOverridesFile = (explicit: string | undefined, inputDir: string): string | null =>
  settingsFile(explicit, inputDir, OVERRIDES_FILE_NAME);

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
  const problems: string[] = [];
  const overrides = parsed.data.map((o, i): Override => {
    if (o.field === 'eligible') {
      // The forms' yes/no words, so that 是, 否 and √ mean here what they mean in a form.
      const yes = parseYesNo(o.value, { yes: [...scheme.yesNo.yes, 'true'], no: [...scheme.yesNo.no, 'false'] });
      if (!yes.ok || yes.value === null)
        problems.push(
          `  [${i}].value: 应为 true 或 false（或 ${scheme.yesNo.yes[0]}、${scheme.yesNo.no[0]}）（当前 ${o.value}）`,
        );
      return { ...o, value: String(yes.ok && yes.value) };
    }
    const bands = (o.target === 'org' ? scheme.org.bands : scheme.member.bands).map((b) => b.label);
    const value = String(o.value);
    if (!bands.includes(value)) problems.push(`  [${i}].value: 等次应为 ${bands.join('、')} 之一（当前 ${value}）`);
    return { ...o, value };
  });
  if (problems.length > 0) throw new OverridesError(`调整决定文件 ${file} 有问题：\n${problems.join('\n')}`);
  return overrides;
}

export async function loadOverrideTable(store: Store, overrides: Override[]): Promise<void> {
  await store.replaceTable(
    'override',
    overrides.map((o) => ({
      period: o.period,
      target: o.target,
      id: o.id,
      field: o.field,
      value: o.value,
      decided_by: o.by,
      decided_on: o.date,
      reason: o.reason,
    })),
  );
}
