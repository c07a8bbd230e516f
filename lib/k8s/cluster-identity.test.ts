/**
 * The simulated-cluster decision: what `/version` answers decides it (never the context name or
 * the environment), read through the dashboard's own transport from a tiny loopback apiserver;
 * the hub reads it at connect time, and a browser that already holds a snapshot saying
 * otherwise gets a fresh one.
 */
import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { identityOf, readClusterIdentity } from './cluster-identity';
import { Hub } from './hub';
import { createKubeTransport, KubeApiError } from './transport';
import { SseParser } from '../stream/sse';
import type { StreamEvent } from '../stream/protocol';
import { kubeConfigFor } from './testing/helpers';

/** A loopback server answering `/version` with `answer()` (awaited, so a test can hold it). */
async function versionServer(
  t: TestContext,
  answer: () => Promise<{ status: number; body: string }> | { status: number; body: string },
): Promise<{ url: string; versionRequests: () => number }> {
  let count = 0;
  const server = http.createServer((req, res) => {
    if (req.url !== '/version') {
      res.writeHead(404).end();
      return;
    }
    count++;
    void Promise.resolve(answer()).then(({ status, body }) => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, versionRequests: () => count };
}

const version = (gitVersion: string) => ({
  status: 200,
  body: JSON.stringify({ major: '1', minor: '33', gitVersion }),
});

describe('identityOf', () => {
  it('is simulated iff the gitVersion build metadata starts with +switchboard', () => {
    const cases: [string | undefined, boolean][] = [
      ['v1.33.0+switchboard', true],
      ['v1.27.0+switchboard', true],
      ['v1.33.0+switchboard.1', true],
      ['v1.33.0', false],
      ['v1.33.0+k3s1', false],
      ['v1.33.0-gke.1200', false],
      ['v1.33.0+k3s1.switchboard', false],
      ['v1.33.0+switchboardx', false],
      ['v1.33.0-switchboard', false],
      ['', false],
      [undefined, false],
    ];
    for (const [gitVersion, simulated] of cases) {
      assert.equal(identityOf({ gitVersion }).simulated, simulated, String(gitVersion));
    }
    assert.deepEqual(identityOf({ gitVersion: 42 }), { gitVersion: '', simulated: false });
  });
});

describe('readClusterIdentity', () => {
  it('reads /version through the kubeconfig transport', async (t) => {
    const simulated = await versionServer(t, () => version('v1.33.0+switchboard'));
    assert.deepEqual(await readClusterIdentity(createKubeTransport(kubeConfigFor(simulated.url))), {
      gitVersion: 'v1.33.0+switchboard',
      simulated: true,
    });
    const real = await versionServer(t, () => version('v1.31.4'));
    assert.deepEqual(await readClusterIdentity(createKubeTransport(kubeConfigFor(real.url))), {
      gitVersion: 'v1.31.4',
      simulated: false,
    });
  });

  it('decides nothing when /version cannot be read', async (t) => {
    const denied = await versionServer(t, () => ({
      status: 401,
      body: JSON.stringify({ kind: 'Status', reason: 'Unauthorized', message: 'Unauthorized' }),
    }));
    await assert.rejects(
      readClusterIdentity(createKubeTransport(kubeConfigFor(denied.url))),
      (error: unknown) => error instanceof KubeApiError && error.status === 401,
    );
    const odd = await versionServer(t, () => ({ status: 200, body: '["v1.33.0+switchboard"]' }));
    await assert.rejects(
      readClusterIdentity(createKubeTransport(kubeConfigFor(odd.url))),
      /not a version object/,
    );
  });
});

describe('Hub.identify', () => {
  const hubFor = (t: TestContext, url: string) => {
    const kubeConfig = kubeConfigFor(url);
    const hub = new Hub({
      // The context's name says nothing: the cluster's answer decides.
      connection: {
        kubeConfig,
        info: { name: 'switchboard-embedded', simulated: false, readOnly: false },
      },
      kinds: [],
      heartbeatMs: 60_000,
    });
    t.after(() => hub.stop());
    return hub;
  };

  it('is read once, and a failed read is asked again', async (t) => {
    let fail = true;
    const server = await versionServer(t, () =>
      fail ? { status: 503, body: '{}' } : version('v1.33.0+switchboard'),
    );
    const hub = hubFor(t, server.url);
    await assert.rejects(hub.identify(), KubeApiError);
    assert.equal(hub.info.simulated, false);
    fail = false;
    assert.equal((await hub.identify()).simulated, true);
    assert.equal((await hub.identify()).simulated, true);
    assert.equal(server.versionRequests(), 2);
    assert.equal(hub.info.simulated, true);
    assert.equal(hub.info.name, 'switchboard-embedded');
  });

  it('a real cluster behind the embedded cluster context name is not simulated', async (t) => {
    const server = await versionServer(t, () => version('v1.33.1'));
    const hub = hubFor(t, server.url);
    assert.equal((await hub.identify()).simulated, false);
    assert.equal(hub.info.simulated, false);
  });

  it('a browser that got a snapshot before /version answered gets a fresh one', async (t) => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const server = await versionServer(t, async () => {
      await held;
      return version('v1.33.0+switchboard');
    });
    const hub = hubFor(t, server.url);
    const subscription = hub.subscribe();
    const reader = subscription.stream.getReader();
    t.after(() => subscription.close());
    const parser = new SseParser();
    const decoder = new TextDecoder();
    const nextSnapshot = async (): Promise<StreamEvent> => {
      for (;;) {
        const { value, done } = await reader.read();
        assert.ok(!done, 'stream ended');
        for (const message of parser.push(decoder.decode(value))) {
          if (message.event === 'snapshot') return JSON.parse(message.data) as StreamEvent;
        }
      }
    };
    const first = await nextSnapshot();
    assert.ok(first.type === 'snapshot');
    assert.equal(first.cluster.simulated, false);
    release();
    const second = await nextSnapshot();
    assert.ok(second.type === 'snapshot');
    assert.equal(second.cluster.simulated, true);
  });
});
