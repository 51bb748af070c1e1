// How the 总体情况报告 is issued as a 公文 (GB/T 9704): the issuing organ, its 机关代字, the
// 签发人, to whom it goes, who gets copies, whom to call. The office's, not the scheme's: the
// scheme is about scoring, and a new 签发人 must not score anything again. Read from
// documents.yaml beside the input folder (or --documents); without it the report is an
// internal one to the bureau's own leading group, without a 发文字号.
import { z } from '../scheme/zod.ts';
import { EXIT, ExplainedError } from '../base/errors.ts';
import { parseSettings, readSettings, settingsFile, type SettingsFormat } from '../scheme/settings-file.ts';
import { parsePeriod } from '../scheme/period.ts';

export const DOCUMENTS_FILE_NAME = 'documents.yaml';

const text = z.string().trim().min(1);

const documentsSchema = z
  .strictObject({
    /** 发文机关署名; default the scheme's issuer. */
    organ: text.optional(),
    /** 发文机关标志; default the organ + 文件. */
    mark: text.optional(),
    /** 机关代字 of the 发文字号 (东教体党〔2011〕15号). */
    code: text.optional(),
    /** 发文顺序号 by period; a period without one leaves the number blank for the office to fill. */
    numbers: z.record(z.string(), z.number().int().min(1)).default({}),
    /** upward: 上行文 to a higher organ, with 签发人; internal: to the bureau's own leading group. */
    direction: z.enum(['upward', 'internal']).default('internal'),
    signer: text.optional(),
    /** 主送机关; default by direction. */
    addressee: text.optional(),
    /** 抄送机关. */
    copyTo: z.array(text).default([]),
    /** 印发机关; default the organ. */
    printedBy: text.optional(),
    /** 附注: whom to call about the report. */
    contact: z.strictObject({ name: text, phone: text }).optional(),
    /** 公示 of the award lists: where and how to raise objections; default the organ, with the contact's phone. */
    notice: z
      .strictObject({ office: text, phone: text.optional(), email: text.optional(), address: text.optional() })
      .optional(),
  })
  .superRefine((d, ctx) => {
    if (d.direction === 'upward' && !d.signer)
      ctx.addIssue({ code: 'custom', path: ['signer'], message: '上行文（direction: upward）须写明签发人' });
    for (const p of Object.keys(d.numbers))
      if (!parsePeriod(p))
        ctx.addIssue({ code: 'custom', path: ['numbers', p], message: '评议期应写作 2011H1 或 2011H2' });
  });

export type DocumentsSettings = z.output<typeof documentsSchema>;

/** The report as issued without a settings file. */
export const DEFAULT_DOCUMENTS: DocumentsSettings = documentsSchema.parse({});

export class DocumentsFileError extends ExplainedError {
  readonly exitCode = EXIT.usage;
}

/** --documents wins; else documents.yaml beside the input folder; else none. */
export const resolveDocumentsFile = (explicit: string | undefined, inputDir: string): string | null =>
  settingsFile(explicit, inputDir, DOCUMENTS_FILE_NAME);

const DOCUMENTS_FORMAT: SettingsFormat<DocumentsSettings> = {
  label: '公文设置文件',
  schema: documentsSchema,
  docs: 'docs/documents.md',
  fail: (message) => new DocumentsFileError(message),
};

export function loadDocumentsSettings(file: string | null): DocumentsSettings {
  return file ? readSettings(file, DOCUMENTS_FORMAT) : DEFAULT_DOCUMENTS;
}

export function parseDocumentsSettings(source: string, file = DOCUMENTS_FILE_NAME): DocumentsSettings {
  return parseSettings(source, file, DOCUMENTS_FORMAT);
}
