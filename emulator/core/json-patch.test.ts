/** JSON patch (RFC 6902) as client-node sends it: every operation, and the 422 failures. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isApiError } from './errors';
import { applyJsonPatch } from './json-patch';

describe('JSON patch (RFC 6902)', () => {
  const doc = { metadata: { name: 'a', labels: { x: '1' } }, spec: { ports: [{ port: 80 }] } };

  it('adds, replaces, removes, moves, copies and tests', () => {
    const out = applyJsonPatch(doc, [
      { op: 'add', path: '/metadata/labels/y', value: '2' },
      { op: 'replace', path: '/metadata/labels/x', value: '9' },
      { op: 'add', path: '/spec/ports/-', value: { port: 443 } },
      { op: 'add', path: '/spec/ports/0', value: { port: 8080 } },
      { op: 'remove', path: '/spec/ports/1' },
      { op: 'copy', from: '/metadata/name', path: '/metadata/annotations' },
      { op: 'move', from: '/metadata/annotations', path: '/metadata/generateName' },
      { op: 'test', path: '/metadata/generateName', value: 'a' },
      { op: 'add', path: '/metadata/labels/a~1b', value: 'slash' },
    ]);
    assert.deepEqual(out, {
      metadata: { name: 'a', generateName: 'a', labels: { x: '9', y: '2', 'a/b': 'slash' } },
      spec: { ports: [{ port: 8080 }, { port: 443 }] },
    });
    assert.deepEqual(doc.spec.ports, [{ port: 80 }], 'input not mutated');
  });

  it('fails a test op and a missing path with 422', () => {
    for (const patch of [
      [{ op: 'test', path: '/metadata/name', value: 'b' }],
      [{ op: 'replace', path: '/spec/nope', value: 1 }],
      [{ op: 'remove', path: '/spec/ports/3' }],
    ]) {
      assert.throws(
        () => applyJsonPatch(doc, patch),
        (e: unknown) => isApiError(e) && e.code === 422,
      );
    }
  });
});
