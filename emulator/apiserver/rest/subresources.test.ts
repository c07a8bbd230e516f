/**
 * Subresources over real HTTP: /status (status only, optimistic concurrency) and /scale
 * (autoscaling/v1 Scale, as kubectl scale reads and writes it).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningEmulator } from '../../server';
import { call, deployment, service, startCore } from '../testing/support';

let em: RunningEmulator;
let base: string;

before(async () => {
  em = await startCore();
  base = em.url;
});
after(() => em.stop());

describe('/status', () => {
  it('writes only .status through /status, with optimistic concurrency', async () => {
    // Only a LoadBalancer may carry load-balancer ingress (1.29+); 1.30+ defaults its ipMode.
    const lbService = { ...service('st'), spec: { ...service('st').spec, type: 'LoadBalancer' } };
    const created = await call(base, 'POST', '/api/v1/namespaces/default/services', lbService);
    const body = structuredClone(created.body) as Record<string, unknown>;
    body.status = { loadBalancer: { ingress: [{ ip: '192.0.2.10' }] } };
    (body.spec as Record<string, unknown>).type = 'NodePort';
    const r = await call(base, 'PUT', '/api/v1/namespaces/default/services/st/status', body);
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.status, {
      loadBalancer: { ingress: [{ ip: '192.0.2.10', ipMode: 'VIP' }] },
    });
    assert.equal(
      (r.body.spec as { type: string }).type,
      'LoadBalancer',
      'spec is not written through /status',
    );
    const stale = await call(base, 'PUT', '/api/v1/namespaces/default/services/st/status', body);
    assert.equal(stale.status, 409);
    const patched = await call(
      base,
      'PATCH',
      '/api/v1/namespaces/default/services/st/status',
      { status: { loadBalancer: null } },
      { 'content-type': 'application/merge-patch+json' },
    );
    assert.equal(patched.status, 200);
    const lb = (patched.body.status as { loadBalancer?: { ingress?: unknown } }).loadBalancer;
    assert.equal(lb?.ingress, undefined);
  });
});

describe('/scale', () => {
  before(async () => {
    await call(base, 'POST', '/apis/apps/v1/namespaces/default/deployments', {
      ...deployment('web'),
      spec: {
        ...deployment('web').spec,
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            containers: [
              {
                name: 'web',
                image: 'nginx:1',
                ports: [{ containerPort: 80 }, { containerPort: 443 }],
              },
              { name: 'sidecar', image: 'busybox:1' },
            ],
          },
        },
      },
    });
  });

  const path = '/apis/apps/v1/namespaces/default/deployments/web';

  it('reads and writes the scale subresource (kubectl scale)', async () => {
    const scale = await call(base, 'GET', `${path}/scale`);
    assert.equal(scale.status, 200);
    assert.equal(scale.body.kind, 'Scale');
    assert.equal(scale.body.apiVersion, 'autoscaling/v1');
    assert.deepEqual((scale.body.status as { selector: string }).selector, 'app=web');
    const patched = await call(
      base,
      'PATCH',
      `${path}/scale`,
      { spec: { replicas: 5 } },
      { 'content-type': 'application/merge-patch+json' },
    );
    assert.equal(patched.status, 200);
    assert.equal((patched.body.spec as { replicas: number }).replicas, 5);
    const put = await call(base, 'PUT', `${path}/scale`, {
      ...patched.body,
      spec: { replicas: 4 },
    });
    assert.equal((put.body.spec as { replicas: number }).replicas, 4);
    const d = await call(base, 'GET', path);
    assert.equal((d.body.spec as { replicas: number }).replicas, 4);
    const stale = await call(base, 'PUT', `${path}/scale`, {
      ...patched.body,
      spec: { replicas: 1 },
    });
    assert.equal(stale.status, 409);
  });
});
