import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DiagnosisTransition } from '../api/history';
import { rankProblemEntries, trackHealthSince, type ProblemEntry } from './problems';
import { recordedBreaks, withRecordedSince, worthAsking } from './recorded-breaks';
import { syntheticTopology, withHealth } from './testing/synthetic-topology';

const base = syntheticTopology([
  { namespace: 'shop', name: 'cart', endpoints: 1 },
  { namespace: 'shop', name: 'checkout', endpoints: 1 },
  { namespace: 'shop', name: 'frontend', endpoints: 1 },
  { namespace: 'shop', name: 'static-assets', endpoints: 1 },
]);

const T = (s: string) => `2026-12-06T00:${s}.000Z`;

function broke(name: string, at: string): DiagnosisTransition {
  return { namespace: 'shop', name, at, to: 'broken', reasons: ['no-endpoints'] };
}

function recovered(name: string, at: string): DiagnosisTransition {
  return { namespace: 'shop', name, at, to: 'healthy', reasons: ['no-endpoints'] };
}

const answer = (...transitions: DiagnosisTransition[]) => ({ transitions });

const shown = (entries: readonly ProblemEntry[]) =>
  entries.map((e) => `${e.service.name}@${e.since.at}:${e.since.basis}`);

/** Seen first at 00:56:13, all four already in trouble; then frontend breaks while watched. */
function pageEntries(): ProblemEntry[] {
  const first = withHealth(base, {
    cart: 'broken',
    checkout: 'broken',
    'static-assets': 'warning',
  });
  let since = trackHealthSince(null, first, T('56:13'));
  const later = withHealth(base, {
    cart: 'broken',
    checkout: 'broken',
    'static-assets': 'warning',
    frontend: 'broken',
  });
  since = trackHealthSince(since, later, T('57:00'));
  return rankProblemEntries(later, since);
}

test('a broken Service first seen broken says when the history recorded its break, in rail order', () => {
  const entries = pageEntries();
  assert.deepEqual(shown(entries), [
    `frontend@${T('57:00')}:changed`,
    `cart@${T('56:13')}:first-seen`,
    `checkout@${T('56:13')}:first-seen`,
    `static-assets@${T('56:13')}:first-seen`,
  ]);
  const breaks = recordedBreaks(
    answer(
      broke('checkout', T('40:00')),
      broke('cart', T('50:00')),
      broke('frontend', T('56:59')),
      broke('static-assets', T('30:00')),
    ),
    T('56:20'),
  );
  assert.deepEqual(shown(withRecordedSince(entries, breaks)), [
    // The page saw frontend change: its own observation stays.
    `frontend@${T('57:00')}:changed`,
    `cart@${T('50:00')}:recorded`,
    `checkout@${T('40:00')}:recorded`,
    // Degraded: the history records breaks and recoveries only.
    `static-assets@${T('56:13')}:first-seen`,
  ]);
});

test('the last transition decides: a recovery after the break leaves the page\'s "since before"', () => {
  const entries = pageEntries();
  const breaks = recordedBreaks(
    answer(broke('cart', T('50:00')), recovered('cart', T('52:00')), broke('checkout', T('40:00'))),
    T('56:20'),
  );
  assert.deepEqual(breaks.brokeAt, new Map([['shop/checkout', T('40:00')]]));
  const out = withRecordedSince(entries, breaks);
  assert.equal(out.find((e) => e.service.name === 'cart')?.since.basis, 'first-seen');
  assert.equal(out.find((e) => e.service.name === 'checkout')?.since.basis, 'recorded');
});

test('a first sighting after the page asked is outside the answer: it keeps "since before"', () => {
  const entries = pageEntries();
  const breaks = recordedBreaks(answer(broke('cart', T('50:00'))), T('56:00'));
  assert.equal(withRecordedSince(entries, breaks), entries);
});

test("degraded, pending and ExternalName Services keep the page's own since", () => {
  const external = {
    ...base,
    services: base.services.map((s) =>
      s.name === 'checkout' ? { ...s, serviceType: 'ExternalName' as const } : s,
    ),
  };
  const topology = withHealth(external, {
    cart: 'broken',
    checkout: 'broken',
    'static-assets': 'warning',
  });
  const since = trackHealthSince(null, topology, T('56:13'), true, (s) => s.name === 'cart');
  const entries = rankProblemEntries(topology, since);
  const breaks = recordedBreaks(
    answer(
      broke('cart', T('50:00')),
      broke('checkout', T('40:00')),
      broke('static-assets', T('30:00')),
    ),
    T('56:20'),
  );
  assert.equal(withRecordedSince(entries, breaks), entries);
});

test('no answer, or an answer with no breaks, changes nothing', () => {
  const entries = pageEntries();
  assert.equal(withRecordedSince(entries, null), entries);
  assert.equal(withRecordedSince(entries, recordedBreaks(answer(), T('56:20'))), entries);
});

test('an answer missing part of its window records no break: one may lack a recovery', () => {
  const entries = pageEntries();
  const breaks = recordedBreaks(
    { transitions: [broke('cart', T('50:00'))], unrebuiltChanges: 2 },
    T('56:20'),
  );
  assert.equal(breaks.brokeAt.size, 0);
  assert.equal(withRecordedSince(entries, breaks), entries);
});

test('worth asking once per batch of first sightings, not for rows the page saw change', () => {
  const entries = pageEntries();
  assert.equal(worthAsking(entries, null), true);
  assert.equal(worthAsking(entries, T('56:20')), false);
  // A reconnect's sightings are newer than the last question.
  assert.equal(worthAsking(entries, T('56:00')), true);
  const onlyChanged = entries.filter((e) => e.since.basis === 'changed');
  assert.equal(worthAsking(onlyChanged, null), false);
});
