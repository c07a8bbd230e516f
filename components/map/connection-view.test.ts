import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectionView, staleness } from './connection-view';

test('the browser’s view of the stream wins over the last status the server sent', () => {
  const live = { kinds: {}, connection: 'live' as const };
  assert.deepEqual(connectionView(live, { state: 'open' }), { state: 'live' });
  assert.deepEqual(connectionView(live, { state: 'error', downSince: '2026-01-01T00:00:00Z' }), {
    state: 'reconnecting',
    since: '2026-01-01T00:00:00Z',
    what: 'dashboard server',
  });
  assert.deepEqual(connectionView(null, { state: 'connecting' }), { state: 'syncing' });
  assert.deepEqual(
    connectionView(
      { kinds: {}, connection: 'reconnecting', staleSince: '2026-01-01T00:00:01Z' },
      { state: 'open' },
    ),
    { state: 'reconnecting', since: '2026-01-01T00:00:01Z', what: 'cluster' },
  );
});

test('the map is stale while reconnecting, and fresh again once live or relisting', () => {
  const since = '2026-01-01T00:00:01Z';
  const down = { kinds: {}, connection: 'reconnecting' as const, staleSince: since };
  assert.deepEqual(staleness(connectionView(down, { state: 'open' })), { since, what: 'cluster' });
  assert.deepEqual(staleness(connectionView(null, { state: 'error', downSince: since })), {
    since,
    what: 'dashboard server',
  });
  assert.deepEqual(
    staleness(connectionView({ ...down, staleSince: undefined }, { state: 'open' })),
    {
      what: 'cluster',
    },
  );
  assert.equal(staleness(connectionView({ ...down, connection: 'live' }, { state: 'open' })), null);
  assert.equal(
    staleness(connectionView({ ...down, connection: 'syncing' }, { state: 'open' })),
    null,
  );
});

test('a recorded snapshot is neither live nor stale, until the dashboard server itself is gone', () => {
  const recorded = { kinds: {}, connection: 'snapshot' as const };
  assert.deepEqual(connectionView(recorded, { state: 'open' }), { state: 'snapshot' });
  assert.equal(staleness(connectionView(recorded, { state: 'open' })), null);
  assert.deepEqual(
    connectionView(recorded, { state: 'error', downSince: '2026-01-01T00:00:00Z' }),
    {
      state: 'reconnecting',
      since: '2026-01-01T00:00:00Z',
      what: 'dashboard server',
    },
  );
});

test('a refused stream says so, whatever the last status the server sent: not "reconnecting"', () => {
  const live = { kinds: {}, connection: 'live' as const };
  const refusal = { status: 401 as const, detail: 'Your token is no longer accepted.' };
  assert.deepEqual(connectionView(live, { state: 'refused', refusal }), {
    state: 'refused',
    refusal,
  });
  assert.equal(staleness(connectionView(live, { state: 'refused', refusal })), null);
});
