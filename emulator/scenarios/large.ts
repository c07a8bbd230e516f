/**
 * The `large:N` scenario: a generated cluster of about N pods (1 ≤ N ≤ 150,000, the Kubernetes
 * scalability threshold), as large-plan.ts plans it: ≤ 30 pods per worker Node, one /24 pod CIDR
 * per node in 10.128.0.0/9.
 *
 * Pods are written already scheduled, Running and Ready with their IPs — what the cluster looks
 * like after it has settled — so loading is one create per pod (plus a /status write when the
 * store drops status on create, as upstream does); the simulated kubelet leaves pods that already
 * have a node and an IP alone. They are bare pods (no Deployment/ReplicaSet owners) so that no
 * controller rewrites them. Services are created after their pods, so the endpoints and
 * EndpointSlice controllers sync each Service once with all its pods present.
 *
 * Everything is deterministic for a given N and seed.
 */
import type { ClusterStore, KubeObject } from '../core/types';
import { ZONES, createNode, nodeObject } from './base';
import { NOT_READY, SIMULATE_ANNOTATION } from './demo';
import { createObject, emptySummary, randomSuffix, seededRandom } from './helpers';
import { type ServicePlan, planLarge, typo } from './large-plan';
import type { ScenarioSummary } from './types';

interface WorkerNode {
  name: string;
  internalIP: string;
  /** First three octets of its /24 pod CIDR. */
  prefix: string;
  used: number;
}

function workerNode(i: number): WorkerNode {
  const host = i + 1;
  return {
    name: `worker-${String(host).padStart(5, '0')}`,
    internalIP: `172.20.${host >> 8}.${host & 255}`,
    prefix: `10.${128 + (i >> 8)}.${i & 255}`,
    used: 0,
  };
}

const POD_SUFFIX_SPACE = 27 ** 5;

/** Unique per index below 27^5: a bijective scramble written in the generateName alphabet. */
function podSuffix(index: number): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let value = (index * 7_919 + 12_345) % POD_SUFFIX_SPACE;
  let out = '';
  for (let i = 0; i < 5; i++) {
    out += alphabet[value % 27];
    value = Math.floor(value / 27);
  }
  return out;
}

function podObject(
  plan: ServicePlan,
  index: number,
  templateHash: string,
  node: WorkerNode,
  containerId: string,
  startedAt: string,
): KubeObject {
  const ready =
    plan.flavour !== 'never-ready' && !(plan.notReadyEvery > 0 && index % plan.notReadyEvery === 0);
  const readyStatus = ready ? 'True' : 'False';
  const ip = `${node.prefix}.${2 + node.used++}`;
  const image = `registry.example.com/${plan.namespace}/${plan.name}:1.${index % 7}.0`;
  const notReadyReason = ready
    ? {}
    : { reason: 'ContainersNotReady', message: 'containers with unready status: [app]' };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${plan.name}-${templateHash}-${podSuffix(index)}`,
      namespace: plan.namespace,
      labels: { app: plan.name, 'pod-template-hash': templateHash },
      ...(ready ? {} : { annotations: { [SIMULATE_ANNOTATION]: NOT_READY } }),
    },
    spec: {
      containers: [
        {
          name: 'app',
          image,
          ports: [
            { name: 'http', containerPort: 8080, protocol: 'TCP' },
            { name: 'metrics', containerPort: 9090, protocol: 'TCP' },
          ],
          resources: { requests: { cpu: '100m', memory: '128Mi' } },
        },
      ],
      nodeName: node.name,
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      schedulerName: 'default-scheduler',
      serviceAccountName: 'default',
    },
    status: {
      phase: 'Running',
      conditions: [
        { type: 'PodReadyToStartContainers', status: 'True', lastTransitionTime: startedAt },
        { type: 'Initialized', status: 'True', lastTransitionTime: startedAt },
        { type: 'Ready', status: readyStatus, lastTransitionTime: startedAt, ...notReadyReason },
        {
          type: 'ContainersReady',
          status: readyStatus,
          lastTransitionTime: startedAt,
          ...notReadyReason,
        },
        { type: 'PodScheduled', status: 'True', lastTransitionTime: startedAt },
      ],
      hostIP: node.internalIP,
      hostIPs: [{ ip: node.internalIP }],
      podIP: ip,
      podIPs: [{ ip }],
      startTime: startedAt,
      qosClass: 'Burstable',
      containerStatuses: [
        {
          name: 'app',
          ready,
          started: true,
          restartCount: 0,
          image,
          imageID: '',
          containerID: `containerd://${containerId}`,
          state: { running: { startedAt } },
        },
      ],
    },
  };
}

/**
 * Creates a pod that is already running. If the store's create dropped the status (upstream's
 * pod strategy resets it), it is written through /status the way a kubelet posts it.
 */
function createRunningPod(store: ClusterStore, pod: KubeObject): void {
  const created = store.create('pods', pod);
  const status = created.status as { podIP?: string } | undefined;
  if (status?.podIP) return;
  // The store clones what it is given, so a shallow copy of the frozen object is enough.
  store.updateStatus('pods', { ...created, status: pod.status });
}

function serviceObject(plan: ServicePlan): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: plan.name, namespace: plan.namespace, labels: { app: plan.name } },
    spec: {
      selector: { app: plan.flavour === 'selector-typo' ? typo(plan.name) : plan.name },
      ports: [
        {
          name: 'http',
          port: 80,
          protocol: 'TCP',
          targetPort: plan.flavour === 'undeclared-port' ? 'http-api' : 'http',
        },
        { name: 'metrics', port: 9090, protocol: 'TCP', targetPort: 'metrics' },
      ],
    },
  };
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function loadLarge(
  store: ClusterStore,
  n: number,
  options: { minorVersion: number; seed?: number },
): Promise<ScenarioSummary> {
  const plan = planLarge(n);
  const random = seededRandom(options.seed ?? 1);
  const summary = emptySummary();
  let sinceYield = 0;
  const step = async () => {
    // Lets timers, controllers' queues and GC run between batches of synchronous creates.
    if (++sinceYield >= 2_000) {
      sinceYield = 0;
      await yieldToEventLoop();
    }
  };

  for (const name of plan.namespaces) {
    createObject(store, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    summary.namespaces++;
    await step();
  }

  const nodes: WorkerNode[] = [];
  for (let i = 0; i < plan.nodes; i++) {
    const node = workerNode(i);
    nodes.push(node);
    createNode(
      store,
      nodeObject({
        name: node.name,
        podCIDR: `${node.prefix}.0/24`,
        internalIP: node.internalIP,
        zone: ZONES[i % ZONES.length] ?? 'zone-a',
        minorVersion: options.minorVersion,
        labels: { 'node.kubernetes.io/instance-type': 'm6i.xlarge' },
      }),
    );
    summary.nodes++;
    await step();
  }

  const startedAt = new Date(Date.now() - 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z');
  let podIndex = 0;
  for (const service of plan.services) {
    const templateHash = randomSuffix(random, 10);
    for (let i = 0; i < service.pods; i++) {
      const node = nodes[podIndex % nodes.length];
      if (!node) throw new Error('large: no worker nodes planned');
      const containerId = Array.from({ length: 8 }, () =>
        Math.floor(random() * 0x100000000)
          .toString(16)
          .padStart(8, '0'),
      ).join('');
      createRunningPod(
        store,
        podObject(service, podIndex, templateHash, node, containerId, startedAt),
      );
      podIndex++;
      summary.pods++;
      await step();
    }
  }

  for (const service of plan.services) {
    store.create('services', serviceObject(service));
    summary.services++;
    await step();
  }
  plan.external.forEach(({ namespace, name }) => {
    store.create('services', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace },
      spec: { type: 'ExternalName', externalName: `${namespace}.partner.example.com` },
    });
    summary.services++;
  });
  plan.manual.forEach(({ namespace, name }, i) => {
    store.create('services', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace },
      spec: { ports: [{ name: 'postgres', port: 5432, protocol: 'TCP', targetPort: 5432 }] },
    });
    store.create('endpoints', {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name, namespace },
      subsets: [
        {
          addresses: [
            { ip: `10.200.${i >> 6}.${(i & 63) * 4 + 1}` },
            { ip: `10.200.${i >> 6}.${(i & 63) * 4 + 2}` },
          ],
          ports: [{ name: 'postgres', port: 5432, protocol: 'TCP' }],
        },
      ],
    });
    summary.services++;
  });
  return summary;
}
