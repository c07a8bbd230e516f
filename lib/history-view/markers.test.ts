import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fractionOf, instantAt, markerLefts, markersOf, spanText, timeWindow } from './markers';

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

test('every value the slider can take is an instant the history holds, edges included', () => {
  // History kept since 06:24:48.128: the far left is 06:24:49, never 06:24:48 (a 410).
  const kept = timeWindow('2026-12-05T06:40:12Z', 6, '2026-12-05T06:24:48.128Z');
  assert.equal(instantAt(0, kept), '2026-12-05T06:24:49Z');
  assert.equal(instantAt(-1, kept), '2026-12-05T06:24:49Z');
  assert.equal(instantAt(1, kept), '2026-12-05T06:40:12Z');
  for (let step = 0; step <= 1000; step++) {
    const ms = Date.parse(instantAt(step / 1000, kept));
    assert.ok(ms >= kept.start && ms <= kept.end, `step ${step}`);
  }
  // A start on a whole second is itself the lowest value.
  assert.equal(instantAt(0, timeWindow(now, 1)), '2026-12-02T03:00:00Z');
  // History younger than a second: the only value is the end.
  const young = timeWindow(now, 6, '2026-12-02T03:59:59.500Z');
  assert.equal(instantAt(0, young), now);
});

test('the span says what the slider really spans: the hours chosen, or the history kept', () => {
  assert.equal(spanText(timeWindow(now, 6), 6, now), 'the last 6 h');
  assert.equal(spanText(timeWindow(now, 168), 168, now), 'the last 7 d');
  const kept = timeWindow(now, 6, '2026-12-02T03:15:30.250Z');
  assert.equal(spanText(kept, 6, now), 'the history kept, since 03:15:30 UTC');
  assert.equal(spanText(timeWindow(now, 1, '2026-12-02T01:00:00Z'), 1, now), 'the last 1 h');
});

test('markers of changes at the same instant are spread a target apart, never on top', () => {
  // One Deployment behind shop/frontend and shop/frontend-public scaled to 0: two markers at one
  // instant; a third far away stays where its instant is.
  const lefts = markerLefts([0.5, 0.5, 0.9], 1000, 24);
  assert.equal(lefts[2], 900);
  assert.equal(lefts[1]! - lefts[0]!, 24);
  assert.ok(lefts[0]! <= 500 && lefts[1]! >= 500);
  // At the slider's end they spread inwards, in time order; alone, a marker is not moved.
  assert.deepEqual(markerLefts([1, 1, 1], 390, 24), [342, 366, 390]);
  assert.deepEqual(markerLefts([0, 0], 390, 24), [0, 24]);
  assert.deepEqual(markerLefts([0.25], 400, 24), [100]);
  // Nearly the same instant (closer than a target) counts the same; the order given is kept.
  const near = markerLefts([0.5004, 0.5], 1000, 24);
  assert.ok(near[0]! - near[1]! >= 24);
  // More markers than fit side by side: packed evenly, none on another.
  const many = markerLefts(new Array<number>(11).fill(0.5), 100, 24);
  assert.deepEqual(many, [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
});
