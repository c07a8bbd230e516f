/**
 * The snapshot file: what `makeSnapshot` writes reads back as itself; a file of another schema
 * or version, with a record of an unknown kind or without its identity, or with a time that is
 * not an RFC 3339 UTC instant is refused with the path of what is wrong.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { deploymentPods, serviceRecord } from '../topology/testing/objects';
import { makeSnapshot, parseSnapshot } from './snapshot';

const cluster = { name: 'prod-eu', simulated: false, readOnly: true };
const records = [
  serviceRecord('default', 'web', { selector: { app: 'web' } }),
  ...deploymentPods('default', 'web', 2, { labels: { app: 'web' } }),
];
const at = Date.parse('2026-12-02T03:12:05Z');

describe('snapshot file', () => {
  it('reads back what it wrote', () => {
    const file = makeSnapshot(cluster, at, at + 60_000, records);
    assert.equal(file.schema, 'switchboard.snapshot/v1');
    assert.equal(file.at, '2026-12-02T03:12:05.000Z');
    const parsed = parseSnapshot(JSON.stringify(file));
    assert.ok(parsed.ok, JSON.stringify(parsed));
    assert.deepStrictEqual(parsed.snapshot, JSON.parse(JSON.stringify(file)));
  });

  it('refuses what is not a snapshot of this version, saying where', () => {
    const good = JSON.parse(JSON.stringify(makeSnapshot(cluster, at, at, records))) as Record<
      string,
      unknown
    >;
    const cases: [unknown, RegExp][] = [
      [{ ...good, schema: 'switchboard.snapshot/v2' }, /^schema:/],
      [{ ...good, at: '2026-12-02 03:12' }, /^at:/],
      [{ ...good, records: [{ kind: 'Secret', meta: { uid: 'u', name: 'n' } }] }, /^records\.0\./],
      [{ ...good, records: [{ kind: 'Pod', meta: { name: 'n' } }] }, /^records\.0\.meta/],
      [{ ...good, cluster: { name: 'x' } }, /^cluster\./],
      [{ ...good, extra: 1 }, /\(file\)|extra/],
    ];
    for (const [value, where] of cases) {
      const parsed = parseSnapshot(JSON.stringify(value));
      assert.equal(parsed.ok, false, JSON.stringify(value).slice(0, 80));
      assert.ok(!parsed.ok && parsed.problems.some((p) => where.test(p)), JSON.stringify(parsed));
    }
    const notJson = parseSnapshot('{');
    assert.ok(!notJson.ok && /not JSON/.test(notJson.problems[0]!));
  });
});
