import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildDrawGraph } from './view-model';
import { parseQuery } from './search';
import { syntheticTopology } from './testing/synthetic-topology';

test('a query splits into label, IP-prefix and text tokens', () => {
  assert.deepEqual(parseQuery('  app=web 10.244. Shop/API '), [
    { kind: 'label', key: 'app', value: 'web' },
    { kind: 'ip', key: '', value: '10.244.' },
    { kind: 'text', key: '', value: 'shop/api' },
  ]);
  assert.deepEqual(parseQuery(undefined), []);
});

test('every token must match: text narrows by namespace/name, case-insensitively', () => {
  const topology = syntheticTopology([
    { namespace: 'shop', name: 'api', endpoints: 1 },
    { namespace: 'shop', name: 'cart', endpoints: 1 },
    { namespace: 'default', name: 'api', endpoints: 1 },
  ]);
  const names = (query: string) => buildDrawGraph(topology, { query }).blocks.map((b) => b.id);
  assert.equal(names('API').length, 2);
  assert.equal(names('shop api').length, 1);
  assert.equal(names('nothing-like-this').length, 0);
});
