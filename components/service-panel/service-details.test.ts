import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ServiceNode } from '@/lib/topology/model';
import { kubectlCommands, selectorText } from './service-details';

const service = (selector?: Record<string, string>) =>
  ({ namespace: 'shop', name: 'api', selector }) as ServiceNode;

test('the kubectl commands list pods by selector only when the Service has one', () => {
  const withSelector = kubectlCommands(service({ app: 'api', tier: 'web' }));
  assert.ok(withSelector.includes('kubectl get pods -n shop -o wide -l app=api,tier=web'));
  assert.equal(withSelector.length, 5);
  const without = kubectlCommands(service());
  assert.equal(without.length, 4);
  assert.ok(!without.some((c) => c.startsWith('kubectl get pods')));
  assert.equal(selectorText(service({ a: '1', b: '2' }), ', '), 'a=1, b=2');
});
