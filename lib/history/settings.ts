/**
 * Where the Service history lives, from the SWITCHBOARD_* variables `switchboard serve` sets
 * (cli/serve-history.ts turns the flags into them).
 *
 * Contract:
 * - no variable at all: in memory, as before durable history existed (so test servers started
 *   in parallel never share a directory);
 * - SWITCHBOARD_NO_HISTORY=1: in memory, whatever else is set;
 * - SWITCHBOARD_DATABASE_URL=postgres://…: PostgreSQL, shared by replicas;
 * - SWITCHBOARD_DATA_DIR=DIR: embedded PGlite in `DIR/<cluster identity>`, so two clusters never
 *   mix in one directory; both a URL and a directory is an error;
 * - SWITCHBOARD_HISTORY_RETENTION (default 14d: `s`, `m`, `h`, `d` units) and
 *   SWITCHBOARD_HISTORY_MAX_SIZE (default 1GiB: bytes, or `KiB`/`MiB`/`GiB`/`KB`/`MB`/`GB`);
 * - the cluster identity is SWITCHBOARD_HISTORY_CLUSTER when set (two in-cluster deployments
 *   sharing one database must set it: both read `kubernetes.default.svc`), else derived from the
 *   API server's URL: readable host and port plus a hash of the whole URL.
 * A bad value throws with the variable's name and the reason.
 */
import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';

export type HistoryEnv = Readonly<Record<string, string | undefined>>;

export const DEFAULT_RETENTION = '14d';
export const DEFAULT_MAX_SIZE = '1GiB';

interface Bounds {
  retentionMs: number;
  maxBytes: number;
}

export type HistorySettings =
  | { mode: 'memory' }
  | ({ mode: 'pglite'; dir: string } & Bounds)
  | ({ mode: 'postgres'; url: string } & Bounds);

const DURATION_UNITS: Record<string, number> = { s: 1e3, m: 60e3, h: 3600e3, d: 86400e3 };
const SIZE_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
};

/** `14d`, `36h`, `90m`, `30s` → milliseconds; undefined when not a positive duration. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)([smhd])$/.exec(text.trim());
  const ms = match ? Number(match[1]) * DURATION_UNITS[match[2]!]! : NaN;
  return ms > 0 ? ms : undefined;
}

/** `1GiB`, `500MB`, `1048576` → bytes; undefined when not a positive size. */
export function parseSize(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim());
  const unit = match ? SIZE_UNITS[match[2]!.toLowerCase()] : undefined;
  const bytes = match && unit ? Number(match[1]) * unit : NaN;
  return bytes > 0 ? Math.floor(bytes) : undefined;
}

/** The per-user default: `$XDG_STATE_HOME/switchboard`, else `~/.local/state/switchboard`. */
export function defaultDataDir(env: HistoryEnv, home = homedir()): string {
  const state = env.XDG_STATE_HOME || join(home, '.local', 'state');
  return join(state, 'switchboard');
}

/** A directory-safe name for a cluster, stable for one API server URL. */
export function clusterIdentity(serverUrl: string): string {
  const hash = createHash('sha256').update(serverUrl).digest('hex').slice(0, 12);
  let readable = 'cluster';
  try {
    const url = new URL(serverUrl);
    readable = `${url.hostname}${url.port ? `-${url.port}` : ''}`;
  } catch {
    // Not a URL: the hash alone identifies it.
  }
  return `${readable.replace(/[^A-Za-z0-9.-]/g, '_')}-${hash}`;
}

/** The identity the store keys facts by (and names the PGlite directory after). */
export function historyCluster(env: HistoryEnv, serverUrl: string): string {
  return env.SWITCHBOARD_HISTORY_CLUSTER || clusterIdentity(serverUrl);
}

export function historySettings(env: HistoryEnv, cluster: string): HistorySettings {
  if (env.SWITCHBOARD_NO_HISTORY === '1') return { mode: 'memory' };
  const url = env.SWITCHBOARD_DATABASE_URL;
  const dir = env.SWITCHBOARD_DATA_DIR;
  if (!url && !dir) return { mode: 'memory' };
  if (url && dir)
    throw new Error('SWITCHBOARD_DATABASE_URL and SWITCHBOARD_DATA_DIR: give one of them');
  const retention = env.SWITCHBOARD_HISTORY_RETENTION || DEFAULT_RETENTION;
  const retentionMs = parseDuration(retention);
  if (retentionMs === undefined)
    throw new Error(
      `SWITCHBOARD_HISTORY_RETENTION=${retention}: expected a duration such as 14d, 36h or 90m`,
    );
  const size = env.SWITCHBOARD_HISTORY_MAX_SIZE || DEFAULT_MAX_SIZE;
  const maxBytes = parseSize(size);
  if (maxBytes === undefined)
    throw new Error(`SWITCHBOARD_HISTORY_MAX_SIZE=${size}: expected a size such as 1GiB or 500MB`);
  if (url) {
    if (!/^postgres(ql)?:\/\//.test(url))
      throw new Error('SWITCHBOARD_DATABASE_URL: expected a postgres:// or postgresql:// URL');
    return { mode: 'postgres', url, retentionMs, maxBytes };
  }
  return { mode: 'pglite', dir: join(dir!, cluster), retentionMs, maxBytes };
}
