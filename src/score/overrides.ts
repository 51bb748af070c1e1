// 看票不唯票: the committee's decisions that change a proposed result, from a YAML file,
// each with who decided, when and why. Applied after scoring and always shown.
import { readSettings, settingsFile } from '../scheme/settings-file.ts';
import type { ZodType } from 'zod';
import { z } from '../scheme/zod.ts';
import { EXIT, ExplainedError } from '../base/errors.ts';
import { parseYesNo } from '../ingest/cells.ts';
import { parsePeriod } from '../scheme/period.ts';
import type { Scheme } from '../scheme/schema.ts';
import type { Store } from '../store/db.ts';

export const OVERRIDES_FILE_NAME = 'overrides.yaml';

const DATE_EXAMPLE = '应为日期，如 2011-07-15';
const dateError = (i: { input?: unknown }) =>
  i.input === undefined ? `缺少此项（${DATE_EXAMPLE}）` : `${DATE_EXAMPLE}（当前 ${String(i.input)}）`;

const overrideSchema = z.strictObject({
  period: z
    .string()
    .refine((p) => parsePeriod(p) !== null, { message: '评议期应写作 2011H1 或 2011H2' })
    .transform((p) => parsePeriod(p)!.code),
  target: z.enum(['org', 'member']),
  id: z.coerce.string().trim().min(1),
  field: z.enum(['band', 'eligible']),
  // Checked against the scheme's bands or yes/no words below.
  value: z.union([z.string(), z.boolean(), z.number()], {
    error: (i) => (i.input === undefined ? '缺少此项（写等次，或 是/否）' : '应写等次，或 是/否'),
  }),
  by: z.string().trim().min(1),
  date: z
    .union([z.date(), z.string().regex(/^\d{4}-\d{1,2}-\d{1,2}$/, { error: dateError })], { error: dateError })
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

/** Each decision's value in the scheme's words: a band of its target, or yes/no for eligible. */
function overridesSchema(scheme: Scheme): ZodType<Override[]> {
  const yesNo = { yes: [...scheme.yesNo.yes, 'true'], no: [...scheme.yesNo.no, 'false'] };
  return z.array(
    overrideSchema.transform((o, ctx): Override => {
      const fail = (message: string) => {
        ctx.issues.push({ code: 'custom', message, input: o.value, path: ['value'] });
        return z.NEVER;
      };
      if (o.field === 'eligible') {
        // The forms' yes/no words, so that 是, 否 and √ mean here what they mean in a form.
        const yes = parseYesNo(o.value, yesNo);
        if (!yes.ok || yes.value === null)
          return fail(
            `应为 true 或 false（或 ${scheme.yesNo.yes[0]}、${scheme.yesNo.no[0]}）（当前 ${String(o.value)}）`,
          );
        return { ...o, value: String(yes.value) };
      }
      const bands = (o.target === 'org' ? scheme.org.bands : scheme.member.bands).map((b) => b.label);
      const value = String(o.value);
      if (!bands.includes(value)) return fail(`等次应为 ${bands.join('、')} 之一（当前 ${value}）`);
      return { ...o, value };
    }),
  );
}

export function loadOverrides(file: string | null, scheme: Scheme): Override[] {
  if (!file) return [];
  return readSettings(file, {
    label: '调整决定文件',
    schema: overridesSchema(scheme),
    docs: 'docs/scoring.md“调整决定”',
    empty: [],
    fail: (message) => new OverridesError(message),
  });
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
