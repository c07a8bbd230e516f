/**
 * The simulated scheduler + kubelet, black box over HTTP: scheduling onto Ready Nodes, IPs from
 * each Node's podCIDR, readiness after the delay, the status a kubelet posts, graceful
 * termination, the `switchboard.dev/simulate` annotation (ready=false, crashloop,
 * image-pull-error) and recovery, unschedulable pods, pods for another scheduler or a missing
 * Node, and `kubelet: false` inertness. Timed behaviour is awaited by polling, never timed.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Json, type TestCluster, node, startTestCluster } from '../testing/test-cluster';
import { parseCIDR } from './ip-allocator';
import { simulateMode } from './kubelet';

const PODS = '/api/v1/namespaces/default/pods';

function pod(
  name: string,
  extra: {
    annotations?: Record<string, string>;
    spec?: Record<string, unknown>;
    image?: string;
  } = {},
) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      labels: { app: 'x' },
      ...(extra.annotations ? { annotations: extra.annotations } : {}),
    },
    spec: {
      containers: [{ name: 'app', image: extra.image ?? 'nginx:1.25' }],
      ...(extra.spec ?? {}),
    },
  };
}

const condition = (p: Json, type: string) =>
  p.status?.conditions?.find((x: Json) => x.type === type);

async function waitPod(
  c: TestCluster,
  name: string,
  what: string,
  test: (p: Json) => boolean,
): Promise<Json> {
  return c.until(`${name}: ${what}`, async () => {
    const p = await c.get(`${PODS}/${name}`);
    return test(p) ? p : undefined;
  });
}

const isReady = (p: Json) => condition(p, 'Ready')?.status === 'True';

async function events(c: TestCluster, name: string): Promise<Json[]> {
  return ((await c.get('/api/v1/namespaces/default/events')).items as Json[]).filter(
    (e) => e.involvedObject.name === name,
  );
}

function inCIDR(ip: string, cidr: string): boolean {
  const toInt = (s: string) => s.split('.').reduce((n, p) => n * 256 + Number(p), 0);
  const parsed = parseCIDR(cidr);
  return !!parsed && toInt(ip) >= parsed.base && toInt(ip) < parsed.base + parsed.size;
}

describe('simulated kubelet and scheduler', () => {
  it('schedules onto Ready Nodes, assigns IPs from the Node podCIDR, turns Ready after the delay', async (t) => {
    const c = await startTestCluster(t, { kubelet: true, nodes: 2 });
    for (let i = 0; i < 6; i++) await c.post(PODS, pod(`p${i}`));
    const ready = [];
    for (let i = 0; i < 6; i++) ready.push(await waitPod(c, `p${i}`, 'ready', isReady));
    const byNode = new Map<string, number>();
    const ips = new Set<string>();
    for (const p of ready) {
      const nodeName = p.spec.nodeName;
      byNode.set(nodeName, (byNode.get(nodeName) ?? 0) + 1);
      const index = nodeName.replace('node-', '');
      assert.ok(
        inCIDR(p.status.podIP, `10.244.${index}.0/24`),
        `${p.status.podIP} in ${nodeName}'s CIDR`,
      );
      assert.notEqual(p.status.podIP.split('.')[3], '1', 'host-local starts at .2');
      ips.add(p.status.podIP);
      assert.deepEqual(p.status.podIPs, [{ ip: p.status.podIP }]);
      assert.equal(p.status.phase, 'Running');
      assert.equal(p.status.hostIP, `172.18.0.${index}`);
      for (const type of [
        'PodReadyToStartContainers',
        'Initialized',
        'Ready',
        'ContainersReady',
        'PodScheduled',
      ]) {
        assert.equal(condition(p, type)?.status, 'True', type);
        assert.ok(condition(p, type).lastTransitionTime, `${type} lastTransitionTime`);
      }
      const [cs] = p.status.containerStatuses;
      assert.equal(cs.name, 'app');
      assert.equal(cs.ready, true);
      assert.equal(cs.started, true);
      assert.equal(cs.restartCount, 0);
      assert.equal(cs.image, 'nginx:1.25');
      assert.match(cs.imageID, /^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
      assert.match(cs.containerID, /^containerd:\/\/[0-9a-f]{64}$/);
      assert.ok(cs.state.running.startedAt);
    }
    assert.equal(ips.size, 6, 'no two pods share an IP');
    assert.deepEqual([...byNode.values()].sort(), [3, 3], 'least-loaded spreads pods evenly');
    const reasons = (await events(c, 'p0')).map((e) => e.reason);
    for (const reason of ['Scheduled', 'Pulled', 'Created', 'Started'])
      assert.ok(reasons.includes(reason), reason);
    const scheduled = (await events(c, 'p0')).find((e) => e.reason === 'Scheduled');
    assert.match(scheduled.message, /^Successfully assigned default\/p0 to node-[12]$/);
    assert.equal(scheduled.source.component, 'default-scheduler');
  });

  it('an IP is reused only after its pod is gone', async (t) => {
    const c = await startTestCluster(t, { kubelet: true, nodes: 1 });
    await c.post(PODS, pod('a'));
    const a = await waitPod(c, 'a', 'ready', isReady);
    await c.del(`${PODS}/a?gracePeriodSeconds=0`);
    await c.post(PODS, pod('b'));
    await c.post(PODS, pod('c'));
    const b = await waitPod(c, 'b', 'ready', isReady);
    const cc = await waitPod(c, 'c', 'ready', isReady);
    assert.notEqual(b.status.podIP, cc.status.podIP);
    assert.ok(
      [b.status.podIP, cc.status.podIP].includes(a.status.podIP),
      'the freed IP was handed out again',
    );
  });

  it('an exhausted pod CIDR: FailedCreatePodSandBox, no IP until one is freed', async (t) => {
    const c = await startTestCluster(t, { kubelet: true });
    // A /30 leaves exactly one host-local address (.2).
    await c.post('/api/v1/nodes', node('node-1', { podCIDR: '10.50.0.0/30' }));
    await c.post(PODS, pod('a'));
    const a = await waitPod(c, 'a', 'ready', isReady);
    assert.equal(a.status.podIP, '10.50.0.2');
    await c.post(PODS, pod('b'));
    await c.until('sandbox failure', async () =>
      (await events(c, 'b')).some(
        (e) => e.reason === 'FailedCreatePodSandBox' && e.type === 'Warning',
      ),
    );
    const b = await c.get(`${PODS}/b`);
    assert.equal(b.spec.nodeName, 'node-1');
    assert.equal(b.status.podIP, undefined);
    await c.del(`${PODS}/a?gracePeriodSeconds=0`);
    const ready = await waitPod(c, 'b', 'ready with the freed IP', isReady);
    assert.equal(ready.status.podIP, '10.50.0.2');
  });

  it('graceful termination: Killing, not ready at once, then deleted with grace 0', async (t) => {
    const c = await startTestCluster(t, { kubelet: true, nodes: 1, shutdownDelayMs: 400 });
    await c.post(PODS, pod('a'));
    await waitPod(c, 'a', 'ready', isReady);
    await c.del(`${PODS}/a`);
    const terminating = await waitPod(
      c,
      'a',
      'terminating and not ready',
      (p) => !!p.metadata.deletionTimestamp && !isReady(p),
    );
    assert.equal(condition(terminating, 'ContainersReady').status, 'False');
    assert.ok(
      (await events(c, 'a')).some(
        (e) => e.reason === 'Killing' && e.message === 'Stopping container app',
      ),
    );
    await c.until('pod gone', async () => {
      try {
        await c.get(`${PODS}/a`);
        return false;
      } catch (error) {
        return (error as { code?: number }).code === 404;
      }
    });
  });

  it('switchboard.dev/simulate: ready=false fails readiness (Unhealthy); removing it recovers', async (t) => {
    const c = await startTestCluster(t, { kubelet: true, nodes: 1 });
    await c.post(PODS, pod('a', { annotations: { 'switchboard.dev/simulate': 'ready=false' } }));
    const p = await waitPod(
      c,
      'a',
      'running, not ready',
      (x) => x.status?.phase === 'Running' && !!x.status.containerStatuses?.[0]?.started,
    );
    await c.until('Unhealthy event', async () =>
      (await events(c, 'a')).some((e) => e.reason === 'Unhealthy'),
    );
    const current = await c.get(`${PODS}/a`);
    assert.equal(condition(current, 'Ready').status, 'False');
    assert.equal(condition(current, 'Ready').reason, 'ContainersNotReady');
    assert.equal(condition(current, 'Ready').message, 'containers with unready status: [app]');
    assert.equal(condition(current, 'ContainersReady').status, 'False');
    assert.equal(current.status.containerStatuses[0].ready, false);
    assert.ok(p.status.podIP);
    const unhealthy = (await events(c, 'a')).find((e) => e.reason === 'Unhealthy');
    assert.equal(unhealthy.type, 'Warning');
    assert.equal(unhealthy.source.component, 'kubelet');
    await c.send(
      'PATCH',
      `${PODS}/a`,
      [{ op: 'remove', path: '/metadata/annotations/switchboard.dev~1simulate' }],
      'application/json-patch+json',
    );
    await waitPod(c, 'a', 'ready again', isReady);
  });

  it('switchboard.dev/simulate: crashloop → CrashLoopBackOff, restartCount grows, BackOff events; removal recovers', async (t) => {
    const c = await startTestCluster(t, { kubelet: true, nodes: 1 });
    await c.post(PODS, pod('a', { annotations: { 'switchboard.dev/simulate': 'crashloop' } }));
    const p = await waitPod(c, 'a', 'crash-looping', (x) => {
      const cs = x.status?.containerStatuses?.[0];
      return cs?.state?.waiting?.reason === 'CrashLoopBackOff' && cs.restartCount >= 1;
    });
    const cs = p.status.containerStatuses[0];
    assert.equal(p.status.phase, 'Running');
    assert.equal(cs.ready, false);
    assert.equal(cs.lastState.terminated.exitCode, 1);
    assert.equal(cs.lastState.terminated.reason, 'Error');
    assert.match(
      cs.state.waiting.message,
      /^back-off \d+s restarting failed container=app pod=a_default\(/,
    );
    assert.ok(
      (await events(c, 'a')).some(
        (e) =>
          e.reason === 'BackOff' &&
          e.message.startsWith('Back-off restarting failed container app in pod a_default('),
      ),
    );
    await c.patch(`${PODS}/a`, { metadata: { annotations: { 'switchboard.dev/simulate': null } } });
    const recovered = await waitPod(c, 'a', 'ready after recovery', isReady);
    assert.ok(recovered.status.containerStatuses[0].restartCount > cs.restartCount - 1);
  });

  it('switchboard.dev/simulate: image-pull-error → Pending with ErrImagePull/ImagePullBackOff; removal starts it', async (t) => {
    const c = await startTestCluster(t, { kubelet: true, nodes: 1 });
    await c.post(
      PODS,
      pod('a', { annotations: { 'switchboard.dev/simulate': 'image-pull-error' } }),
    );
    const p = await waitPod(
      c,
      'a',
      'image pull back-off',
      (x) => x.status?.containerStatuses?.[0]?.state?.waiting?.reason === 'ImagePullBackOff',
    );
    assert.equal(p.status.phase, 'Pending');
    assert.ok(p.status.podIP, 'the sandbox (and its IP) exists');
    const reasons = (await events(c, 'a')).map((e) => `${e.reason}: ${e.message}`);
    assert.ok(reasons.includes('Failed: Error: ErrImagePull'));
    assert.ok(reasons.some((r) => r.startsWith('Failed: Failed to pull image "nginx:1.25": ')));
    assert.ok(reasons.includes('BackOff: Back-off pulling image "nginx:1.25"'));
    await c.patch(`${PODS}/a`, { metadata: { annotations: { 'switchboard.dev/simulate': null } } });
    await waitPod(c, 'a', 'running and ready', (x) => x.status.phase === 'Running' && isReady(x));
  });

  it('an image named *never-ready* never passes readiness', async (t) => {
    const c = await startTestCluster(t, { kubelet: true, nodes: 1 });
    await c.post(PODS, pod('a', { image: 'example.com/app:never-ready' }));
    await c.until('Unhealthy', async () =>
      (await events(c, 'a')).some((e) => e.reason === 'Unhealthy'),
    );
    assert.equal(isReady(await c.get(`${PODS}/a`)), false);
  });

  it('a nodeSelector no Node satisfies: Pending, PodScheduled=False Unschedulable, FailedScheduling; scheduled once a Node fits', async (t) => {
    const c = await startTestCluster(t, { kubelet: true, nodes: 2 });
    await c.post(PODS, pod('a', { spec: { nodeSelector: { disk: 'ssd' } } }));
    const p = await waitPod(
      c,
      'a',
      'unschedulable',
      (x) => condition(x, 'PodScheduled')?.status === 'False',
    );
    const expected =
      "0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.";
    assert.equal(p.status.phase, 'Pending');
    assert.equal(condition(p, 'PodScheduled').reason, 'Unschedulable');
    assert.equal(condition(p, 'PodScheduled').message, expected);
    const failed = (await events(c, 'a')).find((e) => e.reason === 'FailedScheduling');
    assert.equal(failed.type, 'Warning');
    assert.equal(failed.message, expected);
    await c.post(
      '/api/v1/nodes',
      node('node-3', { labels: { disk: 'ssd' }, podCIDR: '10.244.3.0/24' }),
    );
    const scheduled = await waitPod(c, 'a', 'ready on node-3', isReady);
    assert.equal(scheduled.spec.nodeName, 'node-3');
  });

  it('taints, unschedulable and not-ready Nodes are avoided, with upstream reasons', async (t) => {
    const c = await startTestCluster(t, { kubelet: true });
    await c.post(
      '/api/v1/nodes',
      node('node-1', {
        taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }],
      }),
    );
    await c.post('/api/v1/nodes', node('node-2', { ready: false }));
    await c.post('/api/v1/nodes', { ...node('node-3'), spec: { unschedulable: true } });
    await c.post(PODS, pod('a'));
    const p = await waitPod(
      c,
      'a',
      'unschedulable',
      (x) => condition(x, 'PodScheduled')?.status === 'False',
    );
    assert.equal(
      condition(p, 'PodScheduled').message,
      '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }, 1 node(s) were unschedulable. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    );
    // A toleration makes node-1 feasible.
    await c.post(
      PODS,
      pod('b', {
        spec: {
          tolerations: [
            {
              key: 'node-role.kubernetes.io/control-plane',
              operator: 'Exists',
              effect: 'NoSchedule',
            },
          ],
        },
      }),
    );
    const b = await waitPod(c, 'b', 'ready', isReady);
    assert.equal(b.spec.nodeName, 'node-1');
  });

  it('pods for another scheduler, or bound to a missing Node, stay Pending untouched', async (t) => {
    const c = await startTestCluster(t, { kubelet: true, nodes: 1 });
    await c.post(PODS, pod('other', { spec: { schedulerName: 'my-scheduler' } }));
    await c.post(PODS, pod('lost', { spec: { nodeName: 'node-404' } }));
    await c.post(PODS, pod('ok'));
    await waitPod(c, 'ok', 'ready', isReady);
    await c.settle();
    const other = await c.get(`${PODS}/other`);
    assert.equal(other.spec.nodeName, undefined);
    assert.equal(condition(other, 'PodScheduled'), undefined);
    const lost = await c.get(`${PODS}/lost`);
    assert.equal(lost.status?.podIP, undefined);
    assert.notEqual(lost.status?.phase, 'Running');
  });

  it('a Node registered without status gets the Ready condition a kubelet posts', async (t) => {
    const c = await startTestCluster(t, { kubelet: true });
    await c.post('/api/v1/nodes', {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'bare' },
      spec: { podCIDR: '10.9.0.0/24' },
    });
    const n = await c.until('node ready', async () => {
      const got = await c.get('/api/v1/nodes/bare');
      return got.status?.conditions?.find((x: Json) => x.type === 'Ready')?.status === 'True'
        ? got
        : undefined;
    });
    assert.equal(n.status.allocatable.pods, '110');
    await c.post(PODS, pod('a'));
    const p = await waitPod(c, 'a', 'ready', isReady);
    assert.ok(inCIDR(p.status.podIP, '10.9.0.0/24'));
  });

  it('kubelet: false — nothing schedules, starts or finishes pods; status written through /status stays as written', async (t) => {
    const c = await startTestCluster(t, { kubelet: false, nodes: 1 });
    await c.post(PODS, pod('a'));
    const bound = await c.post(PODS, pod('b', { spec: { nodeName: 'node-1' } }));
    await c.settle();
    await new Promise((resolve) => setTimeout(resolve, 150)); // longer than every kubelet delay
    await c.settle();
    const a = await c.get(`${PODS}/a`);
    assert.equal(a.spec.nodeName, undefined);
    assert.equal(a.status?.podIP, undefined);
    const written = await c.put(`${PODS}/b/status`, {
      ...bound,
      status: {
        phase: 'Running',
        podIP: '10.244.1.77',
        podIPs: [{ ip: '10.244.1.77' }],
        conditions: [{ type: 'Ready', status: 'False' }],
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 150));
    await c.settle();
    const b = await c.get(`${PODS}/b`);
    assert.equal(b.metadata.resourceVersion, written.metadata.resourceVersion);
    // A graceful delete is not finished by anyone.
    await c.del(`${PODS}/b`);
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.ok((await c.get(`${PODS}/b`)).metadata.deletionTimestamp);
  });

  it('settled pods written by a scenario (node, IP, running) are adopted without a rewrite', async (t) => {
    const c = await startTestCluster(t, { kubelet: true });
    // The Node is not Ready while the "scenario" writes the pod, so the kubelet leaves it alone.
    await c.post('/api/v1/nodes', node('node-1', { ready: false, podCIDR: '10.244.1.0/24' }));
    const created = await c.post(PODS, pod('settled', { spec: { nodeName: 'node-1' } }));
    const startedAt = '2025-01-01T00:00:00Z';
    const written = await c.put(`${PODS}/settled/status`, {
      ...created,
      status: {
        phase: 'Running',
        conditions: [
          { type: 'PodReadyToStartContainers', status: 'True', lastTransitionTime: startedAt },
          { type: 'Initialized', status: 'True', lastTransitionTime: startedAt },
          { type: 'Ready', status: 'True', lastTransitionTime: startedAt },
          { type: 'ContainersReady', status: 'True', lastTransitionTime: startedAt },
          { type: 'PodScheduled', status: 'True', lastTransitionTime: startedAt },
        ],
        hostIP: '172.18.0.1',
        hostIPs: [{ ip: '172.18.0.1' }],
        podIP: '10.244.1.2',
        podIPs: [{ ip: '10.244.1.2' }],
        startTime: startedAt,
        qosClass: 'BestEffort',
        containerStatuses: [
          {
            name: 'app',
            ready: true,
            started: true,
            restartCount: 0,
            image: 'nginx:1.25',
            imageID: '',
            containerID: 'containerd://abc',
            state: { running: { startedAt } },
          },
        ],
      },
    });
    const n = await c.get('/api/v1/nodes/node-1');
    n.status.conditions[0].status = 'True';
    await c.put('/api/v1/nodes/node-1/status', n);
    await c.post(PODS, pod('new'));
    const fresh = await waitPod(c, 'new', 'ready', isReady);
    await c.settle();
    assert.equal(
      (await c.get(`${PODS}/settled`)).metadata.resourceVersion,
      written.metadata.resourceVersion,
    );
    // Its IP counts as used: the new pod on the node gets another one.
    assert.equal(fresh.spec.nodeName, 'node-1');
    assert.equal(fresh.status.podIP, '10.244.1.3');
  });
});

describe('simulateMode', () => {
  const p = (annotations?: Record<string, string>, image = 'nginx') => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', ...(annotations ? { annotations } : {}) },
    spec: { containers: [{ name: 'c', image }] },
  });
  it('reads the annotation first, then the image-name convention', () => {
    assert.equal(simulateMode(p()), 'normal');
    assert.equal(simulateMode(p({ 'switchboard.dev/simulate': 'ready=false' })), 'never-ready');
    assert.equal(simulateMode(p({ 'switchboard.dev/simulate': 'crashloop' })), 'crashloop');
    assert.equal(
      simulateMode(p({ 'switchboard.dev/simulate': 'image-pull-error' })),
      'image-pull-error',
    );
    assert.equal(
      simulateMode(p({ 'switchboard.dev/simulate': 'ignore-sigterm' })),
      'ignore-sigterm',
    );
    assert.equal(simulateMode(p(undefined, 'acme/app:never-ready')), 'never-ready');
    assert.equal(simulateMode(p(undefined, 'acme/app:ignore-sigterm')), 'ignore-sigterm');
    assert.equal(
      simulateMode(p({ 'switchboard.dev/simulate': 'crashloop' }, 'acme/never-ready')),
      'crashloop',
    );
  });
});
