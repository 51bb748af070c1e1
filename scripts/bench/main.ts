// npm run bench [-- --scale tiny|district|city|province] [--seed N] [--out FILE.json]
// Prints the Markdown table; --out also writes the numbers as JSON, with every row of the table and its target.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { benchRows, markdown } from './report.ts';
import { bench } from './run.ts';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: 'district' },
    seed: { type: 'string', default: '20101' },
    out: { type: 'string' },
    cache: { type: 'string', default: 'bench/cache' },
    work: { type: 'string', default: 'bench/work' },
  },
});

const result = await bench(values.scale, {
  seed: Number(values.seed),
  cache: values.cache,
  work: values.work,
  log: (line) => process.stderr.write(`${line}\n`),
});
process.stdout.write(markdown(result));
if (values.out) writeFileSync(values.out, `${JSON.stringify({ ...result, rows: benchRows(result) }, null, 2)}\n`);
