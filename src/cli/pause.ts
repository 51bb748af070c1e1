// Fault injection for the crash tests: with PINGYI_PAUSE_AT=<point>, a build stops at that
// point, says so on stderr and waits to be killed, so a test can SIGKILL it exactly there
// instead of guessing with timers. Without the variable this does nothing. The CLI hands
// it to the build as `effects.pause`; no library knows of it.
import type { PausePoint } from '../pipeline/effects.ts';

export async function pauseAt(point: PausePoint): Promise<void> {
  if (process.env.PINGYI_PAUSE_AT !== point) return;
  process.stderr.write(`PINGYI_PAUSED ${point}\n`);
  // A pending timer keeps the process alive until the kill.
  await new Promise(() => setInterval(() => undefined, 60_000));
}
