/**
 * The keys the session cookie is sealed with (lib/auth/session.ts).
 *
 * Contract: `--session-key-file F` (SWITCHBOARD_SESSION_KEY_FILE) holds one key per line,
 * `id password`: `id` a positive whole number, `password` at least 32 characters; blank lines and
 * `#` comments are skipped. The highest id seals; every listed key unseals, so a rotation is:
 * add a key with a higher id (replicas may pick it up at different times, all still read each
 * other's cookies), later remove the old one — cookies sealed with a removed key are refused.
 * The file is read again when it changes.
 * Without a file a random key is made once per process (shared by every bundle of it through
 * `globalThis`): sessions then end at restart and cannot be shared by replicas, which
 * `switchboard serve` warns about. Errors name the file and line, never a password.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';

/** iron-session's password map: id → password; the highest id seals. */
export type SessionKeys = Record<string, string>;

export const MIN_PASSWORD_LENGTH = 32;

export function parseSessionKeys(text: string, file: string): SessionKeys {
  const keys: SessionKeys = {};
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const where = `${file}:${index + 1}`;
    const match = /^(\d+)\s+(\S+)$/.exec(line);
    if (!match) throw new Error(`${where}: expected "id password" (a number, a space, a password)`);
    const id = String(Number(match[1]));
    const password = match[2]!;
    if (Number(id) <= 0) throw new Error(`${where}: the key id must be a positive number`);
    if (password.length < MIN_PASSWORD_LENGTH) {
      throw new Error(`${where}: the password must be at least ${MIN_PASSWORD_LENGTH} characters`);
    }
    if (keys[id] !== undefined) throw new Error(`${where}: key id ${id} is listed twice`);
    keys[id] = password;
  });
  if (Object.keys(keys).length === 0) throw new Error(`${file}: no session key in it`);
  return keys;
}

export function readSessionKeyFile(file: string): SessionKeys {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the session key file ${file}: ${(error as Error).message}`);
  }
  return parseSessionKeys(text, file);
}

const PROCESS_KEY = Symbol.for('switchboard.session-process-key');

/** One random key per process: Next's route, page and proxy bundles each load this module. */
function processKey(): SessionKeys {
  const holder = globalThis as { [PROCESS_KEY]?: SessionKeys };
  holder[PROCESS_KEY] ??= { 1: randomBytes(32).toString('base64url') };
  return holder[PROCESS_KEY];
}

let cached: { stamp: string; keys: SessionKeys } | undefined;

/**
 * The keys of `keyFile`, read again whenever the file changes (a mounted Secret is replaced
 * in place when rotated, so no restart is needed), or this process's random key.
 */
export function sessionKeys(keyFile: string | undefined): SessionKeys {
  if (!keyFile) return processKey();
  let stamp: string;
  try {
    const stat = statSync(keyFile);
    stamp = `${keyFile}\0${stat.mtimeMs}\0${stat.size}\0${stat.ino}`;
  } catch (error) {
    throw new Error(`cannot read the session key file ${keyFile}: ${(error as Error).message}`);
  }
  if (cached?.stamp !== stamp) cached = { stamp, keys: readSessionKeyFile(keyFile) };
  return cached.keys;
}
