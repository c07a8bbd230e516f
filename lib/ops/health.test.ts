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

function view(synced: boolean, forbidden = false): ClusterView {
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
  assert.equal(liveness(calm, view(false), false).status, 200);
  assert.equal(liveness(calm, { configured: false, error: 'no kubeconfig' }, false).status, 200);
  assert.equal(liveness(calm, view(true), true).status, 200, 'draining is not dead');
  const stuck = liveness({ stuck: true, lagMs: 12_000 }, view(true), false);
  assert.equal(stuck.status, 503);
  assert.equal((JSON.parse(stuck.body) as { ok: boolean }).ok, false);
});

test('liveness JSON: each kind with its phase, forbidden ones named with the consequence', () => {
  const body = JSON.parse(liveness(calm, view(false, true), false).body) as {
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
  const pending = readiness(view(false), false);
  assert.equal(pending.status, 503);
  assert.deepEqual((JSON.parse(pending.body) as { pending: string[] }).pending, ['EndpointSlice']);
  assert.equal(readiness(view(true), false).status, 200);
  assert.equal(readiness(view(false, true), false).status, 200);
  const draining = readiness(view(true), true);
  assert.equal(draining.status, 503);
  assert.match((JSON.parse(draining.body) as { type: string }).type, /shutting-down$/);
  assert.equal(readiness({ configured: false, error: 'x' }, false).status, 503);
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
