import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  apiPath,
  clusterOfPath,
  focusPath,
  pagePath,
  servicePath,
  switchClusterPath,
} from './paths';

test('apiPath keeps the old paths for the first cluster and nests the others', () => {
  assert.equal(apiPath(null, '/stream?v=2'), '/api/stream?v=2');
  assert.equal(apiPath('prod-eu', '/stream?v=2'), '/api/clusters/prod-eu/stream?v=2');
  assert.equal(apiPath('prod-eu', '/dns'), '/api/clusters/prod-eu/dns');
});

test('apiPath encodes a context name as one path segment', () => {
  assert.equal(
    apiPath('arn:aws:eks/eu@admin', '/dns'),
    '/api/clusters/arn%3Aaws%3Aeks%2Feu%40admin/dns',
  );
});

test('servicePath encodes namespace and name', () => {
  assert.equal(servicePath('shop', 'cart', 'timeline'), '/services/shop/cart/timeline');
  assert.equal(
    apiPath('b', servicePath('a b', 'c', 'fix-preview')),
    '/api/clusters/b/services/a%20b/c/fix-preview',
  );
});

test('pagePath makes the map the cluster root', () => {
  assert.equal(pagePath(null, '/?focus=shop/cart'), '/?focus=shop/cart');
  assert.equal(pagePath('prod', '/'), '/c/prod');
  assert.equal(pagePath('prod', '/?focus=shop/cart'), '/c/prod?focus=shop/cart');
  assert.equal(pagePath('prod', '/external-services/new'), '/c/prod/external-services/new');
  assert.equal(focusPath('prod', 'shop', 'cart'), '/c/prod?focus=shop/cart');
  assert.equal(focusPath(null, 'shop', 'cart'), '/?focus=shop/cart');
});

test('clusterOfPath reads /c/<id>/… and nothing else', () => {
  assert.deepEqual(clusterOfPath('/c/prod'), { cluster: 'prod', rest: '/' });
  assert.deepEqual(clusterOfPath('/c/a%2Fb/external-services/new'), {
    cluster: 'a/b',
    rest: '/external-services/new',
  });
  assert.equal(clusterOfPath('/'), null);
  assert.equal(clusterOfPath('/compare'), null);
  assert.equal(clusterOfPath('/c/%E0%A4%A'), null);
  for (const id of ['prod', 'a/b', 'x:y@z']) {
    assert.equal(clusterOfPath(pagePath(id, '/'))?.cluster, id);
  }
});

test('switchClusterPath keeps the map and its filters', () => {
  assert.equal(
    switchClusterPath('/c/a', '?ns=shop&focus=shop/cart', 'b'),
    '/c/b?ns=shop&focus=shop%2Fcart',
  );
  assert.equal(switchClusterPath('/', '?cluster=a&q=web', 'b'), '/c/b?q=web');
});

test('switchClusterPath keeps the Add form and sends an edit form to the map', () => {
  assert.equal(
    switchClusterPath('/c/a/external-services/new', '?namespace=shop', 'b'),
    '/c/b/external-services/new?namespace=shop',
  );
  assert.equal(
    switchClusterPath('/c/a/external-services/edit', '?namespace=shop&name=db', 'b'),
    '/c/b?focus=shop/db',
  );
});

test('switchClusterPath opens the map from the cross-cluster pages', () => {
  assert.equal(switchClusterPath('/search', '?q=10.0.0.1', 'b'), '/c/b');
  assert.equal(switchClusterPath('/compare', '?namespace=a&name=b', 'b'), '/c/b');
});
