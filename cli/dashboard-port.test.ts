/**
 * `--port 0` for `serve` and `view`: a free port chosen by the CLI, given to the server and
 * printed in the "dashboard at" line — Next's server.js alone would take PORT=0 for 3000.
 * Runs the real CLI on the existing standalone build (it builds one when there is none), bound
 * to 127.0.0.1.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../e2e/harness';
import { writeKubeconfig } from '../lib/k8s/testing/kubeconfig-file';
import { choosePort, dashboardUrl, parsePort } from './dashboard-port';

const dir = mkdtempSync(join(tmpdir(), 'switchboard-port-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('the dashboard port', () => {
  it('parses 0–65535 in digits only', () => {
    assert.equal(parsePort('0'), 0);
    assert.equal(parsePort('3000'), 3000);
    assert.equal(parsePort('65535'), 65535);
    for (const bad of ['', '-1', '65536', '1.5', '3e3', ' 80', 'http']) {
      assert.equal(parsePort(bad), undefined, bad);
    }
  });

  it('keeps a given port and turns 0 into a free one on the bind host', async () => {
    assert.equal(await choosePort(3456, '127.0.0.1'), 3456);
    const port = await choosePort(0, '127.0.0.1');
    assert.ok(port > 0);
    // Free: we can bind it ourselves.
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('brackets an IPv6 host in the URL', () => {
    assert.equal(dashboardUrl('::1', 80), 'http://[::1]:80');
    assert.equal(dashboardUrl('127.0.0.1', 80), 'http://127.0.0.1:80');
  });
});

/** Runs the CLI until it prints where the dashboard is, checks it answers there, stops it. */
async function servesOnAFreePort(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const child = spawn(process.execPath, [join(ROOT, 'bin/switchboard.mjs'), ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  let output = '';
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const onData = (data: Buffer) => {
        output += data.toString();
        const match = /dashboard at (http:\/\/127\.0\.0\.1:(\d+))/.exec(output);
        if (match) resolve(match[1]!);
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      void exited.then((code) => reject(new Error(`exited ${code} before serving:\n${output}`)));
    });
    const port = Number(new URL(url).port);
    assert.notEqual(port, 0);
    const response = await fetch(`${url}/healthz`);
    assert.equal(response.status, 200, output);
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

describe('--port 0 through the CLI', () => {
  it('view serves the snapshot on a free port and prints it', async () => {
    const file = join(dir, 'snapshot.json');
    writeFileSync(
      file,
      JSON.stringify({
        schema: 'switchboard.snapshot/v1',
        cluster: { name: 'prod-eu', simulated: false, readOnly: false },
        at: '2026-12-02T03:12:05.000Z',
        takenAt: '2026-12-02T04:40:00.000Z',
        records: [],
      }),
    );
    await servesOnAFreePort(['view', file, '--port', '0'], process.env);
  });

  it('serve serves on a free port and prints it', async (t) => {
    // A loopback stand-in for an API server: enough for the preflight; every list is empty.
    const cluster = http.createServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      if (req.url === '/version') res.end('{"major":"1","minor":"31","gitVersion":"v1.31.0"}');
      else
        res.end('{"kind":"List","apiVersion":"v1","metadata":{"resourceVersion":"1"},"items":[]}');
    });
    await new Promise<void>((r) => cluster.listen(0, '127.0.0.1', r));
    t.after(() => {
      cluster.closeAllConnections();
      return new Promise<void>((r) => cluster.close(() => r()));
    });
    const kubeconfig = writeKubeconfig(
      join(dir, 'kubeconfig'),
      `http://127.0.0.1:${(cluster.address() as net.AddressInfo).port}`,
      't',
    );
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const name of Object.keys(env)) {
      if (name.startsWith('SWITCHBOARD_') || name === 'KUBECONFIG') delete env[name];
    }
    const args = ['serve', '--kubeconfig', kubeconfig, '--no-history', '--port', '0'];
    await servesOnAFreePort(args, env);
  });
});
