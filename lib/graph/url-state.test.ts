import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMapParams, serializeMapParams } from './url-state';

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
