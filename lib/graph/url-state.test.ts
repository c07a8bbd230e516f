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
