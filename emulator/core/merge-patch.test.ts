/** JSON merge patch (RFC 7386) as kubectl label/annotate/scale send it. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyMergePatch } from './merge-patch';

describe('JSON merge patch (RFC 7386)', () => {
  it('merges objects, replaces arrays and deletes with null', () => {
    assert.deepEqual(
      applyMergePatch(
        { metadata: { labels: { a: '1', b: '2' } }, spec: { ports: [{ port: 1 }, { port: 2 }] } },
        { metadata: { labels: { a: null, c: '3' } }, spec: { ports: [{ port: 3 }] } },
      ),
      { metadata: { labels: { b: '2', c: '3' } }, spec: { ports: [{ port: 3 }] } },
    );
  });
});
