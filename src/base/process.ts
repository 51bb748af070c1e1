// Whether a process is still there: the build lock and the browser's leftover profiles both ask.

/** Whether a process with this pid exists on this machine (EPERM: it does, someone else's). */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
