import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  clockOf,
  fromInputValue,
  historyBannerText,
  instantLabel,
  normalizeInstant,
  snapshotBannerText,
  toInputValue,
} from './instant';

test('normalizeInstant: UTC, seconds, milliseconds only when set; rejects non-instants', () => {
  assert.equal(normalizeInstant('2026-12-02T03:12:05Z'), '2026-12-02T03:12:05Z');
  assert.equal(normalizeInstant('2026-12-02T03:12:05.000Z'), '2026-12-02T03:12:05Z');
  assert.equal(normalizeInstant('2026-12-02T03:12:05.5Z'), '2026-12-02T03:12:05.500Z');
  assert.equal(normalizeInstant('2026-12-02T05:12-02:00'), '2026-12-02T07:12:00Z');
  for (const bad of ['', '2026-12-02', '03:12:05', 'yesterday', '2026-13-45T99:99:99Z', undefined])
    assert.equal(normalizeInstant(bad), null, String(bad));
});

test('labels: the banner says the instant and the live clock in UTC', () => {
  assert.equal(
    historyBannerText('2026-12-02T03:12:05Z', '2026-12-02T04:40:59Z'),
    'History — 03:12:05 (live is 04:40)',
  );
  assert.equal(clockOf('2026-12-02T03:12:05.900Z'), '03:12:05');
  assert.equal(instantLabel('2026-12-02T03:12:05Z', '2026-12-02T23:00:00Z'), '03:12:05 UTC');
  assert.equal(
    instantLabel('2026-12-01T03:12:05Z', '2026-12-02T01:00:00Z'),
    '2026-12-01 03:12:05 UTC',
  );
});

test('the datetime input round-trips an instant as UTC', () => {
  assert.equal(toInputValue('2026-12-02T03:12:05Z'), '2026-12-02T03:12:05');
  assert.equal(fromInputValue('2026-12-02T03:12:05'), '2026-12-02T03:12:05Z');
  assert.equal(fromInputValue('2026-12-02T03:12'), '2026-12-02T03:12:00Z');
  assert.equal(fromInputValue('2026-12-02T03'), null);
});

test('snapshotBannerText: the cluster and the instant in the URL spelling, read-only', () => {
  assert.equal(
    snapshotBannerText('prod-eu', '2026-12-02T03:12:05.000Z'),
    'Snapshot — cluster prod-eu at 2026-12-02T03:12:05Z, read-only',
  );
  assert.equal(
    snapshotBannerText('prod-eu', '2026-12-02T03:12:05.250Z'),
    'Snapshot — cluster prod-eu at 2026-12-02T03:12:05.250Z, read-only',
  );
});
