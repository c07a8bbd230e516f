/**
 * `switchboard serve`'s history flags: the variables they set, the per-user default for a real
 * cluster (memory for the embedded one), and every value that must stop it with a reason — a bad
 * flag value named as the flag, before any cluster is contacted.
 */
import { after, describe, it } from 'node:test';
import { execFile } from 'node:child_process';
import http from 'node:http';
import type net from 'node:net';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { ROOT } from '../e2e/harness';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LOCK_FILE } from '../lib/history/dir-lock';
import { writeKubeconfig } from '../lib/k8s/testing/kubeconfig-file';
import { clusterIdentity } from '../lib/history/settings';
import { historyEnv, historyFlagErrors } from './serve-history';

const home = mkdtempSync(join(tmpdir(), 'switchboard-serve-history-'));
after(() => rmSync(home, { recursive: true, force: true }));
const real = { serverUrl: 'https://10.0.0.1:6443', embedded: false };
type Env = Record<string, string | undefined>;

describe('serve history flags → environment', () => {
  it('a real cluster keeps its history in the per-user state directory by default', () => {
    const env: Env = {};
    const result = historyEnv({}, env, real, home);
    assert.deepEqual(result.errors, []);
    assert.equal(env.SWITCHBOARD_DATA_DIR, join(home, '.local', 'state', 'switchboard'));
    assert.equal(result.described, join(env.SWITCHBOARD_DATA_DIR, clusterIdentity(real.serverUrl)));
    const xdg: Env = { XDG_STATE_HOME: join(home, 'state') };
    historyEnv({}, xdg, real, home);
    assert.equal(xdg.SWITCHBOARD_DATA_DIR, join(home, 'state', 'switchboard'));
  });

  it('the embedded cluster and --no-history keep it in memory', () => {
    const embedded: Env = {};
    assert.deepEqual(historyEnv({}, embedded, { ...real, embedded: true }, home).errors, []);
    assert.equal(embedded.SWITCHBOARD_DATA_DIR, undefined);
    const off: Env = { SWITCHBOARD_DATA_DIR: home, SWITCHBOARD_DATABASE_URL: 'postgres://x/y' };
    historyEnv({ 'no-history': true }, off, real, home);
    assert.deepEqual(off, { SWITCHBOARD_NO_HISTORY: '1' });
  });

  it('flags set their variables; a relative directory is made absolute', () => {
    const env: Env = {};
    const result = historyEnv(
      { 'data-dir': 'rel/dir', 'history-retention': '36h', 'history-max-size': '500MB' },
      env,
      real,
      home,
    );
    assert.deepEqual(result.errors, []);
    assert.equal(env.SWITCHBOARD_DATA_DIR, resolve('rel/dir'));
    assert.equal(env.SWITCHBOARD_HISTORY_RETENTION, '36h');
    assert.equal(env.SWITCHBOARD_HISTORY_MAX_SIZE, '500MB');
    const pg: Env = {};
    assert.deepEqual(
      historyEnv({ 'database-url': 'postgres://u@db:5432/sb' }, pg, real, home).errors,
      [],
    );
    assert.equal(pg.SWITCHBOARD_DATABASE_URL, 'postgres://u@db:5432/sb');
  });

  it('refuses bad values and a directory another live process holds', () => {
    const both = historyEnv({ 'data-dir': home, 'database-url': 'postgres://x/y' }, {}, real);
    assert.match(both.errors.join(), /give one of them/);
    const retention = historyEnv({ 'data-dir': home, 'history-retention': 'soon' }, {}, real);
    assert.match(retention.errors.join(), /SWITCHBOARD_HISTORY_RETENTION=soon/);
    const url = historyEnv({ 'database-url': 'mysql://x' }, {}, real);
    assert.match(url.errors.join(), /postgres:\/\//);
    const dir = join(home, 'held', clusterIdentity(real.serverUrl));
    mkdirSync(dir, { recursive: true });
    // The test runner that started this process is alive and is not this process.
    writeFileSync(join(dir, LOCK_FILE), `${process.ppid}\n`);
    const held = historyEnv({ 'data-dir': join(home, 'held') }, {}, real);
    assert.match(held.errors.join(), new RegExp(`${dir} is in use .*pid ${process.ppid}`));
  });
});

describe('serve history flags judged before the cluster', () => {
  it('names the flag typed, by the rules of its variable', () => {
    assert.deepEqual(historyFlagErrors({}), []);
    assert.deepEqual(historyFlagErrors({ 'history-retention': '36h', 'no-history': true }), []);
    assert.deepEqual(historyFlagErrors({ 'history-retention': '5x' }), [
      '--history-retention 5x: expected a duration such as 14d, 36h or 90m',
    ]);
    assert.deepEqual(historyFlagErrors({ 'history-max-size': 'lots' }), [
      '--history-max-size lots: expected a size such as 1GiB or 500MB',
    ]);
    assert.match(historyFlagErrors({ 'database-url': 'mysql://x' }).join(), /^--database-url: /);
    assert.deepEqual(historyFlagErrors({ 'data-dir': home, 'database-url': 'postgres://x/y' }), [
      '--database-url and --data-dir: give one of them',
    ]);
  });

  it('serve exits 2 on a bad history flag without contacting the cluster', async (t) => {
    let contacted = false;
    const cluster = http.createServer((_req, res) => {
      contacted = true;
      res.writeHead(500).end();
    });
    await new Promise<void>((r) => cluster.listen(0, '127.0.0.1', r));
    t.after(() => new Promise<void>((r) => cluster.close(() => r())));
    const server = `http://127.0.0.1:${(cluster.address() as net.AddressInfo).port}`;
    const kubeconfig = writeKubeconfig(join(home, 'kubeconfig'), server, 't');
    const args = ['serve', '--kubeconfig', kubeconfig, '--history-retention', '5x', '--port', '0'];
    const run = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [join(ROOT, 'bin/switchboard.mjs'), ...args],
        { timeout: 120_000 },
        (error, stdout, stderr) =>
          resolve({
            code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
            stdout,
            stderr,
          }),
      );
    });
    assert.equal(run.code, 2, run.stderr);
    assert.equal(
      run.stderr,
      'switchboard serve: --history-retention 5x: expected a duration such as 14d, 36h or 90m\n',
    );
    assert.doesNotMatch(run.stdout, /cluster/);
    assert.equal(contacted, false);
  });
});
