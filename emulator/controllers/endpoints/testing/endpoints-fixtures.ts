/**
 * Fixtures for the endpoints controller's black-box tests, after the helpers of upstream
 * endpoints_controller_test.go (addPods: pods pod0…pod(n-1) with IPs 1.2.3.(4+i)): reading an
 * Endpoints object, touching a Service so it is synced again, and a cluster with a second
 * namespace `other`. Test-only.
 */
import type { TestContext } from 'node:test';
import type { KubeObject } from '../../../core/types';
import {
  type Json,
  type TestCluster,
  addPod,
  ensureNamespace,
  startTestCluster,
} from '../../testing/test-cluster';

export const MANAGED_BY = { 'endpoints.kubernetes.io/managed-by': 'endpoint-controller' };

export async function endpoints(c: TestCluster, ns: string, name: string): Promise<Json> {
  return c.get(`/api/v1/namespaces/${ns}/endpoints/${name}`);
}

export async function tryEndpoints(
  c: TestCluster,
  ns: string,
  name: string,
): Promise<Json | undefined> {
  try {
    return await endpoints(c, ns, name);
  } catch (error) {
    if ((error as { code?: number }).code === 404) return undefined;
    throw error;
  }
}

/** Pods pod0..pod(n-1) with IPs 1.2.3.(4+i), as upstream's addPods helper makes them. */
export async function addPods(
  c: TestCluster,
  ns: string,
  ready: number,
  notReady: number,
  extra: Partial<Parameters<typeof addPod>[3]> = {},
): Promise<KubeObject[]> {
  const out: KubeObject[] = [];
  for (let i = 0; i < ready + notReady; i++) {
    out.push(
      await addPod(c, `pod${i}`, ns, {
        ip: `1.2.3.${4 + i}`,
        ready: i < ready,
        ports: [
          { name: 'port0', containerPort: 8080 },
          { name: 'port1', containerPort: 8088 },
        ],
        ...extra,
      }),
    );
  }
  return out;
}

export const targetRef = (p: KubeObject) => ({
  kind: 'Pod',
  namespace: p.metadata.namespace,
  name: p.metadata.name,
  uid: p.metadata.uid,
});

/** Touches the Service (an annotation) so the controller syncs it again. */
export async function resync(c: TestCluster, ns: string, name: string): Promise<void> {
  await c.patch(`/api/v1/namespaces/${ns}/services/${name}`, {
    metadata: { annotations: { 'test/resync': String(Math.random()) } },
  });
  await c.settle();
}

export async function cluster(t: TestContext): Promise<TestCluster> {
  const c = await startTestCluster(t);
  await ensureNamespace(c, 'other');
  return c;
}
