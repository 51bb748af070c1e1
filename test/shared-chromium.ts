import { afterAll, beforeAll } from 'vitest';
import { closeKeptChromium, keepChromiumBetweenBuilds } from '../src/pipeline/build.ts';

/**
 * The builds of this test file share one Chromium, as the builds of `pingyi watch`'s worker do:
 * starting it is 2–3 s of each build. A build starting and closing its own is what the CLI's
 * tests (cli, build-processes, faults, bench) run.
 */
export function shareChromiumBetweenBuilds(): void {
  beforeAll(keepChromiumBetweenBuilds);
  afterAll(closeKeptChromium);
}
