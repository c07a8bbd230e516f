import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isNavigation, parseMapParams, sameFilters, serializeMapParams } from './url-state';

test('deep-link parameters round-trip', () => {
  const parsed = parseMapParams({
    ns: 'shop,default',
    focus: 'default/ingress-nginx',
    q: 'app=nginx',
    problems: '1',
  });
  assert.deepEqual(parsed, {
    namespaces: ['default', 'shop'],
    focus: 'default/ingress-nginx',
    query: 'app=nginx',
    problemsOnly: true,
    drawAll: false,
  });
  assert.deepEqual(parseMapParams(new URLSearchParams(serializeMapParams(parsed))), parsed);
});

test('bad focus values are ignored, empty state serialises to nothing', () => {
  assert.equal(parseMapParams({ focus: 'no-slash' }).focus, null);
  assert.equal(parseMapParams({ focus: ['a/b', 'c/d'] }).focus, 'a/b');
  assert.equal(serializeMapParams(parseMapParams({})), '');
});

test('history instants: normalised to UTC, malformed ones ignored, a diff needs both ends', () => {
  const parsed = parseMapParams({ at: '2026-12-02T04:12:05+01:00', from: 'x', to: '2026-12-02' });
  assert.equal(parsed.at, '2026-12-02T03:12:05Z');
  assert.equal('from' in parsed || 'to' in parsed, false);
  assert.equal(serializeMapParams(parsed), '?at=2026-12-02T03%3A12%3A05Z');
  assert.deepEqual(parseMapParams(new URLSearchParams(serializeMapParams(parsed))), parsed);
  const diff = parseMapParams({ from: '2026-12-02T04:00:00Z', to: '2026-12-02T03:00:00.250Z' });
  assert.deepEqual([diff.from, diff.to], ['2026-12-02T03:00:00.250Z', '2026-12-02T04:00:00Z']);
  assert.deepEqual(parseMapParams(new URLSearchParams(serializeMapParams(diff))), diff);
  assert.equal(parseMapParams({ from: '2026-12-02T04:00:00Z' }).from, undefined);
});

test('a step Back returns over: a Service opened, changed or closed, time travel entered or left', () => {
  const live = parseMapParams(new URLSearchParams('ns=shop&q=web'));
  const open = { ...live, focus: 'shop/web' };
  assert.equal(isNavigation(live, open), true);
  assert.equal(isNavigation(open, { ...open, focus: 'shop/db' }), true);
  assert.equal(isNavigation(open, live), true);
  const at = { ...live, at: '2026-12-01T10:00:00.000Z' };
  assert.equal(isNavigation(live, at), true);
  assert.equal(isNavigation(at, live), true);
  const diff = { ...at, from: '2026-12-01T09:00:00.000Z', to: '2026-12-01T10:00:00.000Z' };
  assert.equal(isNavigation(at, diff), true);
  // Typing, filtering and moving the slider replace the entry.
  assert.equal(isNavigation(live, { ...live, query: 'web-1' }), false);
  assert.equal(isNavigation(live, { ...live, namespaces: ['shop', 'pay'] }), false);
  assert.equal(isNavigation(live, { ...live, problemsOnly: true, drawAll: true }), false);
  assert.equal(isNavigation(at, { ...at, at: '2026-12-01T10:05:00.000Z' }), false);
});

test('the filters that decide what is drawn: namespaces, search, problems only, draw all', () => {
  const base = parseMapParams(new URLSearchParams('ns=a,b&q=x'));
  assert.equal(
    sameFilters(base, { ...base, focus: 'a/web', at: '2026-12-01T10:00:00.000Z' }),
    true,
  );
  assert.equal(sameFilters(base, { ...base, namespaces: ['a'] }), false);
  assert.equal(sameFilters(base, { ...base, query: 'y' }), false);
  assert.equal(sameFilters(base, { ...base, problemsOnly: true }), false);
  assert.equal(sameFilters(base, { ...base, drawAll: true }), false);
});
