// One process's share of writing a benchmark input (see cachedInput in run.ts):
// tsx scripts/bench/generate-part.ts <scale> <seed> <outDir> <index> <of>
import { generateSynthetic } from '../../src/sample/generate.ts';
import { loadScheme } from '../../src/scheme/load.ts';
import { SCALES } from './scales.ts';

const [scale, seed, outDir, index, of] = process.argv.slice(2);
await generateSynthetic({
  scheme: loadScheme().scheme,
  outDir: outDir!,
  seed: Number(seed),
  ...SCALES[scale!]!,
  part: { index: Number(index), of: Number(of) },
});
