/**
 * Liveness and readiness as pure functions: what fails each and what never does; the metrics
 * port's and the drain's settings from the environment.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { WatchLoopState } from '../k8s/watch-loop';
import type { RecordKind } from '../topology/records';
import { liveness, readiness, type ClusterView } from './health';
import { metricsListen, shutdownTimeoutMs } from './settings';

const calm = { stuck: false, lagMs: 0 };

function view(synced: boolean, forbidden = false, id = 'one'): ClusterView {
  const states = new Map<RecordKind, WatchLoopState>([
    ['Service', { phase: 'watching', synced: true, listed: 3 }],
    [
      'EndpointSlice',
      forbidden
        ? { phase: 'backoff', synced: false, listed: 0, forbidden: true, error: 'HTTP 403' }
        : { phase: synced ? 'watching' : 'listing', synced, listed: 0 },
    ],
  ]);
  return {
    id,
    configured: true,
    states,
    synced: synced || forbidden,
    pending: synced || forbidden ? [] : ['EndpointSlice'],
    sync: {
      kinds: { Service: { synced: true, count: 3 }, EndpointSlice: { synced, count: 0 } },
      connection: synced || forbidden ? 'live' : 'syncing',
      ...(forbidden
        ? {
            forbidden: [
              {
                kind: 'EndpointSlice' as const,
                message:
                  'Switchboard may not list endpointslices cluster-wide: the map shows Endpoints only',
              },
            ],
          }
        : {}),
    },
  };
}

test('liveness: 200 whatever the cluster says; 503 only for a stuck event loop', () => {
  assert.equal(liveness(calm, [view(false)], false).status, 200);
  assert.equal(
    liveness(calm, [{ id: 'one', configured: false, error: 'no kubeconfig' }], false).status,
    200,
  );
  assert.equal(liveness(calm, [view(true)], true).status, 200, 'draining is not dead');
  const stuck = liveness({ stuck: true, lagMs: 12_000 }, [view(true)], false);
  assert.equal(stuck.status, 503);
  assert.equal((JSON.parse(stuck.body) as { ok: boolean }).ok, false);
});

test('liveness JSON: each kind with its phase, forbidden ones named with the consequence', () => {
  const body = JSON.parse(liveness(calm, [view(false, true)], false).body) as {
    kinds: Record<string, { phase: string; error?: string }>;
    forbidden: { kind: string; message: string }[];
  };
  assert.equal(body.kinds.EndpointSlice?.phase, 'forbidden');
  assert.equal(body.kinds.Service?.phase, 'watching');
  assert.deepEqual(
    body.forbidden.map((f) => f.message),
    ['Switchboard may not list endpointslices cluster-wide: the map shows Endpoints only'],
  );
});

test('readiness: pending kinds 503, forbidden kinds settle, draining 503 at once', () => {
  const pending = readiness([view(false)], false);
  assert.equal(pending.status, 503);
  assert.deepEqual((JSON.parse(pending.body) as { pending: string[] }).pending, ['EndpointSlice']);
  assert.equal(readiness([view(true)], false).status, 200);
  assert.equal(readiness([view(false, true)], false).status, 200);
  const draining = readiness([view(true)], true);
  assert.equal(draining.status, 503);
  assert.match((JSON.parse(draining.body) as { type: string }).type, /shutting-down$/);
  assert.equal(readiness([{ id: 'one', configured: false, error: 'x' }], false).status, 503);
});

/** A cluster whose watches are reconnecting: down, known so. */
function down(id: string, synced = false): ClusterView {
  const v = view(synced, false, id);
  if (!v.configured) return v;
  return {
    ...v,
    sync: { ...v.sync, connection: 'reconnecting', lastError: 'connect ECONNREFUSED' },
  };
}

interface ReadyBody {
  clusters: { cluster: string; state: string; pending?: string[]; lastError?: string }[];
  detail?: string;
}

test('several clusters: one down or unconfigured never makes the replica unready; one in its first read does', () => {
  const ready = readiness([view(true, false, 'eu'), down('us')], false);
  assert.equal(ready.status, 200, ready.body);
  assert.deepEqual(
    (JSON.parse(ready.body) as ReadyBody).clusters.map((c) => [c.cluster, c.state]),
    [
      ['eu', 'live'],
      ['us', 'unreachable'],
    ],
  );
  // The default cluster down and another live: still ready (it can serve that one).
  const unconfigured = { id: 'half', configured: false as const, error: 'no cluster "x"' };
  assert.equal(readiness([down('eu'), view(true, false, 'us'), unconfigured], false).status, 200);
  // A cluster still listing holds readiness back, named in the problem.
  const waiting = readiness([view(true, false, 'eu'), view(false, false, 'us')], false);
  assert.equal(waiting.status, 503);
  const body = JSON.parse(waiting.body) as ReadyBody;
  assert.match(body.detail!, /first read of cluster us \(EndpointSlice\)/);
  assert.deepEqual(body.clusters[1], {
    cluster: 'us',
    state: 'syncing',
    pending: ['EndpointSlice'],
  });
  // Nothing can be read anywhere: unready.
  assert.equal(readiness([down('eu'), down('us')], false).status, 503);
  // One cluster, down before its first list: unready, as always.
  assert.equal(readiness([down('eu')], false).status, 503);
});

test('several clusters: liveness lists each one, the default at the top, and stays 200', () => {
  const live = liveness(calm, [view(true, false, 'eu'), down('us')], false);
  assert.equal(live.status, 200);
  const body = JSON.parse(live.body) as {
    connection: string;
    clusters: { cluster: string; state: string; connection: string; lastError?: string }[];
  };
  assert.equal(body.connection, 'live');
  assert.deepEqual(
    body.clusters.map((c) => [c.cluster, c.state, c.connection, c.lastError]),
    [
      ['eu', 'live', 'live', undefined],
      ['us', 'unreachable', 'reconnecting', 'connect ECONNREFUSED'],
    ],
  );
});

test('settings from the environment: metrics port and host, shutdown bound', () => {
  assert.equal(metricsListen({}), undefined);
  assert.deepEqual(metricsListen({ SWITCHBOARD_METRICS_PORT: '9090' }), {
    port: 9090,
    host: '127.0.0.1',
  });
  assert.deepEqual(
    metricsListen({ SWITCHBOARD_METRICS_PORT: '9090', SWITCHBOARD_BIND_HOST: '10.0.0.5' }),
    { port: 9090, host: '10.0.0.5' },
  );
  assert.deepEqual(
    metricsListen({ SWITCHBOARD_METRICS_PORT: '9090', SWITCHBOARD_METRICS_HOST: '0.0.0.0' }),
    { port: 9090, host: '0.0.0.0' },
  );
  assert.throws(() => metricsListen({ SWITCHBOARD_METRICS_PORT: 'x' }), /not a port/);
  assert.equal(shutdownTimeoutMs({}), 20_000);
  assert.equal(shutdownTimeoutMs({ SWITCHBOARD_SHUTDOWN_TIMEOUT: '5' }), 5000);
  assert.throws(() => shutdownTimeoutMs({ SWITCHBOARD_SHUTDOWN_TIMEOUT: 'soon' }), /seconds/);
});
