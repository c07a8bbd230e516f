// pkg/controller/history's pure parts: FNV-1 (not 1a) with the decimal probe, SafeEncodeString,
// ControllerRevisionName's 223-byte prefix, revision order, and getPatch's bytes as Go writes them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  controllerRevisionName,
  goJson,
  hashControllerRevision,
  safeEncodeString,
  sortRevisions,
  templatePatch,
} from './history';

describe('controller history', () => {
  it('hashes with FNV-1 and renders the decimal sum with SafeEncodeString', () => {
    // FNV-1 32 of "a" is 0x050c5d7e = 84696446 (FNV-1a would be 0xe40c292c).
    assert.equal(hashControllerRevision('a'), 'd8bfb88b');
    // The probe is written as decimal text after the data: "a" then "1" hashes as "a1".
    assert.equal(hashControllerRevision('a', 1), hashControllerRevision('a1'));
    assert.notEqual(hashControllerRevision('a', 0), hashControllerRevision('a'));
  });
  it('SafeEncodeString maps each byte into bcdfghjklmnpqrstvwxz2456789', () => {
    // '0' is byte 48: 48 % 27 = 21 → '4'; '9' is 57: 57 % 27 = 3 → 'f'.
    assert.equal(safeEncodeString('09'), '4f');
  });
  it('cuts long prefixes to 223 bytes', () => {
    assert.equal(controllerRevisionName('x'.repeat(300), 'abc').length, 227);
    assert.equal(controllerRevisionName('web', 'abc'), 'web-abc');
  });
  it('sorts by revision, then creation, then name', () => {
    const r = (name: string, revision: number, at = '2025-01-01T00:00:00Z') => ({
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: { name, creationTimestamp: at },
      revision,
    });
    const sorted = sortRevisions([
      r('c', 2),
      r('b', 1),
      r('a', 1),
      r('d', 1, '2024-01-01T00:00:00Z'),
    ]);
    assert.deepEqual(
      sorted.map((x) => x.metadata.name),
      ['d', 'a', 'b', 'c'],
    );
  });
  it("writes getPatch's bytes as Go does: sorted keys, HTML-safe strings, creationTimestamp null", () => {
    const patch = templatePatch({
      metadata: { labels: { b: '1', a: '<&>' } },
      spec: { containers: [{ name: 'c', image: 'i', args: null }] },
    });
    assert.equal(
      goJson(patch),
      '{"spec":{"template":{"$patch":"replace","metadata":{"creationTimestamp":null,"labels":{"a":"\\u003c\\u0026\\u003e","b":"1"}},"spec":{"containers":[{"image":"i","name":"c"}]}}}}',
    );
  });
});
