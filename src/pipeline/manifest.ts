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
}

export async function readManifest(dir: string): Promise<Manifest | null> {
  try {
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Manifest;
    return manifest.generatedBy === 'pingyi' && Array.isArray(manifest.outputs) ? manifest : null;
  } catch {
    return null;
  }
}
