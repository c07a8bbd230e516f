/**
 * The DaemonSet controller, black box over HTTP with the simulated scheduler and kubelet on: one
 * pod per schedulable Node (bound by the scheduler through the node-name affinity the controller
 * writes), the tolerations every daemon pod gets, nodeSelector and taints, Nodes coming and
 * going, status counts, rolling updates within maxUnavailable (a Node whose old pod is still
 * terminating waits for it, until the pod is gone or, kept by a finalizer, terminal), with
 * maxSurge (the new pod beside the old), and OnDelete.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type Json,
  type TestCluster,
  daemonSet,
  node,
  startTestCluster,
} from '../testing/test-cluster';

const SETS = '/apis/apps/v1/namespaces/default/daemonsets';
const PODS = '/api/v1/namespaces/default/pods';
const SIMULATE = 'switchboard.dev/simulate';

const template = (image: string) => ({
  spec: { template: { spec: { containers: [{ name: 'agent', image }] } } },
});

async function podsOf(c: TestCluster, app: string): Promise<Json[]> {
  const list = await c.get(`${PODS}?labelSelector=app%3D${app}`);
  return (list.items as Json[]).filter((p) => !p.metadata.deletionTimestamp);
}

const nodesOf = (pods: Json[]) => pods.map((p) => p.spec.nodeName).sort();

async function waitStatus(c: TestCluster, name: string, want: Record<string, number | undefined>) {
  return c.until(`daemonset ${name}: ${JSON.stringify(want)}`, async () => {
    const ds = await c.get(`${SETS}/${name}`);
    const status = ds.status ?? {};
    const ok =
      status.observedGeneration === ds.metadata.generation &&
      Object.entries(want).every(([k, v]) => status[k] === v);
    return ok ? ds : undefined;
  });
}

/**
 * Waits until the clock is past the second the pods were created in. Creation timestamps have
 * one-second resolution and ties go by name (upstream's podByCreationTimestampAndPhase), so a pod
 * made in that same second could sort as a Node's oldest: a rollout started after this finds the
 * pods older than anything it makes, as on any real cluster.
 */
async function pastCreationSecond(pods: Json[]): Promise<void> {
  const newest = Math.max(...pods.map((p) => Date.parse(p.metadata.creationTimestamp)));
  const wait = newest + 1000 - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}

async function events(c: TestCluster, name: string, reason: string): Promise<Json[]> {
  const list = (await c.get('/api/v1/namespaces/default/events')).items as Json[];
  return list.filter((e) => e.involvedObject.name === name && e.reason === reason);
}

describe('DaemonSet controller', () => {
  it('one pod per Node, bound there, with the daemon tolerations; status counts them', async (t) => {
    const c = await startTestCluster(t, { kubelet: true, nodes: 3 });
    const ds = await c.post(SETS, daemonSet('agent'));
    const done = await waitStatus(c, 'agent', {
      desiredNumberScheduled: 3,
      currentNumberScheduled: 3,
      numberReady: 3,
      numberAvailable: 3,
      updatedNumberScheduled: 3,
      numberMisscheduled: 0,
      // omitempty in apps/v1: a zero is not written (numberMisscheduled has no omitempty).
      numberUnavailable: undefined,
    });
    const pods = await podsOf(c, 'agent');
    assert.deepEqual(nodesOf(pods), ['node-1', 'node-2', 'node-3']);
    for (const pod of pods) {
      assert.match(pod.metadata.name, /^agent-[a-z0-9]{5}$/);
      assert.equal(pod.metadata.ownerReferences[0].uid, ds.metadata.uid);
      assert.equal(pod.metadata.labels['pod-template-generation'], '1');
      assert.match(pod.metadata.labels['controller-revision-hash'], /^[a-z0-9]+$/);
      assert.deepEqual(
        pod.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution,
        {
          nodeSelectorTerms: [
            {
              matchFields: [{ key: 'metadata.name', operator: 'In', values: [pod.spec.nodeName] }],
            },
          ],
        },
      );
      assert.deepEqual(
        pod.spec.tolerations.map((x: Json) => `${x.key}:${x.effect}`),
        [
          'node.kubernetes.io/not-ready:NoExecute',
          'node.kubernetes.io/unreachable:NoExecute',
          'node.kubernetes.io/disk-pressure:NoSchedule',
          'node.kubernetes.io/memory-pressure:NoSchedule',
          'node.kubernetes.io/pid-pressure:NoSchedule',
          'node.kubernetes.io/unschedulable:NoSchedule',
        ],
      );
    }
    assert.equal(done.status.observedGeneration, 1);
    assert.equal((await events(c, 'agent', 'SuccessfulCreate')).length, 3);
  });

  it('nodeSelector: only matching Nodes; a Node labelled later gets one, unlabelled loses it', async (t) => {
    const c = await startTestCluster(t, { kubelet: true, nodes: 3 });
    await c.patch('/api/v1/nodes/node-1', { metadata: { labels: { role: 'edge' } } });
    await c.post(SETS, daemonSet('edge', {}, { nodeSelector: { role: 'edge' } }));
    await waitStatus(c, 'edge', { desiredNumberScheduled: 1, numberReady: 1 });
    assert.deepEqual(nodesOf(await podsOf(c, 'edge')), ['node-1']);
    await c.patch('/api/v1/nodes/node-3', { metadata: { labels: { role: 'edge' } } });
    await waitStatus(c, 'edge', { desiredNumberScheduled: 2, numberReady: 2 });
    assert.deepEqual(nodesOf(await podsOf(c, 'edge')), ['node-1', 'node-3']);
    await c.patch('/api/v1/nodes/node-1', { metadata: { labels: { role: null } } });
    await waitStatus(c, 'edge', { desiredNumberScheduled: 1, numberMisscheduled: 0 });
    await c.until('node-1 pod gone', async () => {
      const pods = await podsOf(c, 'edge');
      return pods.length === 1 && pods[0].spec.nodeName === 'node-3' ? true : undefined;
    });
  });

  it('a NoSchedule taint keeps it off unless tolerated; a cordoned Node still runs one', async (t) => {
    const c = await startTestCluster(t, { kubelet: false });
    await c.post('/api/v1/nodes', node('node-1', { podCIDR: '10.244.1.0/24' }));
    await c.post(
      '/api/v1/nodes',
      node('node-2', { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] }),
    );
    const cordoned = node('node-3');
    (cordoned.spec as Json).unschedulable = true;
    await c.post('/api/v1/nodes', cordoned);
    await c.post(SETS, daemonSet('plain'));
    await c.post(
      SETS,
      daemonSet(
        'gpu',
        {},
        {
          tolerations: [
            { key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' },
          ],
        },
      ),
    );
    await c.settle();
    const target = (p: Json) =>
      p.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution
        .nodeSelectorTerms[0].matchFields[0].values[0];
    assert.deepEqual((await podsOf(c, 'plain')).map(target).sort(), ['node-1', 'node-3']);
    assert.deepEqual((await podsOf(c, 'gpu')).map(target).sort(), ['node-1', 'node-2', 'node-3']);
    const status = (await c.get(`${SETS}/plain`)).status;
    assert.equal(status.desiredNumberScheduled, 2);
    assert.equal(status.currentNumberScheduled, 2);
    assert.equal(status.numberReady, 0);
    assert.equal(status.numberUnavailable, 2);
  });

  it('a new Node gets a pod; a deleted Node takes its pod with it', async (t) => {
    const c = await startTestCluster(t, { kubelet: true, nodes: 2 });
    await c.post(SETS, daemonSet('agent'));
    await waitStatus(c, 'agent', { desiredNumberScheduled: 2, numberReady: 2 });
    await c.post('/api/v1/nodes', node('node-7', { podCIDR: '10.244.7.0/24' }));
    await waitStatus(c, 'agent', { desiredNumberScheduled: 3, numberReady: 3 });
    assert.deepEqual(nodesOf(await podsOf(c, 'agent')), ['node-1', 'node-2', 'node-7']);
    await c.del('/api/v1/nodes/node-2');
    await waitStatus(c, 'agent', { desiredNumberScheduled: 2, numberReady: 2 });
    await c.until('node-2 pod gone', async () => {
      const pods = await podsOf(c, 'agent');
      return nodesOf(pods).join() === 'node-1,node-7' ? true : undefined;
    });
  });

  it('RollingUpdate: pods replaced one Node at a time (maxUnavailable 1)', async (t) => {
    const c = await startTestCluster(t, { kubelet: true, nodes: 3 });
    await c.post(SETS, daemonSet('agent'));
    const before = await waitStatus(c, 'agent', { numberAvailable: 3 });
    const oldHash = (await podsOf(c, 'agent'))[0].metadata.labels['controller-revision-hash'];
    // Never more than one Node without an available pod while rolling.
    let worst = 0;
    const watcher = setInterval(() => {
      c.get(`${SETS}/agent`).then(
        (ds) => (worst = Math.max(worst, ds.status?.numberUnavailable ?? 0)),
        () => {},
      );
    }, 5);
    t.after(() => clearInterval(watcher));
    await c.patch(`${SETS}/agent`, {
      spec: { template: { spec: { containers: [{ name: 'agent', image: 'agent:2' }] } } },
    });
    await waitStatus(c, 'agent', { updatedNumberScheduled: 3, numberAvailable: 3 });
    clearInterval(watcher);
    assert.ok(worst <= 1, `at most one unavailable, saw ${worst}`);
    const pods = await podsOf(c, 'agent');
    assert.equal(pods.length, 3);
    for (const pod of pods) {
      assert.equal(pod.spec.containers[0].image, 'agent:2');
      assert.notEqual(pod.metadata.labels['controller-revision-hash'], oldHash);
      assert.equal(pod.metadata.labels['pod-template-generation'], '2');
    }
    assert.equal(before.metadata.generation, 1);
    assert.equal((await events(c, 'agent', 'SuccessfulDelete')).length, 3);
  });

  it('RollingUpdate: a Node whose old pod is terminating gets the new pod only once it is gone', async (t) => {
    const c = await startTestCluster(t, { kubelet: true, nodes: 1 });
    // Its container ignores SIGTERM for an hour-long grace period, as a slow preStop would: the
    // old pod stays Terminating and Running.
    await c.post(SETS, daemonSet('agent', {}, { terminationGracePeriodSeconds: 3600 }));
    await waitStatus(c, 'agent', { numberAvailable: 1 });
    const [old] = await podsOf(c, 'agent');
    await c.patch(`${PODS}/${old.metadata.name}`, {
      metadata: { annotations: { [SIMULATE]: 'ignore-sigterm' } },
    });
    await c.patch(`${SETS}/agent`, template('agent:2'));
    await c.until('the old pod terminating', async () => {
      const pod = await c.get(`${PODS}/${old.metadata.name}`);
      return Boolean(pod.metadata.deletionTimestamp);
    });
    await c.settle();
    const all = (await c.get(`${PODS}?labelSelector=app%3Dagent`)).items as Json[];
    assert.deepEqual(
      all.map((p) => [p.metadata.name, p.status.phase]),
      [[old.metadata.name, 'Running']],
      'no new pod beside the terminating one',
    );
    const held = await waitStatus(c, 'agent', { currentNumberScheduled: 1 });
    assert.equal(held.status.updatedNumberScheduled, undefined);

    // Its container finally exits: the pod goes, and the new one comes.
    await c.patch(`${PODS}/${old.metadata.name}`, {
      metadata: { annotations: { [SIMULATE]: null } },
    });
    await waitStatus(c, 'agent', { updatedNumberScheduled: 1, numberAvailable: 1 });
    const [replacement] = await podsOf(c, 'agent');
    assert.equal(replacement.spec.containers[0].image, 'agent:2');
  });

  it('RollingUpdate: an old pod a finalizer keeps no longer holds its Node once terminal', async (t) => {
    const c = await startTestCluster(t, { kubelet: true, nodes: 1 });
    await c.post(SETS, daemonSet('agent'));
    await waitStatus(c, 'agent', { numberAvailable: 1 });
    const [old] = await podsOf(c, 'agent');
    await c.patch(`${PODS}/${old.metadata.name}`, { metadata: { finalizers: ['test/hold'] } });
    await c.patch(`${SETS}/agent`, template('agent:2'));
    // upstream getNodesToDaemonPods leaves out a deleted pod once it is terminal.
    await waitStatus(c, 'agent', { updatedNumberScheduled: 1, numberAvailable: 1 });
    const kept = await c.get(`${PODS}/${old.metadata.name}`);
    assert.ok(kept.metadata.deletionTimestamp, 'the finalizer still keeps the old pod');
    assert.equal(kept.status.phase, 'Succeeded');
    const [replacement] = await podsOf(c, 'agent');
    assert.equal(replacement.spec.nodeName, old.spec.nodeName);
    assert.equal(replacement.spec.containers[0].image, 'agent:2');
    await c.patch(`${PODS}/${old.metadata.name}`, { metadata: { finalizers: null } });
  });

  it('RollingUpdate with maxSurge: the new pod runs beside the old until available, then the old goes', async (t) => {
    const c = await startTestCluster(t, { kubelet: true, nodes: 2 });
    await c.post(
      SETS,
      daemonSet('agent', {
        updateStrategy: {
          type: 'RollingUpdate',
          rollingUpdate: { maxUnavailable: 0, maxSurge: 1 },
        },
      }),
    );
    await waitStatus(c, 'agent', { numberAvailable: 2 });
    await pastCreationSecond(await podsOf(c, 'agent'));
    // The simulated kubelet never readies an image named *never-ready*: the surge holds there.
    await c.patch(`${SETS}/agent`, template('agent:2-never-ready'));
    await c.until('one surge pod', async () => (await podsOf(c, 'agent')).length === 3);
    await c.settle();
    const surged = await podsOf(c, 'agent');
    assert.equal(surged.length, 3, 'maxSurge 1: one extra pod at a time');
    assert.equal(surged.filter((p) => p.spec.containers[0].image === 'agent:1').length, 2);
    const held = await waitStatus(c, 'agent', { numberAvailable: 2 });
    assert.equal(held.status.updatedNumberScheduled, undefined, 'each Node counts its oldest pod');

    await c.patch(`${SETS}/agent`, template('agent:3'));
    await waitStatus(c, 'agent', { updatedNumberScheduled: 2, numberAvailable: 2 });
    await c.until('the old pods gone', async () => (await podsOf(c, 'agent')).length === 2);
    const done = await podsOf(c, 'agent');
    assert.deepEqual(nodesOf(done), ['node-1', 'node-2']);
    assert.ok(done.every((p) => p.spec.containers[0].image === 'agent:3'));
  });

  it('OnDelete: a new template waits until a pod is deleted', async (t) => {
    const c = await startTestCluster(t, { kubelet: true, nodes: 2 });
    await c.post(SETS, daemonSet('agent', { updateStrategy: { type: 'OnDelete' } }));
    await waitStatus(c, 'agent', { numberAvailable: 2 });
    await c.patch(`${SETS}/agent`, {
      spec: { template: { spec: { containers: [{ name: 'agent', image: 'agent:2' }] } } },
    });
    await waitStatus(c, 'agent', { updatedNumberScheduled: undefined, numberAvailable: 2 });
    const [first] = await podsOf(c, 'agent');
    await c.del(`${PODS}/${first.metadata.name}`);
    await waitStatus(c, 'agent', { updatedNumberScheduled: 1, numberAvailable: 2 });
  });
});
