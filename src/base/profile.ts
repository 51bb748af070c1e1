// Where a stage's time goes, part by part, for the bench (issue #21): milliseconds spent in
// each part and how many times it ran. Parts that run at once (two pages printing) each count
// their own time, so the parts can add up to more than the stage's wall time.

export interface PartTime {
  ms: number;
  count: number;
}

export class Profile {
  private readonly parts = new Map<string, PartTime>();

  add(part: string, ms: number, count = 1): void {
    const t = this.parts.get(part);
    if (t) {
      t.ms += ms;
      t.count += count;
    } else this.parts.set(part, { ms, count });
  }

  /** Runs `work`, adding its time to `part` whether it succeeds or throws. */
  async time<T>(part: string, work: () => Promise<T> | T): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.add(part, performance.now() - started);
    }
  }

  /** The same for synchronous work. */
  timeSync<T>(part: string, work: () => T): T {
    const started = performance.now();
    try {
      return work();
    } finally {
      this.add(part, performance.now() - started);
    }
  }

  /** Every part, whole milliseconds, in the order first seen. */
  toJSON(): Record<string, PartTime> {
    return Object.fromEntries([...this.parts].map(([k, t]) => [k, { ms: Math.round(t.ms), count: t.count }]));
  }
}

/** Runs `work`, its time added to `part` of `profile` when there is one. */
export function timed<T>(profile: Profile | undefined, part: string, work: () => Promise<T>): Promise<T> {
  return profile ? profile.time(part, work) : work();
}
