// A full garbage collection between stages. Reading a province leaves ~0.8 GB of dead
// records in V8's old generation (heapUsed 946 MB, 138 MB live), which V8 keeps while
// scoring allocates nothing in JavaScript: that heap and DuckDB's memory then add up (2.24 GB
// until scoring was done; 1.39 GB collected first, measured).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Below this much heap in use a collection would free too little to matter. */
const WORTH_COLLECTING_BYTES = 256 * 2 ** 20;

let gc: (() => void) | undefined;

/**
 * Collects now if the JavaScript heap holds more than WORTH_COLLECTING_BYTES. V8 exposes its
 * collector only with --expose-gc; a context made after the flag is set gets `gc`.
 */
export function collectGarbage(): void {
  if (process.memoryUsage().heapUsed < WORTH_COLLECTING_BYTES) return;
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}
