/**
 * `switchboard serve`'s history flags: where the Service timeline is kept, as the SWITCHBOARD_*
 * variables the server reads (lib/history/settings.ts decides what is valid).
 *
 * Contract:
 * - `--no-history`: in memory, as before (SWITCHBOARD_NO_HISTORY=1; the others are cleared);
 * - `--database-url URL`: PostgreSQL, shared by replicas; `--data-dir DIR`: embedded PGlite in
 *   `DIR/<cluster identity>`; each flag also reads its variable;
 * - with neither, a real cluster's history goes to the per-user state directory
 *   (`$XDG_STATE_HOME/switchboard`, else `~/.local/state/switchboard`); the embedded simulated
 *   cluster is new at every start, so its history stays in memory;
 * - `--history-retention D` (default 14d), `--history-max-size S` (default 1GiB);
 * - a bad value, both a URL and a directory, or a directory another live Switchboard holds is
 *   an error (exit 2 with the reason) before anything starts;
 * - `historyFlagErrors(flags)`: the flags' own values judged alone, before `serve` contacts a
 *   cluster (the directory and its lock wait for the cluster's identity), by the same rules
 *   as the variables (lib/history/settings.ts) and naming the flag typed, not its variable.
 */
import { resolve } from 'node:path';
import { errorMessage } from '../lib/error-message';
import { lockHolder, DirLockedError } from '../lib/history/dir-lock';
import {
  DEFAULT_MAX_SIZE,
  DEFAULT_RETENTION,
  defaultDataDir,
  historyCluster,
  historySettings,
} from '../lib/history/settings';

export const HISTORY_OPTIONS = {
  'data-dir': { type: 'string' },
  'no-history': { type: 'boolean', default: false },
  'database-url': { type: 'string' },
  'history-retention': { type: 'string' },
  'history-max-size': { type: 'string' },
} as const;

export const HISTORY_USAGE_LINE = `[--data-dir DIR | --database-url URL | --no-history] [--history-retention D]`;

export const HISTORY_USAGE = `history (docs/HISTORY.md; each flag also reads its SWITCHBOARD_* variable):
  --data-dir DIR     keep the Service timeline in an embedded database under DIR, one
                     subdirectory per cluster (default for a real cluster: ${'$'}XDG_STATE_HOME/switchboard
                     or ~/.local/state/switchboard); one process per directory
  --database-url URL keep it in PostgreSQL (postgres://…), shared by several replicas
  --no-history       keep it in memory only (lost at restart; the embedded cluster's default)
  --history-retention D  how long history is kept (default ${DEFAULT_RETENTION}; e.g. 36h, 30d)
  --history-max-size S   size cap, oldest dropped first (default ${DEFAULT_MAX_SIZE}; e.g. 500MB)`;

/** The flags that stand for a variable; each message about the variable is about the flag. */
const FLAG_VARIABLES = {
  'data-dir': 'SWITCHBOARD_DATA_DIR',
  'database-url': 'SWITCHBOARD_DATABASE_URL',
  'history-retention': 'SWITCHBOARD_HISTORY_RETENTION',
  'history-max-size': 'SWITCHBOARD_HISTORY_MAX_SIZE',
} as const;

export interface HistoryFlags {
  'data-dir'?: string;
  'no-history'?: boolean;
  'database-url'?: string;
  'history-retention'?: string;
  'history-max-size'?: string;
}

type Env = Record<string, string | undefined>;

export function historyFlagErrors(flags: HistoryFlags): string[] {
  const given = Object.entries(FLAG_VARIABLES).filter(([flag]) => {
    return flags[flag as keyof typeof FLAG_VARIABLES] !== undefined;
  });
  const env: Env = Object.fromEntries(
    given.map(([flag, variable]) => [variable, flags[flag as keyof typeof FLAG_VARIABLES]]),
  );
  // The bounds are judged only for a durable store: stand one in where no flag names it.
  if (!env.SWITCHBOARD_DATABASE_URL && !env.SWITCHBOARD_DATA_DIR) env.SWITCHBOARD_DATA_DIR = '.';
  try {
    historySettings(env, 'flags');
    return [];
  } catch (error) {
    let message = errorMessage(error);
    for (const [flag, variable] of given) {
      message = message.replaceAll(`${variable}=`, `--${flag} `).replaceAll(variable, `--${flag}`);
    }
    return [message];
  }
}

export function historyEnv(
  flags: HistoryFlags,
  env: Env,
  cluster: { serverUrl: string; embedded: boolean },
  home?: string,
): { errors: string[]; described: string } {
  if (flags['no-history']) {
    env.SWITCHBOARD_NO_HISTORY = '1';
    delete env.SWITCHBOARD_DATA_DIR;
    delete env.SWITCHBOARD_DATABASE_URL;
    return { errors: [], described: 'in memory (--no-history)' };
  }
  if (flags['data-dir'] !== undefined) env.SWITCHBOARD_DATA_DIR = flags['data-dir'];
  if (flags['database-url'] !== undefined) env.SWITCHBOARD_DATABASE_URL = flags['database-url'];
  if (flags['history-retention'] !== undefined)
    env.SWITCHBOARD_HISTORY_RETENTION = flags['history-retention'];
  if (flags['history-max-size'] !== undefined)
    env.SWITCHBOARD_HISTORY_MAX_SIZE = flags['history-max-size'];
  if (env.SWITCHBOARD_NO_HISTORY === '1')
    return { errors: [], described: 'in memory (SWITCHBOARD_NO_HISTORY=1)' };
  if (!env.SWITCHBOARD_DATA_DIR && !env.SWITCHBOARD_DATABASE_URL) {
    if (cluster.embedded) return { errors: [], described: 'in memory (embedded cluster)' };
    env.SWITCHBOARD_DATA_DIR = defaultDataDir(env, home);
  }
  // The server runs in another directory: a relative path must mean the same there.
  if (env.SWITCHBOARD_DATA_DIR) env.SWITCHBOARD_DATA_DIR = resolve(env.SWITCHBOARD_DATA_DIR);
  let settings;
  try {
    settings = historySettings(env, historyCluster(env, cluster.serverUrl));
  } catch (error) {
    return { errors: [errorMessage(error)], described: '' };
  }
  if (settings.mode === 'postgres') return { errors: [], described: 'PostgreSQL (--database-url)' };
  if (settings.mode !== 'pglite') return { errors: [], described: 'in memory' };
  const pid = lockHolder(settings.dir);
  if (pid !== undefined)
    return { errors: [new DirLockedError(settings.dir, pid).message], described: '' };
  return { errors: [], described: settings.dir };
}
