import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  fractionOf,
  groupLabel,
  instantAt,
  markerLefts,
  markersOf,
  markerTargets,
  spanText,
  timeWindow,
  type MarkerTarget,
} from './markers';

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
      {
        at: '2026-12-02T03:40:00Z',
        namespace: 'default',
        name: 'api',
        to: 'healthy',
        reasons: ['no-ready-endpoints'],
      },
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
      // The codes it had while broken, not codes it has now.
      ['▲', 'default/api recovered at 03:40:00 UTC (was no-ready-endpoints)'],
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

/** Targets are at least `target` apart, and every marker is in exactly one of them. */
function assertTargets(targets: MarkerTarget[], count: number, target: number) {
  const lefts = targets.map((t) => t.left);
  for (let i = 1; i < lefts.length; i++)
    assert.ok(lefts[i]! - lefts[i - 1]! >= target - 1e-9, `targets ${i - 1} and ${i}: ${lefts}`);
  const members = targets.flatMap((t) => t.members).sort((a, b) => a - b);
  assert.deepEqual(
    members,
    Array.from({ length: count }, (_, i) => i),
  );
}

test('markers that fit a target apart keep a target each, drawn where markerLefts draws them', () => {
  const fractions = [0.5, 0.5, 0.9, 0.1];
  const targets = markerTargets(fractions, 1000, 24);
  assert.deepEqual(
    targets.map((t) => t.members),
    [[3], [0], [1], [2]],
  );
  const lefts = markerLefts(fractions, 1000, 24);
  for (const t of targets) assert.equal(t.left, lefts[t.members[0]!]);
  assert.deepEqual(markerTargets([], 1000, 24), []);
});

test('more markers than a 1280 px slider holds 24 px apart: the closest are grouped, none closer', () => {
  // Ninety changes two minutes apart over six hours: ~7 px apart on the slider.
  const fractions = Array.from({ length: 90 }, (_, i) => (i * 2) / 360);
  const targets = markerTargets(fractions, 1280, 24);
  assertTargets(targets, 90, 24);
  assert.ok(targets.length <= Math.floor(1280 / 24) + 1);
  assert.ok(targets.some((t) => t.members.length > 1));
  // Each group is drawn near its changes, and holds neighbours in time.
  for (const t of targets) {
    const times = t.members.map((i) => fractions[i]! * 1280);
    assert.ok(Math.abs(t.left - (Math.min(...times) + Math.max(...times)) / 2) <= 48, `${t.left}`);
    assert.equal(t.members[t.members.length - 1]! - t.members[0]!, t.members.length - 1);
  }
  // However many, however crowded: never closer than a target.
  for (const n of [54, 200, 2000]) {
    const crowd = Array.from({ length: n }, (_, i) => ((i * 7919) % 1000) / 1000);
    assertTargets(markerTargets(crowd, 1280, 24), n, 24);
  }
});

test('a crowd at one instant is one group; two or three side by side keep their own targets', () => {
  const five = [0.2, 0.5, 0.5, 0.5, 0.5, 0.5, 0.8];
  const targets = markerTargets(five, 1000, 24);
  assert.deepEqual(
    targets.map((t) => t.members),
    [[0], [1, 2, 3, 4, 5], [6]],
  );
  assert.equal(targets[1]!.left, 500);
  assert.equal(markerTargets([0.5, 0.5, 0.5], 1000, 24).length, 3);
});

test('a group says how many changes, when, and how many broke and recovered', () => {
  const window = timeWindow(now, 2);
  const at = (t: string, name: string, to: 'broken' | 'healthy') => ({
    at: t,
    namespace: 'default',
    name,
    to,
    reasons: [],
  });
  const markers = markersOf(
    [
      at('2026-12-02T03:12:05Z', 'a', 'broken'),
      at('2026-12-02T03:12:05Z', 'b', 'broken'),
      at('2026-12-02T03:34:05Z', 'a', 'healthy'),
    ],
    window,
    now,
  );
  assert.equal(
    groupLabel(markers, now),
    '3 changes from 03:12:05 UTC to 03:34:05 UTC: 2 broke, 1 recovered',
  );
  assert.equal(groupLabel(markers.slice(0, 2), now), '2 changes at 03:12:05 UTC: 2 broke');
});
