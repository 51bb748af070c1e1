// The office's YAML settings files beside the input folder (documents.yaml, office.yaml): where
// they are, and their text checked against a schema, every problem said with its key and line.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import { unreadableReason } from '../base/unreadable-reason.ts';
import { formatPath, yamlErrorText } from './load.ts';
import type { ZodType } from 'zod';
import { zodMessages } from './zod-messages.ts';

/** The option's file wins; else the file of that name beside the input folder; else none. */
export function settingsFile(explicit: string | undefined, inputDir: string, name: string): string | null {
  if (explicit) return resolve(explicit);
  const local = join(dirname(resolve(inputDir)), name);
  return existsSync(local) ? local : null;
}

export interface SettingsFormat<T> {
  /** What the file is called in messages: 设置文件, 公文设置文件. */
  label: string;
  schema: ZodType<T>;
  /** Where the file's keys are documented, for an unknown key: docs/office.md. */
  docs: string;
  /** A problem the schema would say badly, found first: its line of the message, or null. */
  check?: (doc: Document) => string | null;
  /** A message the schema gives as a code, in words. */
  word?: (message: string) => string;
  /** What an empty file means (default: no keys set). */
  empty?: unknown;
  /** The error the file's problems are thrown as (its exit code says: fix the file, run again). */
  fail: (message: string) => Error;
}

export function readSettings<T>(file: string, format: SettingsFormat<T>): T {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw format.fail(`${format.label} ${file} 无法读取：${unreadableReason(e)}`);
  }
  return parseSettings(text, file, format);
}

export function parseSettings<T>(text: string, file: string, format: SettingsFormat<T>): T {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const lines = doc.errors.map(
      (e) => `  第 ${e.linePos?.[0]?.line ?? '?'} 行：YAML 格式错误：${yamlErrorText(e.code)}`,
    );
    throw format.fail(`${format.label} ${file} 有问题：\n${lines.join('\n')}`);
  }
  const found = format.check?.(doc);
  if (found) throw format.fail(`${format.label} ${file} 有问题：\n  ${found}`);
  const parsed = format.schema.safeParse(doc.toJS() ?? format.empty ?? {}, { error: zodMessages(format.docs) });
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => {
    const path = i.path as (string | number)[];
    // A key that is missing has no line: its nearest written parent's is given, but not the whole
    // file's (its first line would point at a key that has nothing to do with it).
    let node: unknown;
    for (let at = path.length; at >= Math.min(1, path.length) && !isNode(node); at--)
      node = doc.getIn(path.slice(0, at), true);
    const line = isNode(node) && node.range ? `（第 ${lineCounter.linePos(node.range[0]).line} 行）` : '';
    return `  ${formatPath(path) || '（整个文件）'}${line}: ${format.word?.(i.message) ?? i.message}`;
  });
  throw format.fail(`${format.label} ${file} 有 ${lines.length} 处问题：\n${lines.join('\n')}`);
}
