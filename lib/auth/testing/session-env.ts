/**
 * Test support for the sign-in tests: a session key file in a temporary directory and the
 * SWITCHBOARD_* environment of a sign-in mode, restored after the test. The settings are cached
 * by the environment's value (lib/auth/settings.ts), so setting it is enough.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const KEY_1 = 'one-'.padEnd(40, '1');
export const KEY_2 = 'two-'.padEnd(40, '2');

export interface SessionEnv {
  dir: string;
  /** Writes a key file (a new path each time) and points SWITCHBOARD_SESSION_KEY_FILE at it. */
  useKeys(lines: string): string;
  restore(): void;
}

let files = 0;

export function sessionEnv(vars: Record<string, string | undefined>): SessionEnv {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-signin-'));
  const saved = new Map<string, string | undefined>();
  const set = (name: string, value: string | undefined) => {
    if (!saved.has(name)) saved.set(name, process.env[name]);
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  };
  for (const [name, value] of Object.entries(vars)) set(name, value);
  const env: SessionEnv = {
    dir,
    useKeys(lines) {
      const file = join(dir, `keys-${++files}`);
      writeFileSync(file, lines);
      set('SWITCHBOARD_SESSION_KEY_FILE', file);
      return file;
    },
    restore() {
      for (const [name, value] of saved) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  env.useKeys(`1 ${KEY_1}\n`);
  return env;
}

/** The `name=value` part of a Set-Cookie header value, as a browser sends it back. */
export function cookieHeaderOf(setCookie: string): Headers {
  return new Headers({ cookie: setCookie.split(';')[0]! });
}
