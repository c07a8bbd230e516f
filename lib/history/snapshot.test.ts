/**
 * The snapshot file: what `makeSnapshot` writes reads back as itself; a file of another schema
 * or version, with a record of an unknown kind or without its identity, or with a time that is
 * not an RFC 3339 UTC instant is refused with the path of what is wrong; the trail of the time
 * before the instant is optional, and refused when any of it comes after the instant; so are
 * the DNS answers the ExternalNames were diagnosed with.
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

  it('carries the trail before its instant, and refuses one reaching past it', () => {
    const service = { namespace: 'default', name: 'web' };
    const trail = {
      since: '2026-12-02T02:12:05.000Z',
      baselines: [
        {
          service,
          at: '2026-12-02T02:12:05.000Z',
          endpoints: [{ address: '10.0.0.7', state: 'ready' }],
        },
      ],
      entries: [
        {
          at: '2026-12-02T03:10:00.000Z',
          type: 'endpoint',
          change: 'removed',
          address: '10.0.0.7',
          from: 'ready',
          service,
        },
      ],
    };
    const file = makeSnapshot(cluster, at, at, records, trail as never);
    const parsed = parseSnapshot(JSON.stringify(file));
    assert.ok(parsed.ok, JSON.stringify(parsed));
    assert.deepStrictEqual(parsed.snapshot.trail, trail);
    assert.equal('trail' in makeSnapshot(cluster, at, at, records), false);
    const late = '2026-12-02T03:12:06.000Z';
    const cases: [unknown, RegExp][] = [
      [{ ...trail, since: late }, /^trail\.since: after the instant/],
      [{ ...trail, entries: [{ ...trail.entries[0], at: late }] }, /^trail\.entries\.0\.at: after/],
      [
        { ...trail, entries: [{ ...trail.entries[0], service: 'default/web' }] },
        /^trail\.entries\.0\.service/,
      ],
      [{ ...trail, baselines: [{ service, at: late }] }, /^trail\.baselines\.0\.endpoints/],
    ];
    for (const [bad, where] of cases) {
      const refused = parseSnapshot(JSON.stringify({ ...file, trail: bad }));
      assert.ok(
        !refused.ok && refused.problems.some((p) => where.test(p)),
        JSON.stringify(refused),
      );
    }
  });

  it('carries the DNS answers it was diagnosed with; a file without them still opens', () => {
    const dns = {
      'billing.partner.invalid': {
        ok: false,
        error: 'NXDOMAIN: "billing.partner.invalid" does not resolve',
        checkedAt: '2026-12-02T03:12:04.000Z',
      },
      'db.corp': { ok: true, addresses: ['192.0.2.7'], checkedAt: '2026-12-02T03:12:01.000Z' },
    };
    const parsed = parseSnapshot(
      JSON.stringify(makeSnapshot(cluster, at, at, records, undefined, dns)),
    );
    assert.ok(parsed.ok, JSON.stringify(parsed));
    assert.deepStrictEqual(parsed.snapshot.dns, dns);
    // None is written as absent, and a file from before `dns` existed opens without it.
    const old = makeSnapshot(cluster, at, at, records, undefined, {});
    assert.equal('dns' in old, false);
    const reread = parseSnapshot(JSON.stringify(old));
    assert.ok(reread.ok && reread.snapshot.dns === undefined);
    const bad = parseSnapshot(
      JSON.stringify({ ...old, dns: { 'db.corp': { ok: 'yes', checkedAt: 'now' } } }),
    );
    assert.ok(
      !bad.ok && bad.problems.some((p) => /^dns\.db\.corp\.ok/.test(p)),
      JSON.stringify(bad),
    );
  });
});
