// manifest.json: what a published output folder holds, each file with the key it was made
// under. The render stage reuses a file whose key is unchanged; publishing recognises a
// folder pingyi wrote by it.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { OutputEntry } from '../report/plan-outputs.ts';

export interface ManifestEntry extends OutputEntry {
  /** Hash of everything the file is made from: equal keys, equal files. */
  key: string;
  sha256: string;
  bytes: number;
  pages?: number;
  /**
   * The published file's size, modification time, inode and device (fileStat): found the same
   * next time, the file is known intact without reading it.
   */
  stat?: string;
}

export interface Failure {
  path: string;
  reason: string;
}

export interface Manifest {
  generatedBy: 'pingyi';
  outputs: ManifestEntry[];
  /** Documents that could not be printed in the run that wrote this folder. */
  failed: Failure[];
  /**
   * The render stage's inputs (see render.ts): when they are the same next time and every file
   * here is intact, the next build takes this folder's files as they are without planning them.
   */
  inputs?: string;
  /**
   * Each period's inputs (see render.ts): a period whose inputs are the same next time and whose
   * files here are all intact is taken as it is, without planning its files.
   */
  periods?: Record<string, string>;
  /** index.html's SHA-256, so that it too is known intact. */
  index?: string;
}

export async function readManifest(dir: string): Promise<Manifest | null> {
  try {
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Manifest;
    return manifest.generatedBy === 'pingyi' && Array.isArray(manifest.outputs) ? manifest : null;
  } catch {
    return null;
  }
}
