import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTopology } from '../index';
import { syntheticSnapshot } from './synthetic';

describe('syntheticSnapshot', () => {
  it('is deterministic and about N pods, N/15 Services', () => {
    // resourceVersions count up across builders; everything else must repeat exactly.
    const text = (n: number) =>
      JSON.stringify(syntheticSnapshot({ pods: n }), (k, v: unknown) =>
        k === 'resourceVersion' ? undefined : v,
      );
    assert.equal(text(3000), text(3000));
    const a = syntheticSnapshot({ pods: 3000 });
    assert.ok(a.pods.length >= 3000 && a.pods.length <= 3100, `${a.pods.length} pods`);
    assert.ok(
      a.services.length >= 3000 / 15 && a.services.length <= 3000 / 10,
      `${a.services.length} services`,
    );
  });

  it('draws every Service-backed pod and no unselected job pod', () => {
    const snap = syntheticSnapshot({ pods: 3000 });
    const t = buildTopology(snap);
    const selected = snap.pods.filter((p) =>
      snap.services.some(
        (s) =>
          s.selector !== undefined &&
          s.meta.namespace === p.meta.namespace &&
          s.selector.app === p.meta.labels?.app,
      ),
    );
    assert.equal(t.pods.length, selected.length);
    assert.ok(selected.length < snap.pods.length, 'job pods and selector-typo pods are left out');
    assert.ok(t.services.some((s) => s.health === 'broken'));
    assert.ok(t.services.filter((s) => s.health === 'healthy').length > t.services.length * 0.9);
  });
});
