import assert from 'node:assert/strict';
import { test } from 'node:test';
import { firstRecords, shownInstant } from './shown-instant';

test('the instant shown: `at`, else the later end of a diff, else live (null)', () => {
  assert.equal(shownInstant({}), null);
  assert.equal(shownInstant({ at: '2026-12-02T03:12:05Z' }), '2026-12-02T03:12:05Z');
  assert.equal(shownInstant({ to: '2026-12-02T04:00:00Z' }), '2026-12-02T04:00:00Z');
});

test('the first picture is drawn from the live records only for the live map', () => {
  const live = ['svc:a', 'svc:b'];
  assert.deepEqual(firstRecords({}, live), live);
  assert.deepEqual(firstRecords({ at: '2026-12-02T03:12:05Z' }, live), []);
  assert.deepEqual(firstRecords({ to: '2026-12-02T04:00:00Z' }, live), []);
});
