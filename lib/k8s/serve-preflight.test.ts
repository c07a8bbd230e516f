/**
 * `switchboard serve` refuses to start against a cluster it cannot use: a clear message and a
 * non-zero exit before Next is started. Runs the real CLI (bin/switchboard.mjs
 * → cli/serve.ts) against loopback servers; cli/ itself is outside the test roots. The exposure
 * guard refuses a non-loopback bind before any of that.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import http from 'node:http';
import type net from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeKubeconfig } from './testing/kubeconfig-file';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');

function kubeconfig(server: string): string {
  return writeKubeconfig(join(mkdtempSync(join(tmpdir(), 'sb-serve-')), 'config'), server, 'wrong');
}

function serve(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((res) => {
    const child = spawn(
      process.execPath,
      [join(ROOT, 'bin', 'switchboard.mjs'), 'serve', ...args],
      {
        cwd: ROOT,
        env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      res({ code, stderr });
    });
  });
}

async function listen(t: TestContext, handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => new Promise<void>((r) => server.close(() => r())));
  return `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
}

test('serve exits 1 with a clear message when the cluster rejects the credentials', async (t) => {
  const url = await listen(t, (_req, res) => {
    res.writeHead(401, { 'Content-Type': 'application/json' });
    res.end(
      '{"kind":"Status","apiVersion":"v1","status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}',
    );
  });
  const r = await serve(['--kubeconfig', kubeconfig(url), '--port', '0']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /rejected the credentials \(401 Unauthorized\)/);
});

test('serve exits 1 when the cluster is unreachable, and 2 on bad flags', async () => {
  // A port with nothing listening: close a server we own and reuse its number.
  const closed = http.createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const free = (closed.address() as net.AddressInfo).port;
  await new Promise<void>((r) => closed.close(() => r()));
  const r = await serve(['--kubeconfig', kubeconfig(`http://127.0.0.1:${free}`)]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /cannot reach the cluster at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
  const bad = await serve(['--no-such-flag']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /usage: switchboard serve/);
});

test('serve refuses a non-loopback bind without sign-in (exit 2), before touching the cluster', async () => {
  for (const host of ['0.0.0.0', '::']) {
    const r = await serve(['--host', host, '--port', '0']);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /refusing to serve on .* without sign-in/);
    assert.match(r.stderr, /--insecure-no-auth/);
  }
});
