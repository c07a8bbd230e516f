/**
 * Watch over real HTTP: wire format, synthetic ADDED, resume from a resourceVersion, BOOKMARKs,
 * streaming-list initial-events-end, 410 Expired then close, timeoutSeconds, selector
 * transitions, single-object watches, Table-wrapped events, slow watchers that must not hold
 * anyone back, stop() ending open watches, and /metrics counting the open ones.
 */
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { connect } from 'node:tls';
import { after, before, describe, it } from 'node:test';
import type { RunningEmulator } from '../../server';
import { clusterFetch } from '../../testing/cluster-fetch';
import { call, endpoints, eventually, namespace, openWatch, startCore } from '../testing/support';

let em: RunningEmulator;
let base: string;

before(async () => {
  em = await startCore({
    historySize: 50,
    bookmarkIntervalMs: 20,
    maxQueuedWatchEvents: 20,
    slowWatcherGraceMs: 200,
  });
  base = em.url;
  await call(base, 'POST', '/api/v1/namespaces', namespace('w'));
});
after(() => em.stop());

const EP = '/api/v1/namespaces/w/endpoints';

describe('watch', () => {
  it('sends synthetic ADDED for current objects, then live events, one JSON object per line', async () => {
    await call(base, 'POST', EP, endpoints('s1'));
    await call(base, 'POST', EP, endpoints('s2'));
    const w = await openWatch(base, `${EP}?watch=1`);
    assert.equal(w.status, 200);
    assert.equal(w.headers.get('content-type'), 'application/json');
    const a = await w.next();
    const b = await w.next();
    assert.deepEqual([a?.type, b?.type], ['ADDED', 'ADDED']);
    assert.deepEqual([a?.object.metadata.name, b?.object.metadata.name], ['s1', 's2']);
    assert.equal(a?.object.kind, 'Endpoints', 'watch objects carry kind');
    assert.equal(a?.object.apiVersion, 'v1');
    await call(
      base,
      'PATCH',
      `${EP}/s1`,
      { metadata: { labels: { x: '1' } } },
      { 'content-type': 'application/merge-patch+json' },
    );
    const deleted = await call(base, 'DELETE', `${EP}/s2`);
    assert.equal(deleted.body.status, 'Success', 'endpoints DELETE answers a Status');
    const m = await w.next();
    const d = await w.next();
    assert.equal(m?.type, 'MODIFIED');
    assert.equal(d?.type, 'DELETED');
    assert.equal(d?.object.metadata.name, 's2');
    assert.equal(
      d?.object.metadata.resourceVersion,
      em.store.currentResourceVersion(),
      'DELETED carries the deletion RV',
    );
    for (const line of w.lines) {
      assert.ok(line.length > 0 && !line.includes('\n'));
      assert.doesNotThrow(() => JSON.parse(line));
    }
    w.close();
    await w.ended;
  });

  it('resumes after a resourceVersion without synthetic events', async () => {
    const created = await call(base, 'POST', EP, endpoints('r1'));
    const rv = (created.body.metadata as { resourceVersion: string }).resourceVersion;
    await call(base, 'POST', EP, endpoints('r2'));
    await call(base, 'DELETE', `${EP}/r1`);
    const w = await openWatch(base, `${EP}?watch=true&resourceVersion=${rv}`);
    const e1 = await w.next();
    const e2 = await w.next();
    assert.deepEqual([e1?.type, e1?.object.metadata.name], ['ADDED', 'r2']);
    assert.deepEqual([e2?.type, e2?.object.metadata.name], ['DELETED', 'r1']);
    w.close();
  });

  it('replays only the watched resource from the history', async () => {
    const rv = em.store.currentResourceVersion();
    await call(base, 'POST', '/api/v1/namespaces/w/services', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'other-kind' },
      spec: { ports: [{ port: 80 }] },
    });
    await call(base, 'POST', EP, endpoints('same-kind'));
    const w = await openWatch(base, `${EP}?watch=1&resourceVersion=${rv}`);
    const e = await w.next();
    assert.deepEqual(
      [e?.type, e?.object.kind, e?.object.metadata.name],
      ['ADDED', 'Endpoints', 'same-kind'],
    );
    const all = await openWatch(base, `/api/v1/services?watch=1&resourceVersion=${rv}`);
    const s = await all.next();
    assert.deepEqual([s?.object.kind, s?.object.metadata.name], ['Service', 'other-kind']);
    w.close();
    all.close();
  });

  it('accepts the current RV and replays nothing', async () => {
    const w = await openWatch(
      base,
      `${EP}?watch=1&resourceVersion=${em.store.currentResourceVersion()}`,
    );
    await call(base, 'POST', EP, endpoints('cur'));
    const e = await w.next();
    assert.deepEqual([e?.type, e?.object.metadata.name], ['ADDED', 'cur']);
    w.close();
  });

  it('sends BOOKMARKs with only kind, apiVersion and resourceVersion', async () => {
    const w = await openWatch(
      base,
      `${EP}?watch=1&allowWatchBookmarks=true&resourceVersion=${em.store.currentResourceVersion()}`,
    );
    const e = await w.next();
    assert.equal(e?.type, 'BOOKMARK');
    assert.deepEqual(e?.object, {
      kind: 'Endpoints',
      apiVersion: 'v1',
      metadata: { resourceVersion: em.store.currentResourceVersion() },
    });
    w.close();
  });

  it('streams a list with sendInitialEvents and marks its end with the initial-events-end BOOKMARK', async () => {
    const w = await openWatch(
      base,
      `${EP}?watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true`,
    );
    const names: string[] = [];
    for (;;) {
      const e = await w.next();
      assert.ok(e);
      if (e.type === 'BOOKMARK') {
        assert.deepEqual(e.object.metadata.annotations, { 'k8s.io/initial-events-end': 'true' });
        break;
      }
      assert.equal(e.type, 'ADDED');
      names.push(e.object.metadata.name!);
    }
    assert.deepEqual(
      names,
      em.store.list('endpoints', 'w').map((o) => o.metadata.name),
    );
    w.close();
    const bad = await call(base, 'GET', `${EP}?watch=1&sendInitialEvents=true`);
    assert.equal(bad.status, 422);
  });

  it('answers a compacted RV with one ERROR 410 Expired event, then closes', async () => {
    for (let i = 0; i < 60; i++) await call(base, 'POST', EP, endpoints(`churn-${i}`));
    const w = await openWatch(base, `${EP}?watch=1&resourceVersion=2`);
    assert.equal(w.status, 200);
    const e = await w.next();
    assert.equal(e?.type, 'ERROR');
    assert.deepEqual(e?.object, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `too old resource version: 2 (${em.store.compactedResourceVersion()})`,
      reason: 'Expired',
      code: 410,
    });
    assert.equal(await w.next(), undefined, 'stream closed after the ERROR event');
    await w.ended;
  });

  it('ends the stream cleanly after timeoutSeconds', async () => {
    const w = await openWatch(
      base,
      `${EP}?watch=1&timeoutSeconds=1&resourceVersion=${em.store.currentResourceVersion()}`,
    );
    assert.equal(await w.next(3000), undefined);
    await w.ended;
  });

  it('turns selector transitions into ADDED and DELETED', async () => {
    await call(base, 'POST', EP, endpoints('sel', { tier: 'web' }));
    const w = await openWatch(base, `${EP}?watch=1&labelSelector=tier%3Dweb`);
    assert.equal((await w.next())?.type, 'ADDED');
    const patch = (labels: Record<string, string | null>) =>
      call(
        base,
        'PATCH',
        `${EP}/sel`,
        { metadata: { labels } },
        { 'content-type': 'application/merge-patch+json' },
      );
    await patch({ tier: 'db' });
    const gone = await w.next();
    assert.equal(gone?.type, 'DELETED');
    assert.deepEqual(
      gone?.object.metadata.labels,
      { tier: 'db' },
      'DELETED carries the new, non-matching object',
    );
    await patch({ other: 'x' });
    await patch({ tier: 'web' });
    const back = await w.next();
    assert.equal(back?.type, 'ADDED');
    await patch({ more: 'y' });
    assert.equal((await w.next())?.type, 'MODIFIED');
    w.close();
  });

  it('watches a single object with GET item?watch=true', async () => {
    await call(base, 'POST', EP, endpoints('one'));
    const w = await openWatch(base, `${EP}/one?watch=true`);
    assert.equal((await w.next())?.object.metadata.name, 'one');
    await call(base, 'POST', EP, endpoints('two'));
    await call(base, 'DELETE', `${EP}/one`);
    const e = await w.next();
    assert.deepEqual([e?.type, e?.object.metadata.name], ['DELETED', 'one']);
    w.close();
  });

  it('rejects an invalid selector on watch with 400', async () => {
    const r = await call(base, 'GET', `${EP}?watch=1&labelSelector=%21`);
    assert.equal(r.status, 400);
  });

  it('waits for a future resourceVersion, then serves it', async () => {
    const next = Number(em.store.currentResourceVersion()) + 1;
    const pending = openWatch(base, `${EP}?watch=1&resourceVersion=${next}`);
    await new Promise((r) => setTimeout(r, 20));
    await call(base, 'POST', EP, endpoints('future-1'));
    await call(base, 'POST', EP, endpoints('future-2'));
    const w = await pending;
    const e = await w.next();
    assert.equal(e?.object.metadata.name, 'future-2');
    w.close();
  });

  it('wraps watch objects in Tables when kubectl asks for them', async () => {
    const accept =
      'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
    const w = await openWatch(
      base,
      `${EP}?watch=1&resourceVersion=${em.store.currentResourceVersion()}`,
      { accept },
    );
    assert.match(w.headers.get('content-type') ?? '', /as=Table/);
    await call(base, 'POST', EP, endpoints('tbl'));
    const e = await w.next();
    assert.equal(e?.type, 'ADDED');
    assert.equal(e?.object.kind, 'Table');
    assert.equal((e?.object.rows as unknown[]).length, 1);
    w.close();
  });
});

describe('slow watchers', () => {
  it('are closed when they cannot keep up, without delaying writes or other watchers', async () => {
    const bound = 20;
    const own = await startCore({ maxQueuedWatchEvents: bound, slowWatcherGraceMs: 200 });
    after(() => own.stop());
    await call(own.url, 'POST', '/api/v1/namespaces', namespace('w'));
    // A client that sends a watch request and then never reads.
    const slow: Socket = await new Promise((resolve) => {
      const s = connect({ port: own.port, host: '127.0.0.1', ca: own.caCertificate }, () => {
        s.write(
          `GET ${EP}?watch=1 HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${own.adminToken}\r\n\r\n`,
        );
        resolve(s);
      });
    });
    slow.pause();
    const fast = await openWatch(own.url, `${EP}?watch=1`);
    await eventually(() => own.router.activeWatchCount() === 2);
    // Writes go in batches under the bound, each read in full by the fast watcher before the
    // next, so only the slow watcher's queue can pass the bound, however loaded the machine is
    // (a burst above it would leave the fast watcher racing the grace period). They go on until
    // the slow watcher is closed: its socket's buffers fill, then its queue passes the bound
    // for the grace period or ten times over.
    const big = 'x'.repeat(150 * 1024);
    const batch = bound / 2;
    const limit = 3000;
    let written = 0;
    while (own.router.activeWatchCount() === 2) {
      assert.ok(written < limit, `the slow watcher is still open after ${written} events`);
      const first = written;
      for (let i = 0; i < batch; i++, written++) {
        own.store.create('endpoints', {
          apiVersion: 'v1',
          kind: 'Endpoints',
          metadata: { name: `slow-${written}`, namespace: 'w', annotations: { big } },
        });
      }
      for (let i = first; i < written; i++) {
        const e = await fast.next();
        assert.equal(e?.object.metadata.name, `slow-${i}`);
      }
    }
    assert.equal(own.router.activeWatchCount(), 1);
    await own.store.create('endpoints', {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'after', namespace: 'w' },
    });
    assert.equal(
      (await fast.next())?.object.metadata.name,
      'after',
      'the fast watcher is still served',
    );
    fast.close();
    slow.destroy();
  });
});

describe('/metrics', () => {
  const gauge = 'apiserver_longrunning_requests';
  async function openWatchSamples(url: string): Promise<string[]> {
    const response = await clusterFetch(`${url}/metrics`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    assert.match(text, new RegExp(`^# TYPE ${gauge} gauge$`, 'm'));
    return text.split('\n').filter((line) => line.startsWith(`${gauge}{`));
  }

  it('counts open watches per group, version, resource and scope, as kube-apiserver does', async () => {
    const own = await startCore();
    after(() => own.stop());
    await call(own.url, 'POST', '/api/v1/namespaces', namespace('m'));
    assert.deepEqual(await openWatchSamples(own.url), [], 'no watch open, no sample');
    const pods1 = await openWatch(own.url, '/api/v1/pods?watch=1');
    const pods2 = await openWatch(own.url, '/api/v1/pods?watch=1');
    const deployments = await openWatch(own.url, '/apis/apps/v1/namespaces/m/deployments?watch=1');
    const one = await openWatch(
      own.url,
      '/api/v1/namespaces?watch=1&fieldSelector=metadata.name%3Dm',
    );
    await eventually(() => own.router.activeWatchCount() === 4);
    const wanted = (group: string, resource: string, scope: string, version: string, n: number) =>
      `${gauge}{component="apiserver",group="${group}",resource="${resource}",scope="${scope}",subresource="",verb="WATCH",version="${version}"} ${n}`;
    assert.deepEqual(await openWatchSamples(own.url), [
      wanted('', 'namespaces', 'cluster', 'v1', 1),
      wanted('', 'pods', 'cluster', 'v1', 2),
      wanted('apps', 'deployments', 'namespace', 'v1', 1),
    ]);
    pods1.close();
    deployments.close();
    one.close();
    await eventually(() => own.router.activeWatchCount() === 1);
    assert.deepEqual(await openWatchSamples(own.url), [wanted('', 'pods', 'cluster', 'v1', 1)]);
    pods2.close();
  });
});

describe('stop()', () => {
  it('ends open watches and closes the server promptly', async () => {
    const own = await startCore();
    const w = await openWatch(own.url, '/api/v1/namespaces?watch=1');
    assert.equal((await w.next())?.type, 'ADDED');
    await own.stop();
    await w.ended;
    await assert.rejects(fetch(`${own.url}/api/v1/namespaces`));
  });
});
