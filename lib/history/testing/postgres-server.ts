/**
 * A throwaway PostgreSQL for the history tests: Debian's `postgresql` package (`initdb`,
 * `pg_ctl`), in a temp directory, on 127.0.0.1 and a free port (its Unix socket in the same
 * temp directory), with `fsync=off` — nothing here must survive the test.
 *
 * Contract: `startTestPostgres()` resolves once the server accepts connections; `stop()` stops
 * it (immediate shutdown) and removes the directory — call it in `after`. `pause()`/`resume()`
 * stop and start the same server on the same port (the "database down" test). PostgreSQL refuses
 * to run as root: as root every command runs as the `postgres` user through `runuser`, and the
 * directory is given to that user. Throws `PostgresMissing` when no `initdb` is found (run
 * `scripts/ensure-postgresql.sh`).
 */
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export class PostgresMissing extends Error {}

export interface TestPostgres {
  url: string;
  port: number;
  pause(): Promise<void>;
  resume(): Promise<void>;
  stop(): Promise<void>;
}

function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions[0]) throw new PostgresMissing('no PostgreSQL server binaries (initdb) found');
  return join(root, versions[0], 'bin');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startTestPostgres(): Promise<TestPostgres> {
  const bin = binDir();
  const root = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-pg-'));
  const data = join(dir, 'data');
  const log = join(dir, 'log');
  if (root) {
    const user = await run('id', ['-u', 'postgres']);
    const group = await run('id', ['-g', 'postgres']);
    chownSync(dir, Number(user.stdout), Number(group.stdout));
  }
  const as = (command: string, args: string[]) =>
    root
      ? run('runuser', ['-u', 'postgres', '--', join(bin, command), ...args])
      : run(join(bin, command), args);
  const port = await freePort();
  const options = `-k ${dir} -p ${port} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
  const start = () => as('pg_ctl', ['-D', data, '-l', log, '-w', '-o', options, 'start']);
  const halt = () => as('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
  try {
    await as('initdb', [
      '-D',
      data,
      '-U',
      'postgres',
      '--auth=trust',
      '-E',
      'UTF8',
      '--locale=C.UTF-8',
      '--no-sync',
    ]);
    await start();
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  let running = true;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    pause: async () => {
      await halt();
      running = false;
    },
    resume: async () => {
      await start();
      running = true;
    },
    stop: async () => {
      if (running) await halt().catch(() => {});
      running = false;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
