import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deploymentPods, podRecord, serviceRecord } from '../testing/objects';
import { withControllers } from '../testing/snapshots';
import { editDistance, isSimilar } from './near-miss';
import { diagnose, reason } from './testing/assertions';
import { FIXTURES } from './testing/reason-fixtures';

describe('diagnosis: near misses', () => {
  it('finds a value typo (app: ngnix vs nginx) and puts it in the summary', () => {
    const f = FIXTURES['selector-matches-no-pods']();
    const r = reason(diagnose(f.snapshot, f.ns, f.name), 'selector-matches-no-pods');
    assert.equal(r.nearMisses!.length, 2);
    for (const m of r.nearMisses!) {
      assert.equal(m.match, 'value-typo');
      assert.deepEqual([m.key, m.expected, m.actual], ['app', 'ngnix', 'nginx']);
    }
    assert.match(
      r.summary,
      /app=ngnix matches none of the 2 pods in namespace web \(closest: pod nginx-.* has app=nginx, the selector wants app=ngnix\)/,
    );
    assert.ok(r.commands.includes('kubectl get pods -n web --show-labels'));
  });

  it('a namespace with no pods at all is said so, never "none of the 0 pods"', () => {
    const svc = serviceRecord('web', 'api', { selector: { app: 'api' } });
    const elsewhere = podRecord('shop', 'api-1', { labels: { app: 'api' } });
    const r = reason(
      diagnose(withControllers({ services: [svc], pods: [elsewhere] }), 'web', 'api'),
      'selector-matches-no-pods',
    );
    assert.equal(
      r.summary,
      'The selector app=api matches no pod: namespace web has none (closest: pod shop/api-1 matches the selector, but in namespace shop).',
    );
  });

  it('carries what the map draws a ghost from (pod id, key, expected, actual); closest spelling first', () => {
    const svc = serviceRecord('shop', 'svc-168', { selector: { app: 'svc-168x' } });
    const far = podRecord('shop', 'a-far', { labels: { app: 'svc-108' } });
    const near = podRecord('shop', 'z-near', { labels: { app: 'svc-168' } });
    const r = reason(
      diagnose(withControllers({ services: [svc], pods: [far, near] }), 'shop', 'svc-168'),
      'selector-matches-no-pods',
    );
    const first = r.nearMisses![0]!;
    assert.deepEqual(
      [first.podId, first.key, first.expected, first.actual],
      [`pod:${near.meta.uid}`, 'app', 'svc-168x', 'svc-168'],
    );
    assert.match(r.fix!.command, /"app":"svc-168"/);
  });

  it('finds a key typo, a differing value on a two-key selector, and a missing key', () => {
    const svc = serviceRecord('shop', 'api', { selector: { app: 'api', tier: 'backend' } });
    const pods = [
      podRecord('shop', 'keytypo', { labels: { ap: 'api', tier: 'backend' } }),
      podRecord('shop', 'frontend', { labels: { app: 'api', tier: 'frontend' } }),
      podRecord('shop', 'notier', { labels: { app: 'api' } }),
      podRecord('shop', 'unrelated', { labels: { app: 'db', tier: 'data' } }),
    ];
    const r = reason(
      diagnose(withControllers({ services: [svc], pods }), 'shop', 'api'),
      'selector-matches-no-pods',
    );
    assert.deepEqual(
      r.nearMisses!.map((m) => [m.name, m.match, m.key]),
      [
        ['keytypo', 'key-typo', 'app'],
        ['frontend', 'value-differs', 'tier'],
        ['notier', 'key-missing', 'tier'],
      ],
    );
  });

  it('finds pods that match in another namespace', () => {
    const svc = serviceRecord('shop', 'cart', { selector: { app: 'cart' } });
    const pods = deploymentPods('shop-staging', 'cart', 1, { labels: { app: 'cart' } });
    const r = reason(
      diagnose(withControllers({ services: [svc], pods }), 'shop', 'cart'),
      'selector-matches-no-pods',
    );
    assert.equal(r.nearMisses!.length, 1);
    assert.equal(r.nearMisses![0]!.match, 'other-namespace');
    assert.equal(r.nearMisses![0]!.namespace, 'shop-staging');
  });

  it('does not call unrelated values near misses', () => {
    const svc = serviceRecord('shop', 'web', { selector: { app: 'web' } });
    const pods = [
      podRecord('shop', 'api', { labels: { app: 'api' } }),
      podRecord('shop', 'db', { labels: { app: 'db' } }),
    ];
    assert.equal(
      reason(
        diagnose(withControllers({ services: [svc], pods }), 'shop', 'web'),
        'selector-matches-no-pods',
      ).nearMisses,
      undefined,
    );
  });

  it('editDistance counts a swap as one edit; isSimilar scales with length', () => {
    assert.equal(editDistance('ngnix', 'nginx'), 1);
    assert.equal(editDistance('nginx', 'nginx'), 0);
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.ok(isSimilar('ngnix', 'nginx'));
    assert.ok(isSimilar('v1', 'v2'));
    assert.ok(isSimilar('Frontend', 'frontend'));
    assert.ok(!isSimilar('db', 'ui'));
    assert.ok(!isSimilar('web', 'api'));
    assert.ok(!isSimilar('nginx', 'nginx'));
  });
});
