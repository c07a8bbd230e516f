/**
 * The simulated kubelet's end of a deleted pod (termination.ts, the terminal status of
 * pod-status.ts), black box over HTTP: a finalizer keeps the pod in the API, so the status the
 * kubelet posts before its final delete can be read — Succeeded for containers that exit 0 on
 * SIGTERM, Failed for one killed at the end of its grace period (`ignore-sigterm`) or one that
 * never ran — and the pod goes once the finalizer does. How long `ignore-sigterm` holds a pod is
 * read against a plain pod deleted at the same moment, never against the clock.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Json, type TestCluster, startTestCluster } from '../testing/test-cluster';

const PODS = '/api/v1/namespaces/default/pods';
const HOLD = 'switchboard.test/hold';
const SIMULATE = 'switchboard.dev/simulate';

function heldPod(name: string, annotations?: Record<string, string>) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, finalizers: [HOLD], ...(annotations ? { annotations } : {}) },
    spec: {
      terminationGracePeriodSeconds: 3600,
      containers: [{ name: 'app', image: 'nginx:1.25' }],
    },
  };
}

const condition = (p: Json, type: string) =>
  p.status?.conditions?.find((x: Json) => x.type === type);
const isReady = (p: Json) => condition(p, 'Ready')?.status === 'True';
const isTerminal = (p: Json) => ['Succeeded', 'Failed'].includes(p.status?.phase);

async function waitPod(c: TestCluster, name: string, what: string, test: (p: Json) => boolean) {
  return c.until<Json>(`${name}: ${what}`, async () => {
    const p = await c.get(`${PODS}/${name}`);
    return test(p) ? p : undefined;
  });
}

async function gone(c: TestCluster, name: string): Promise<void> {
  await c.until(`${name} gone`, async () => {
    try {
      await c.get(`${PODS}/${name}`);
      return false;
    } catch (error) {
      return (error as { code?: number }).code === 404;
    }
  });
}

const release = (c: TestCluster, name: string) =>
  c.patch(`${PODS}/${name}`, { metadata: { finalizers: null } });

/** Ready and ContainersReady as upstream's generate.go writes them for a terminal pod. */
function assertTerminalConditions(p: Json, reason: string): void {
  for (const type of ['Ready', 'ContainersReady']) {
    assert.equal(condition(p, type)?.status, 'False', type);
    assert.equal(condition(p, type)?.reason, reason, `${type} reason`);
    assert.equal(condition(p, type)?.message, undefined, `${type} message`);
  }
  assert.equal(condition(p, 'PodReadyToStartContainers')?.status, 'False', 'sandbox gone');
  assert.equal(condition(p, 'Initialized')?.status, 'True');
}

describe('simulated kubelet: a deleted pod turns terminal before its final delete', () => {
  it('containers that exit 0 on SIGTERM: Succeeded, Completed, PodCompleted; the finalizer keeps it until removed', async (t) => {
    const c = await startTestCluster(t, { kubelet: true, nodes: 1 });
    await c.post(PODS, heldPod('a'));
    const running = await waitPod(c, 'a', 'ready', isReady);
    await c.del(`${PODS}/a`);
    const p = await waitPod(c, 'a', 'terminal', isTerminal);
    assert.equal(p.status.phase, 'Succeeded');
    assert.ok(p.metadata.deletionTimestamp, 'still Terminating');
    assert.equal(p.metadata.deletionGracePeriodSeconds, 0, 'the kubelet deleted it with grace 0');
    assertTerminalConditions(p, 'PodCompleted');
    assert.equal(condition(p, 'Initialized')?.reason, 'PodCompleted');
    const [cs] = p.status.containerStatuses;
    assert.equal(cs.ready, false);
    assert.equal(cs.started, false);
    assert.equal(cs.state.running, undefined);
    assert.equal(cs.state.terminated.exitCode, 0);
    assert.equal(cs.state.terminated.reason, 'Completed');
    assert.equal(
      cs.state.terminated.startedAt,
      running.status.containerStatuses[0].state.running.startedAt,
    );
    assert.ok(cs.state.terminated.finishedAt);
    assert.equal(cs.state.terminated.containerID, cs.containerID);
    await release(c, 'a');
    await gone(c, 'a');
  });

  it('ignore-sigterm: Running and Terminating through the grace period, then killed: 137, Error, Failed, PodFailed', async (t) => {
    const c = await startTestCluster(t, { kubelet: true, nodes: 1 });
    await c.post(PODS, heldPod('slow', { [SIMULATE]: 'ignore-sigterm' }));
    await c.post(PODS, heldPod('plain'));
    await waitPod(c, 'slow', 'ready', isReady);
    await waitPod(c, 'plain', 'ready', isReady);
    await c.del(`${PODS}/slow`);
    await c.del(`${PODS}/plain`);
    await waitPod(c, 'plain', 'terminal', isTerminal);
    const held = await waitPod(c, 'slow', 'not ready', (p) => !isReady(p));
    assert.equal(held.status.phase, 'Running', 'past the time a plain container takes to stop');
    assert.ok(held.status.containerStatuses[0].state.running, 'its container still runs');
    assert.equal(condition(held, 'Ready').reason, 'ContainersNotReady');

    // A shorter grace period on a second delete ends it: SIGKILL.
    await c.del(`${PODS}/slow?gracePeriodSeconds=1`);
    const killed = await waitPod(c, 'slow', 'terminal', isTerminal);
    assert.equal(killed.status.phase, 'Failed');
    assertTerminalConditions(killed, 'PodFailed');
    assert.equal(condition(killed, 'Initialized')?.reason, undefined);
    const terminated = killed.status.containerStatuses[0].state.terminated;
    assert.equal(terminated.exitCode, 137);
    assert.equal(terminated.reason, 'Error');
    await release(c, 'slow');
    await release(c, 'plain');
    await gone(c, 'slow');
  });

  it('ignore-sigterm removed while terminating: the container exits 0 at once and the pod goes', async (t) => {
    const c = await startTestCluster(t, { kubelet: true, nodes: 1 });
    const pod = heldPod('slow', { [SIMULATE]: 'ignore-sigterm' });
    pod.metadata.finalizers = [];
    await c.post(PODS, pod);
    await waitPod(c, 'slow', 'ready', isReady);
    await c.del(`${PODS}/slow`);
    await waitPod(c, 'slow', 'terminating', (p) => !!p.metadata.deletionTimestamp && !isReady(p));
    await c.patch(`${PODS}/slow`, { metadata: { annotations: { [SIMULATE]: null } } });
    await gone(c, 'slow');
  });

  it('a container that never ran: ContainerStatusUnknown, 137, Failed', async (t) => {
    const c = await startTestCluster(t, { kubelet: true, nodes: 1 });
    await c.post(PODS, heldPod('a', { [SIMULATE]: 'image-pull-error' }));
    await waitPod(
      c,
      'a',
      'image pull failing',
      (p) => !!p.status?.containerStatuses?.[0]?.state?.waiting?.reason?.match(/ImagePull/),
    );
    await c.del(`${PODS}/a`);
    const p = await waitPod(c, 'a', 'terminal', isTerminal);
    assert.equal(p.status.phase, 'Failed');
    assertTerminalConditions(p, 'PodFailed');
    const [cs] = p.status.containerStatuses;
    assert.deepEqual(cs.state, {
      terminated: {
        exitCode: 137,
        reason: 'ContainerStatusUnknown',
        message: 'The container could not be located when the pod was terminated',
        startedAt: null,
        finishedAt: null,
      },
    });
    assert.equal(cs.containerID, undefined, 'never created');
    await release(c, 'a');
    await gone(c, 'a');
  });
});
