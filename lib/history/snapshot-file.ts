/**
 * Reading an incident snapshot file from disk (Node only): `switchboard view FILE` checks the file
 * with this before it starts anything, and the dashboard server it starts reads the file with it
 * again (lib/k8s/snapshot-source.ts), so both refuse the same files with the same words.
 *
 * Contract: `readSnapshotFile(path)` is the validated snapshot (lib/history/snapshot.ts) or one
 * message naming the file and everything wrong with it: it cannot be read (missing, a
 * directory, not allowed), it is not JSON, or it is not a `switchboard.snapshot/v1` file (each
 * problem with its path in the file, at most ten).
 */
import { readFileSync } from 'node:fs';
import { SNAPSHOT_SCHEMA, type SnapshotFile } from '../api/history';
import { errorMessage } from '../error-message';
import { parseSnapshot } from './snapshot';

export function readSnapshotFile(
  path: string,
): { ok: true; snapshot: SnapshotFile } | { ok: false; message: string } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'a directory, not a file'
          : errorMessage(error);
    return { ok: false, message: `cannot read ${path}: ${why}` };
  }
  const parsed = parseSnapshot(text);
  if (parsed.ok) return parsed;
  return {
    ok: false,
    message: `${path} is not a ${SNAPSHOT_SCHEMA} snapshot (as "Download snapshot (JSON)" saves it):\n${parsed.problems.map((p) => `  ${p}`).join('\n')}`,
  };
}
