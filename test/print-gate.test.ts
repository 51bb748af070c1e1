// Long documents are laid out one at a time: Chromium's memory grows with the document.
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { ALONE_FROM_CHARS, PrintGate } from '../src/pdf/print-gate.ts';

const long = 'x'.repeat(ALONE_FROM_CHARS);
const short = 'x';

/** Runs each document on the gate, all started at once; the most that were printing at the same time, and the order they started in. */
async function printAll(documents: string[]): Promise<{ most: number; longWithOthers: boolean; started: number[] }> {
  const gate = new PrintGate();
  let now = 0;
  let most = 0;
  let longWithOthers = false;
  const started: number[] = [];
  await Promise.all(
    documents.map((html, i) =>
      gate.run(html, async () => {
        started.push(i);
        now += 1;
        most = Math.max(most, now);
        if (html === long && now > 1) longWithOthers = true;
        await sleep(20);
        if (html === long && now > 1) longWithOthers = true;
        now -= 1;
      }),
    ),
  );
  return { most, longWithOthers, started };
}

describe('the print gate', () => {
  it('lets short documents print together', async () => {
    expect((await printAll([short, short, short])).most).toBe(3);
  });

  it('prints a long document alone, never beside another, long or short', async () => {
    const r = await printAll([short, long, short, long, short]);
    expect(r.longWithOthers).toBe(false);
    expect(r.started).toHaveLength(5);
  });

  it('lets a long document waiting go before short ones that come after it', async () => {
    const r = await printAll([short, long, short]);
    expect(r.started).toEqual([0, 1, 2]);
  });
});
