/**
 * "Who changed it" on slim records, from what real kubectl 1.33 leaves on the embedded cluster:
 * `kubectl scale` is recorded against the `scale` subresource under manager `kubectl`, a
 * `kubectl patch` of a Service's selector under `kubectl-patch`, and the workload records carry
 * the owner chain pod → ReplicaSet → Deployment with revisions.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
// eslint-disable-next-line no-restricted-imports -- the test starts the cluster; lib code under test reaches it over HTTP only
import { startKubectlHarness, type KubectlHarness } from '../../emulator/testing/kubectl-harness';
import { KINDS } from './kinds';
import { InternPool, slimmer } from './slim';
import { kubeConfigFor, waitFor } from './testing/helpers';
import { createKubeTransport, readBody } from './transport';
import type { RecordKind, SlimRecord } from '../topology/records';
import { toClusterSnapshot } from '../topology/records';
import { indexSnapshot } from '../topology/snapshot-index';

const MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: default}
spec:
  replicas: 2
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec: {containers: [{name: api, image: nginx:1.27}]}
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: default}
spec:
  selector: {app: api}
  ports: [{port: 80}]
`;

describe('slim records of kubectl-made objects (kubectl 1.33)', () => {
  let k: KubectlHarness;
  before(async () => {
    k = await startKubectlHarness(33, { readinessDelayMs: 50 });
  });
  after(async () => {
    await k?.stop();
  });

  async function list(kind: RecordKind): Promise<SlimRecord[]> {
    const { emulator } = k;
    const transport = createKubeTransport(
      kubeConfigFor(emulator.url, emulator.adminToken, emulator.caCertificate),
    );
    const res = await transport.get(KINDS[kind].listPath, AbortSignal.timeout(10_000));
    const body = JSON.parse(await readBody(res)) as { items: Record<string, unknown>[] };
    const toRecord = slimmer(kind, new InternPool());
    return body.items.map((i) => toRecord(i)).filter((r): r is SlimRecord => !!r);
  }

  it('scale and patch name their writers; pods chain to their Deployment', async () => {
    await k.ok('apply', '-f', k.file('api.yaml', MANIFEST));
    await waitFor('two api pods', async () => {
      const pods = await list('Pod');
      return pods.filter((p) => p.meta.labels?.app === 'api').length === 2;
    });
    await k.ok('scale', 'deployment', 'api', '--replicas=0');
    await k.ok('patch', 'service', 'api', '-p', '{"spec":{"selector":{"app":"ngnix"}}}');

    const deployment = (await list('Deployment')).find((d) => d.meta.name === 'api');
    assert.equal(deployment?.kind, 'Deployment');
    assert.equal(deployment.replicas, 0);
    assert.equal(deployment.replicasChange?.manager, 'kubectl');
    assert.equal(deployment.replicasChange?.subresource, 'scale');
    assert.equal(deployment.replicasChange?.operation, 'Update');
    assert.match(deployment.replicasChange?.time ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(deployment.appliedReplicas, 2);
    assert.equal(deployment.revision, '1');

    const service = (await list('Service')).find((s) => s.meta.name === 'api');
    assert.equal(service?.kind, 'Service');
    assert.deepEqual(service.selector, { app: 'ngnix' });
    assert.equal(service.selectorChange?.manager, 'kubectl-patch');
    assert.equal(service.meta.lastChange?.manager, 'kubectl-patch');
  });

  it('the snapshot index follows pod → ReplicaSet → Deployment', async () => {
    await k.ok('scale', 'deployment', 'api', '--replicas=1');
    await waitFor('one api pod', async () => {
      const pods = await list('Pod');
      return (
        pods.filter((p) => p.meta.labels?.app === 'api' && !p.meta.deletionTimestamp).length === 1
      );
    });
    const records = (
      await Promise.all((['Pod', 'ReplicaSet', 'Deployment'] as const).map((kind) => list(kind)))
    ).flat();
    const index = indexSnapshot(toClusterSnapshot(records));
    const pod = index.snapshot.pods.find(
      (p) => p.meta.labels?.app === 'api' && !p.meta.deletionTimestamp,
    );
    assert.ok(pod);
    const chain = index.ownerChain(pod).map((w) => `${w.kind}/${w.meta.name}`);
    assert.equal(chain.length, 2, chain.join(' → '));
    assert.match(chain[0]!, /^ReplicaSet\/api-[a-z0-9]+$/);
    assert.equal(chain[1], 'Deployment/api');
    const rs = index.ownerOf(pod);
    assert.equal(rs?.kind === 'ReplicaSet' ? rs.revision : undefined, '1');
    assert.deepEqual(index.podsOwnedBy(rs!), [pod]);
  });
});
