import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fieldDiff } from './field-diff';

describe('fieldDiff: the leaves a change touches', () => {
  it('a changed leaf, both sides as JSON; bookkeeping and status left out', () => {
    const before = {
      metadata: { name: 'api', resourceVersion: '7', generation: 3, managedFields: [{ a: 1 }] },
      spec: { replicas: 0, selector: { matchLabels: { app: 'api' } } },
      status: { replicas: 0 },
    };
    const after = {
      status: { replicas: 2 },
      spec: { selector: { matchLabels: { app: 'api' } }, replicas: 2 },
      metadata: { name: 'api', resourceVersion: '8', generation: 4, managedFields: [] },
    };
    assert.deepEqual(fieldDiff(before, after), [
      { path: 'spec.replicas', before: '0', after: '2' },
    ]);
  });

  it('arrays index by index, added and removed leaves, keys that need quoting', () => {
    const before = {
      metadata: { labels: { 'app.kubernetes.io/name': 'a' } },
      spec: { containers: [{ image: 'x:bad' }], nodeSelector: { disk: 'ssd' } },
    };
    const after = {
      metadata: { labels: { 'app.kubernetes.io/name': 'b' } },
      spec: { containers: [{ image: 'x:1' }, { image: 'y:1' }] },
    };
    assert.deepEqual(fieldDiff(before, after), [
      { path: 'metadata.labels["app.kubernetes.io/name"]', before: '"a"', after: '"b"' },
      { path: 'spec.containers[0].image', before: '"x:bad"', after: '"x:1"' },
      { path: 'spec.containers[1].image', after: '"y:1"' },
      { path: 'spec.nodeSelector.disk', before: '"ssd"' },
    ]);
  });

  it('no change, no entries', () => {
    assert.deepEqual(fieldDiff({ spec: { a: [1, { b: 2 }] } }, { spec: { a: [1, { b: 2 }] } }), []);
  });
});
