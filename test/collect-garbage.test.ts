import { describe, expect, it } from 'vitest';
import { collectGarbage } from '../src/base/collect-garbage.ts';

/**
 * Batches of records kept long enough to reach V8's old generation and then dropped, as the
 * reading's batches are, until the heap holds `bytes` more than it did (or 40 batches).
 */
function leaveGarbage(bytes: number): void {
  const start = process.memoryUsage().heapUsed;
  let batch: { id: string; values: number[] }[] = [];
  for (let b = 0; b < 40 && process.memoryUsage().heapUsed - start < bytes; b++) {
    batch = Array.from({ length: 500_000 }, (_, i) => ({ id: `row-${b}-${i}`, values: [i, i + 1, i + 2] }));
  }
  expect(batch).toHaveLength(500_000);
}

describe('collecting garbage between stages', () => {
  it('frees the dead records a large reading leaves in the heap', () => {
    leaveGarbage(400 * 2 ** 20);
    const before = process.memoryUsage().heapUsed;
    collectGarbage();
    expect(before - process.memoryUsage().heapUsed).toBeGreaterThan(200 * 2 ** 20);
  });
});
