/** The HTTP metric's route label: dynamic segments back to their names, bounded values. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { routeLabel } from './route-label';

test('dynamic segments become their parameter names, in path order', () => {
  assert.equal(
    routeLabel('/api/services/shop/web/diagnosis', { namespace: 'shop', name: 'web' }),
    '/api/services/[namespace]/[name]/diagnosis',
  );
  assert.equal(
    routeLabel('/api/services/web/web/timeline', { namespace: 'web', name: 'web' }),
    '/api/services/[namespace]/[name]/timeline',
  );
  assert.equal(routeLabel('/api/graph', {}), '/api/graph');
  assert.equal(
    routeLabel('/api/services/a%20b/x/diagnosis', { namespace: 'a b', name: 'x' }),
    '/api/services/[namespace]/[name]/diagnosis',
  );
});

test('a path whose parameters could not be read is one label', () => {
  assert.equal(routeLabel('/api/services/%E0%A4%A/x/diagnosis', undefined), '(invalid path)');
});
