/**
 * Processes and time in the benchmarks: deadlines on every phase, the memory figures of a child
 * process read from /proc, and child processes that never outlive the benchmark.
 *
 * Contract: `withDeadline` rejects with "<what>: no result within N s" and leaves no timer
 * behind; every child registered with `track` is SIGKILLed when this process exits, however it
 * exits; `stopChild` kills and waits for one. Linux only (/proc).
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function withDeadline<T>(what: string, ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no result within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Resident and peak resident memory (KiB) of a process. */
export function procStatus(pid: number | 'self'): { rssKb: number; hwmKb: number } {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) =>
    Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? NaN);
  return { rssKb: field('VmRSS'), hwmKb: field('VmHWM') };
}

/** Resets the kernel's peak-RSS counter so VmHWM covers only what follows. */
export function resetPeak(pid: number): void {
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
}

const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

export function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** Ends a child: SIGTERM first when `graceMs` is given, SIGKILL after it (or at once). */
export async function stopChild(child: ChildProcess, graceMs = 0): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    if (graceMs > 0) {
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(graceMs)]);
    }
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  }
  children.delete(child);
}
