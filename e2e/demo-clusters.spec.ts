/**
 * `switchboard serve --demo-clusters 3`, as a user runs it (`npm start -- --demo-clusters 3`):
 * three embedded clusters of different scenarios start, the built dashboard serves all three
 * (each `live` in `/api/clusters`, under its `sim-<scenario>` id), and SIGTERM to the command
 * stops the dashboard and every embedded cluster — none of their ports answers afterwards.
 */
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import type { ClustersAnswer } from '../lib/api/clusters';
import { freePort, ROOT } from './harness';

/** Whether something accepts a TCP connection on 127.0.0.1:port. */
function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

test('--demo-clusters 3: three clusters of different scenarios, all stopped with the server', async () => {
  test.setTimeout(240_000);
  const port = await freePort();
  const serve = spawn(
    process.execPath,
    [join(ROOT, 'bin/switchboard.mjs'), 'serve', '--demo-clusters', '3', '--port', String(port)],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env } },
  );
  let output = '';
  serve.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  serve.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    serve.once('exit', (code) => resolve(code)),
  );
  try {
    await expect
      .poll(
        async () => {
          try {
            const response = await fetch(`http://127.0.0.1:${port}/api/clusters`);
            const body = (await response.json()) as ClustersAnswer;
            return body.clusters
              .filter((c) => c.state === 'live' && c.simulated)
              .map((c) => c.id)
              .sort();
          } catch {
            return [];
          }
        },
        { timeout: 180_000, intervals: [1000] },
      )
      .toEqual(['sim-demo', 'sim-large-300', 'sim-seed']);
    const body = (await (
      await fetch(`http://127.0.0.1:${port}/api/clusters`)
    ).json()) as ClustersAnswer;
    expect(body.defaultCluster).toBe('sim-demo');
    // Different scenarios: different numbers of Services.
    expect(new Set(body.clusters.map((c) => c.services.total)).size).toBe(3);
  } finally {
    serve.kill('SIGTERM');
  }
  expect(await exited, output).toBe(0);
  const clusterPorts = [...output.matchAll(/serving https:\/\/127\.0\.0\.1:(\d+)/g)].map((m) =>
    Number(m[1]),
  );
  expect(clusterPorts).toHaveLength(3);
  for (const clusterPort of clusterPorts) expect(await answers(clusterPort)).toBe(false);
  expect(await answers(port)).toBe(false);
});
