import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDiagnosis } from './diagnose';

test('the health line uses the map’s words: a warning-level Service reads DEGRADED', () => {
  const line = (health: 'healthy' | 'warning' | 'broken' | 'unknown') =>
    formatDiagnosis({
      serviceId: 'svc:1',
      namespace: 'shop',
      name: 'api',
      health,
      reasons: [],
    }).split('\n')[0];
  assert.equal(line('warning'), 'Service shop/api: DEGRADED');
  assert.equal(line('healthy'), 'Service shop/api: HEALTHY');
  assert.equal(line('broken'), 'Service shop/api: BROKEN');
});
