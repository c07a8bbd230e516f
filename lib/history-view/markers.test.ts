import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fractionOf, instantAt, markersOf, timeWindow } from './markers';

const now = '2026-12-02T04:00:00Z';

test('the window is the last hours, but never before the retained history', () => {
  const full = timeWindow(now, 6);
  assert.equal(full.end - full.start, 6 * 3_600_000);
  const short = timeWindow(now, 6, '2026-12-02T03:00:00Z');
  assert.equal(short.start, Date.parse('2026-12-02T03:00:00Z'));
  assert.equal(fractionOf(Date.parse('2026-12-02T03:30:00Z'), short), 0.5);
  assert.equal(fractionOf(0, short), 0);
  assert.equal(instantAt(0.5, short), '2026-12-02T03:30:00Z');
  assert.equal(instantAt(2, short), now);
});

test('markers say which Service broke or recovered, when, and why, by glyph and words', () => {
  const window = timeWindow(now, 2);
  const markers = markersOf(
    [
      {
        at: '2026-12-02T03:12:05Z',
        namespace: 'default',
        name: 'web',
        to: 'broken',
        reasons: ['no-endpoints'],
      },
      { at: '2026-12-02T03:30:00Z', namespace: 'default', name: 'web', to: 'healthy', reasons: [] },
      { at: '2026-12-01T00:00:00Z', namespace: 'default', name: 'old', to: 'broken', reasons: [] },
    ],
    window,
    now,
  );
  assert.deepEqual(
    markers.map((m) => [m.glyph, m.label]),
    [
      ['▼', 'default/web broke at 03:12:05 UTC (no-endpoints)'],
      ['▲', 'default/web recovered at 03:30:00 UTC'],
    ],
  );
  assert.ok(markers[0]!.fraction > 0.5 && markers[0]!.fraction < 0.75);
});
