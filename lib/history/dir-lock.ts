/**
 * An exclusive lock on a history data directory: a `switchboard.lock` file holding the owner's
 * pid. Embedded PGlite has no lock of its own, and a second process opening the same directory
 * loses its committed rows silently, so nothing opens the directory without this lock.
 *
 * Contract: `acquireDirLock(dir)` creates the file exclusively (`wx`); when it exists and names
 * a live process other than this one, it throws `DirLockedError` naming the directory and that
 * pid; when it names a dead process (left by `kill -9` or a crash) or holds no pid, the lock is
 * stale and is taken over. `release()` removes the file only while it still holds our pid. A pid
 * reused by an unrelated process after a crash reads as alive: the message says which pid to
 * check, and removing the file by hand is then safe.
 */
import { mkdirSync, openSync, readFileSync, unlinkSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';

export const LOCK_FILE = 'switchboard.lock';

export class DirLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(
      `the history directory ${dir} is in use by another Switchboard process (pid ${pid}); ` +
        `stop that process, or give this one another --data-dir (or --no-history)`,
    );
    this.name = 'DirLockedError';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else — still alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function holder(path: string): number | undefined {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** The pid holding the directory's lock, when that process is alive. */
export function lockHolder(dir: string): number | undefined {
  const pid = holder(join(dir, LOCK_FILE));
  return pid !== undefined && pid !== process.pid && alive(pid) ? pid : undefined;
}

export interface DirLock {
  path: string;
  release(): void;
}

export function acquireDirLock(dir: string): DirLock {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return {
        path,
        release: () => {
          if (holder(path) === process.pid) unlinkSync(path);
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const pid = holder(path);
    // Our own pid: this process already holds it (a second store on one directory loses rows too).
    if (pid !== undefined && (pid === process.pid || alive(pid)))
      throw new DirLockedError(dir, pid);
    // Stale (its process is gone): remove it and race for it again with `wx`.
    try {
      unlinkSync(path);
    } catch {
      // Another process took it over first: the next attempt reads its pid.
    }
  }
  const pid = holder(path) ?? 0;
  throw new DirLockedError(dir, pid);
}
