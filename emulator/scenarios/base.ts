/**
 * The `empty` scenario, which every other scenario starts from: what a freshly installed
 * cluster holds before anyone deploys anything — the four system namespaces, three Ready worker
 * Nodes with pod CIDRs and zones, and the `default/kubernetes` Service with the Endpoints and
 * EndpointSlice the apiserver's own endpoint reconciler writes for it.
 *
 * The addresses are data, never dialled: 172.18.0.2:6443 stands for the control plane's address
 * (kind's usual Docker network), not for the emulator's real loopback URL, because upstream
 * publishes the apiserver's advertise address there and a loopback IP would fail validation.
 */
import type { ClusterStore, KubeObject } from '../core/types';
import { createObject, emptySummary } from './helpers';
import type { ScenarioSummary } from './types';

export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** The apiserver's advertise address as published in default/kubernetes (data only). */
export const APISERVER_DATA_ADDRESS = '172.18.0.2';
export const APISERVER_DATA_PORT = 6443;

export const ZONES = ['zone-a', 'zone-b', 'zone-c'];
export const REGION = 'region-1';

export function kubeletVersion(minorVersion: number): string {
  return `v1.${minorVersion}.0`;
}

export interface NodeSpecInput {
  name: string;
  podCIDR: string;
  internalIP: string;
  zone: string;
  minorVersion: number;
  /** Max pods the node advertises (kubelet default 110). */
  maxPods?: number;
  labels?: Record<string, string>;
}

export function nodeObject(input: NodeSpecInput): KubeObject {
  const maxPods = String(input.maxPods ?? 110);
  const kubelet = kubeletVersion(input.minorVersion);
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: input.name,
      labels: {
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': input.name,
        'kubernetes.io/os': 'linux',
        'topology.kubernetes.io/region': REGION,
        'topology.kubernetes.io/zone': input.zone,
        ...input.labels,
      },
      annotations: {
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec: { podCIDR: input.podCIDR, podCIDRs: [input.podCIDR] },
    status: nodeStatus(input, maxPods, kubelet),
  };
}

function nodeStatus(input: NodeSpecInput, maxPods: string, kubelet: string) {
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const condition = (type: string, status: string, reason: string, message: string) => ({
    type,
    status,
    lastHeartbeatTime: now,
    lastTransitionTime: now,
    reason,
    message,
  });
  return {
    capacity: { cpu: '4', 'ephemeral-storage': '101203600Ki', memory: '16365080Ki', pods: maxPods },
    allocatable: {
      cpu: '4',
      'ephemeral-storage': '101203600Ki',
      memory: '16365080Ki',
      pods: maxPods,
    },
    conditions: [
      condition(
        'MemoryPressure',
        'False',
        'KubeletHasSufficientMemory',
        'kubelet has sufficient memory available',
      ),
      condition(
        'DiskPressure',
        'False',
        'KubeletHasNoDiskPressure',
        'kubelet has no disk pressure',
      ),
      condition(
        'PIDPressure',
        'False',
        'KubeletHasSufficientPID',
        'kubelet has sufficient PID available',
      ),
      condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
    ],
    addresses: [
      { type: 'InternalIP', address: input.internalIP },
      { type: 'Hostname', address: input.name },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
    nodeInfo: {
      architecture: 'amd64',
      bootID: '',
      containerRuntimeVersion: 'containerd://2.1.3',
      kernelVersion: '6.8.0-64-generic',
      kubeProxyVersion: '',
      kubeletVersion: kubelet,
      machineID: '',
      operatingSystem: 'linux',
      osImage: 'Debian GNU/Linux 12 (bookworm)',
      systemUUID: '',
    },
  };
}

/**
 * Creates a Node and makes sure its status is stored: a real kubelet registers the Node and then
 * posts status, so when the store's create drops status (as upstream does for most kinds) the
 * status goes through the /status path as the kubelet's would.
 */
export function createNode(store: ClusterStore, node: KubeObject): KubeObject {
  const created = createObject(store, node);
  const status = created.status as { conditions?: unknown[] } | undefined;
  if (status?.conditions && status.conditions.length > 0) return created;
  return store.updateStatus('nodes', { ...created, status: node.status });
}

export function loadBase(store: ClusterStore, minorVersion: number): ScenarioSummary {
  const summary = emptySummary();
  for (const name of SYSTEM_NAMESPACES) {
    createObject(store, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    summary.namespaces++;
  }
  for (let i = 1; i <= 3; i++) {
    createNode(
      store,
      nodeObject({
        name: `node-${i}`,
        podCIDR: `10.244.${i}.0/24`,
        internalIP: `172.18.0.${i + 2}`,
        zone: ZONES[(i - 1) % ZONES.length] ?? 'zone-a',
        minorVersion,
      }),
    );
    summary.nodes++;
  }

  createObject(store, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: 'kubernetes',
      namespace: 'default',
      labels: { component: 'apiserver', provider: 'kubernetes' },
    },
    spec: {
      type: 'ClusterIP',
      clusterIP: '10.96.0.1',
      clusterIPs: ['10.96.0.1'],
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      sessionAffinity: 'None',
      internalTrafficPolicy: 'Cluster',
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: APISERVER_DATA_PORT }],
    },
  });
  summary.services++;
  createObject(store, {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: {
      name: 'kubernetes',
      namespace: 'default',
      // Upstream's reconciler marks it so the mirroring controller leaves it alone; it writes
      // the EndpointSlice below itself.
      labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' },
    },
    subsets: [
      {
        addresses: [{ ip: APISERVER_DATA_ADDRESS }],
        ports: [{ name: 'https', port: APISERVER_DATA_PORT, protocol: 'TCP' }],
      },
    ],
  });
  createObject(store, {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: 'kubernetes',
      namespace: 'default',
      labels: { 'kubernetes.io/service-name': 'kubernetes' },
    },
    addressType: 'IPv4',
    endpoints: [{ addresses: [APISERVER_DATA_ADDRESS], conditions: { ready: true } }],
    ports: [{ name: 'https', port: APISERVER_DATA_PORT, protocol: 'TCP' }],
  });
  return summary;
}
