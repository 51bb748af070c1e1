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

/** CPU time a process has used itself (utime + stime, proc(5) fields 14 and 15), in ms; 0 once it is gone. */
function cpuMsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

// Linux's USER_HZ is 100 everywhere it runs today.
const TICK_MS = 10;

function pssKb(pid: number): number {
  try {
    return Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

function tree(root: number): Set<number> {
  const ppid = parents();
  const found = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, parent] of ppid) {
      if (found.has(parent) && !found.has(pid)) {
        found.add(pid);
        grew = true;
      }
    }
  }
  return found;
}

export function treeMemoryMb(root: number): number {
  let kb = 0;
  for (const pid of tree(root)) kb += pssKb(pid);
  return kb / 1024;
}

/**
 * Samples the tree under `root` until stopped: the peak memory so far and at the end, in MB,
 * and the CPU time of every process seen in it (Chromium's are not waited for by pingyi, so
 * the kernel's count of children's time misses them). What a process used after its last
 * sample, at most `everyMs` of it, is not counted. Without `memory` only the CPU is sampled:
 * reading smaps_rollup walks each process's page tables, in the kernel, and on 2 cores ten
 * times a second over Chromium's processes that slowed the very build being timed (a district
 * cold build: 38 s sampled, 28 s not).
 */
export function samplePeak(
  root: number,
  everyMs = 100,
  memory = true,
): { sofar(): number; stop(): { peakMb: number; cpuMs: number } } {
  let peak = 0;
  const cpu = new Map<number, number>();
  const sample = () => {
    let kb = 0;
    for (const pid of tree(root)) {
      if (memory) kb += pssKb(pid);
      const ms = cpuMsOf(pid);
      if (ms > 0) cpu.set(pid, Math.max(ms, cpu.get(pid) ?? 0));
    }
    peak = Math.max(peak, kb / 1024);
    return peak;
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    sofar: sample,
    stop() {
      clearInterval(timer);
      return { peakMb: peak, cpuMs: [...cpu.values()].reduce((a, b) => a + b, 0) };
    },
  };
}
