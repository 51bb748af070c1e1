// Peak memory of a process and everything it started (Chromium included), sampled from
// /proc every `everyMs`: the sum of PSS over the tree, so pages Chromium's processes share
// are counted once (a sum of RSS counts them once per process).
import { readdirSync, readFileSync } from 'node:fs';

function parents(): Map<number, number> {
  const map = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      map.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // Gone between the listing and the read.
    }
  }
  return map;
}

function pssKb(pid: number): number {
  try {
    return Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

export function treeMemoryMb(root: number): number {
  const ppid = parents();
  const tree = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, parent] of ppid) {
      if (tree.has(parent) && !tree.has(pid)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  let kb = 0;
  for (const pid of tree) kb += pssKb(pid);
  return kb / 1024;
}

/** Samples the tree under `root` until stopped: the peak so far, and the peak at the end, in MB. */
export function samplePeak(root: number, everyMs = 100): { sofar(): number; stop(): number } {
  let peak = treeMemoryMb(root);
  const timer = setInterval(() => (peak = Math.max(peak, treeMemoryMb(root))), everyMs);
  return {
    sofar: () => (peak = Math.max(peak, treeMemoryMb(root))),
    stop() {
      clearInterval(timer);
      return peak;
    },
  };
}
