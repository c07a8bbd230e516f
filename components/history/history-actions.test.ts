import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMapStores } from '@/components/map/map-state';
import { backToLive, showDiff, showInstant } from './history-actions';

function stores() {
  const s = createMapStores(
    {
      cluster: { name: 'kind', simulated: false, readOnly: false },
      sync: { kinds: {}, connection: 'live' },
      records: [],
    },
    { namespaces: ['shop'], focus: null, query: '', problemsOnly: false, drawAll: false },
  );
  const paused: boolean[] = [];
  s.pipeline.current = { setView: () => {}, setPaused: (p) => paused.push(p), close: () => {} };
  return { s, paused };
}

test('an instant goes to the URL state normalised; a non-instant changes nothing', () => {
  const { s } = stores();
  showInstant(s, '2026-12-02T04:12:05+01:00');
  assert.equal(s.ui.getState().params.at, '2026-12-02T03:12:05Z');
  assert.deepEqual(s.ui.getState().params.namespaces, ['shop'], 'the filters stay');
  const before = s.ui.getState();
  showInstant(s, 'yesterday');
  assert.equal(s.ui.getState(), before);
});

test('a diff is ordered and replaces the instant; back to live clears both and resumes', () => {
  const { s, paused } = stores();
  showInstant(s, '2026-12-02T03:12:05Z');
  showDiff(s, '2026-12-02T04:00:00Z', '2026-12-02T03:00:00Z');
  const params = s.ui.getState().params;
  assert.deepEqual(
    [params.at, params.from, params.to],
    [undefined, '2026-12-02T03:00:00Z', '2026-12-02T04:00:00Z'],
  );
  backToLive(s);
  const live = s.ui.getState().params;
  assert.equal('at' in live || 'from' in live || 'to' in live, false);
  assert.deepEqual(paused, [false]);
});
