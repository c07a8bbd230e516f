import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectionView } from './connection-view';

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
