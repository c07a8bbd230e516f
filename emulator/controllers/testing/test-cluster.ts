/**
 * Test harness for the controller tests: an embedded cluster on a free loopback port
 * (emulator/server.ts startEmulator) with the default controllers at short simulated delays,
 * and a tiny JSON client so the tests are black box — they create objects over HTTP and read
 * what the controllers wrote, as upstream's controller tests read their fake clientset.
 * `settle()` waits until every controller is idle and nothing more is written; `until()` polls
 * for timed behaviour (readiness delays) with a generous bound, never asserting on durations.
 */
import type { TestContext } from 'node:test';
import { startEmulator } from '../../server';
import { clusterFetch, trustCluster } from '../../testing/cluster-fetch';
import type { KubeObject } from '../../core/types';
import { createDefaultControllers, type DefaultControllerOptions } from '../index';

/** Parsed JSON from the API: tests read it freely, as upstream tests read typed objects. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface TestCluster {
  url: string;
  /** PEM of the cluster's serving CA. */
  caCertificate?: string;
  get(path: string): Promise<Json>;
  /** Returns the parsed body; throws (with the Status) on a non-2xx answer. */
  send(method: string, path: string, body?: unknown, contentType?: string): Promise<Json>;
  post(path: string, body: unknown): Promise<Json>;
  put(path: string, body: unknown): Promise<Json>;
  del(path: string, body?: unknown): Promise<Json>;
  patch(path: string, body: unknown): Promise<Json>;
  settle(): Promise<void>;
  until<T>(
    what: string,
    probe: () => Promise<T | undefined | false>,
    timeoutMs?: number,
  ): Promise<T>;
  /** Every resourceVersion change of a resource path since `since` is visible in a list RV. */
  resourceVersion(): Promise<string>;
}

export async function startTestCluster(
  t: TestContext,
  options: Partial<DefaultControllerOptions> & { nodes?: number; minorVersion?: number } = {},
): Promise<TestCluster> {
  const emulator = trustCluster(
    await startEmulator({
      minorVersion: options.minorVersion ?? 33,
      kubelet: options.kubelet ?? false,
      controllers: (store, ctx) =>
        createDefaultControllers(store, {
          kubelet: options.kubelet ?? false,
          minorVersion: ctx.minorVersion,
          readinessDelayMs: options.readinessDelayMs ?? 40,
          startDelayMs: options.startDelayMs ?? 10,
          shutdownDelayMs: options.shutdownDelayMs ?? 40,
          maxEndpointsPerSlice: options.maxEndpointsPerSlice,
          rootCACertificate: ctx.rootCACertificate,
        }),
    }),
  );
  t.after(() => emulator.stop());

  const send = async (method: string, path: string, body?: unknown, contentType?: string) => {
    const response = await clusterFetch(emulator.url + path, {
      method,
      headers: { 'content-type': contentType ?? 'application/json', accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const parsed = text ? JSON.parse(text) : undefined;
    if (!response.ok) {
      const error = new Error(`${method} ${path} → ${response.status}: ${parsed?.message ?? text}`);
      (error as Error & { status?: unknown; code?: number }).status = parsed;
      (error as Error & { code?: number }).code = response.status;
      throw error;
    }
    return parsed;
  };
  const cluster: TestCluster = {
    url: emulator.url,
    caCertificate: emulator.caCertificate,
    get: (path) => send('GET', path),
    send,
    post: (path, body) => send('POST', path, body),
    put: (path, body) => send('PUT', path, body),
    del: (path, body) => send('DELETE', path, body),
    patch: (path, body) => send('PATCH', path, body, 'application/merge-patch+json'),
    settle: () => emulator.idle(),
    async until(what, probe, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        await emulator.idle();
        const value = await probe();
        if (value !== undefined && value !== false) return value as never;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async resourceVersion() {
      return emulator.store.currentResourceVersion();
    },
  };
  for (let i = 1; i <= (options.nodes ?? 0); i++) {
    await cluster.post(
      '/api/v1/nodes',
      node(`node-${i}`, {
        zone: `zone-${String.fromCharCode(96 + i)}`,
        podCIDR: `10.244.${i}.0/24`,
      }),
    );
  }
  await cluster.settle();
  return cluster;
}

// -- Object builders (the shapes upstream's tests build with newPod/newService helpers) ---------

export function node(
  name: string,
  opts: {
    zone?: string;
    podCIDR?: string;
    ready?: boolean;
    labels?: Record<string, string>;
    taints?: unknown[];
  } = {},
): KubeObject {
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: {
        'kubernetes.io/hostname': name,
        ...(opts.zone ? { 'topology.kubernetes.io/zone': opts.zone } : {}),
        ...(opts.labels ?? {}),
      },
    },
    spec: {
      ...(opts.podCIDR ? { podCIDR: opts.podCIDR, podCIDRs: [opts.podCIDR] } : {}),
      ...(opts.taints ? { taints: opts.taints } : {}),
    },
    status: {
      capacity: { pods: '110' },
      allocatable: { pods: '110' },
      conditions: [
        {
          type: 'Ready',
          status: opts.ready === false ? 'False' : 'True',
          reason: 'KubeletReady',
          message: 'kubelet is posting ready status',
          lastHeartbeatTime: now,
          lastTransitionTime: now,
        },
      ],
      addresses: [{ type: 'InternalIP', address: `172.18.0.${name.replace(/\D/g, '') || '9'}` }],
    },
  };
}

export interface PodOptions {
  labels?: Record<string, string>;
  nodeName?: string;
  ports?: { name?: string; containerPort: number; protocol?: string }[];
  hostname?: string;
  subdomain?: string;
  restartPolicy?: string;
}

export function pod(name: string, namespace = 'default', opts: PodOptions = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels: opts.labels ?? { foo: 'bar' } },
    spec: {
      ...(opts.nodeName !== undefined ? { nodeName: opts.nodeName } : {}),
      ...(opts.hostname ? { hostname: opts.hostname } : {}),
      ...(opts.subdomain ? { subdomain: opts.subdomain } : {}),
      ...(opts.restartPolicy ? { restartPolicy: opts.restartPolicy } : {}),
      containers: [
        {
          name: 'container-1',
          image: 'registry.k8s.io/pause:3.9',
          ports: opts.ports ?? [{ name: 'port0', containerPort: 8080, protocol: 'TCP' }],
        },
      ],
    },
  };
}

export interface PodStatusOptions {
  ip?: string;
  ips?: string[];
  ready?: boolean;
  phase?: string;
  readySince?: string;
}

/** The status a kubelet would post (written through /status, as upstream's tests set it). */
export function podStatus(opts: PodStatusOptions) {
  const since = opts.readySince ?? '2025-01-01T10:00:00Z';
  const ips = opts.ips ?? (opts.ip ? [opts.ip] : []);
  return {
    phase: opts.phase ?? 'Running',
    ...(ips.length ? { podIP: ips[0], podIPs: ips.map((ip) => ({ ip })) } : {}),
    conditions: [
      { type: 'Ready', status: opts.ready === false ? 'False' : 'True', lastTransitionTime: since },
    ],
  };
}

/** Creates a pod and writes its status, as a kubelet would. Returns the stored pod. */
export async function addPod(
  c: TestCluster,
  name: string,
  namespace: string,
  opts: PodOptions & PodStatusOptions = {},
): Promise<KubeObject> {
  const created = await c.post(`/api/v1/namespaces/${namespace}/pods`, pod(name, namespace, opts));
  if (opts.ip === undefined && opts.ips === undefined && opts.phase === undefined) return created;
  return c.put(`/api/v1/namespaces/${namespace}/pods/${name}/status`, {
    ...created,
    status: podStatus(opts),
  });
}

export function service(
  name: string,
  namespace = 'default',
  spec: Record<string, unknown> = {},
  labels?: Record<string, string>,
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace, ...(labels ? { labels } : {}) },
    spec: {
      selector: { foo: 'bar' },
      ports: [{ port: 80, protocol: 'TCP', targetPort: 8080 }],
      ...spec,
    },
  };
}

/** A StatefulSet of nginx pods labelled `app: <name>`; `spec` overrides its spec's fields. */
export function statefulSet(
  name: string,
  replicas: number,
  spec: Record<string, unknown> = {},
  metadata: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name, ...metadata },
    spec: {
      replicas,
      serviceName: name,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] },
      },
      ...spec,
    },
  };
}

/** A DaemonSet of `agent:1` pods labelled `app: <name>`; `spec`/`podSpec` override fields. */
export function daemonSet(
  name: string,
  spec: Record<string, unknown> = {},
  podSpec: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'agent', image: 'agent:1' }], ...podSpec },
      },
      ...spec,
    },
  };
}

export async function ensureNamespace(c: TestCluster, name: string): Promise<void> {
  try {
    await c.post('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  } catch (error) {
    if ((error as { code?: number }).code !== 409) throw error;
  }
}

/** Subsets in a comparable form (upstream compares after SortSubsets; we compare as sets). */
export function normalizeSubsets(subsets: Json[] | undefined): string[] {
  return (subsets ?? [])
    .map((s) =>
      JSON.stringify({
        addresses: (s.addresses ?? []).map((a: Json) => ({
          ...a,
          targetRef: a.targetRef ? { ...a.targetRef } : undefined,
        })),
        notReadyAddresses: s.notReadyAddresses ?? [],
        ports: [...(s.ports ?? [])].sort(
          (a: Json, b: Json) => a.port - b.port || String(a.name).localeCompare(String(b.name)),
        ),
      }),
    )
    .sort();
}
