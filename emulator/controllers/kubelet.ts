/**
 * The simulated scheduler + kubelet of the embedded cluster. It does what kube-scheduler and the
 * kubelets of the cluster's Nodes would, through the same store writes they make:
 *
 * - Scheduling: a Pending pod without `spec.nodeName` whose `schedulerName` is the default goes
 *   to the least-loaded Ready, schedulable Node that satisfies its nodeSelector, tolerates its
 *   taints and has room (`status.allocatable.pods`), through the binding subresource (Scheduled
 *   event). If none fits: PodScheduled=False/Unschedulable with upstream's
 *   `0/N nodes are available: …` message and a FailedScheduling event; retried when Nodes change.
 *   Pods naming another scheduler are left alone (as the default scheduler does).
 * - Node agent: a bound pod on an existing, Ready Node gets an IP from the Node's
 *   `spec.podCIDR` (host-local style, from .2, never two live pods on one IP), containers start
 *   after `startDelayMs` (Pulled/Created/Started events), and it turns Ready after
 *   `readinessDelayMs` (Ready/ContainersReady with lastTransitionTime, containerStatuses with
 *   state.running.startedAt, image, imageID, containerID, restartCount). A pod bound to a Node
 *   that does not exist (or is not Ready) stays as it is — Pending if it never ran.
 * - Failure simulation, per pod, through the annotation `switchboard.dev/simulate`:
 *     `ready=false`        readiness probe fails: Running, Ready=False (ContainersNotReady),
 *                          Unhealthy event;
 *     `crashloop`          the container exits with code 1 after ~1 s and restarts with a
 *                          doubling back-off (1 s … 30 s; upstream's is 10 s … 5 min):
 *                          CrashLoopBackOff, restartCount increments, BackOff events;
 *     `image-pull-error`   ErrImagePull, then ImagePullBackOff (Failed/BackOff events).
 *   Removing the annotation recovers (the container restarts and turns Ready after the delay).
 *   An image whose name contains `never-ready`, `crashloop` or `image-pull-error` does the same.
 * - Graceful termination: on a deletionTimestamp the containers are stopped (Killing events),
 *   the pod turns not ready at once, and after min(deletion grace period, `shutdownDelayMs`) it
 *   is deleted with gracePeriodSeconds 0 and its IP released.
 * - Nodes without a Ready condition get the status a kubelet posts on registration.
 *
 * Pods that already carry a node, an IP and running containers (scenarios written "settled")
 * are adopted as they are: nothing is rewritten unless their simulation mode asks for a change.
 * Pinned by kubelet.test.ts.
 */
import { createHash } from 'node:crypto';
import type { ClusterStore, Controller, KubeObject, StoreEvent } from '../core/types';
import type { ObjectCache } from './cache';
import { EventRecorder } from './events';
import {
  type PodCondition,
  type PodLike,
  deepEqual,
  getPodCondition,
  isNotFound,
  isPodTerminal,
  rfc3339,
  splitKey,
} from './util';
import { WorkQueue } from './work-queue';

export const SIMULATE_ANNOTATION = 'switchboard.dev/simulate';
export type SimulateMode = 'normal' | 'never-ready' | 'crashloop' | 'image-pull-error';

export interface KubeletOptions {
  readinessDelayMs?: number;
  startDelayMs?: number;
  shutdownDelayMs?: number;
  minorVersion?: number;
}

const DEFAULT_SCHEDULER = 'default-scheduler';
const CRASH_RUN_MS = 1000;
const BACKOFF_START_MS = 1000;
const BACKOFF_MAX_MS = 30_000;

interface Container {
  name: string;
  image?: string;
}

interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
}

interface Taint {
  key: string;
  value?: string;
  effect: string;
}

interface PodState {
  uid: string;
  node: string;
  ip?: string;
  sandboxAt: number;
  mode: SimulateMode;
  /** Current container start (ms); undefined while not running. */
  startedAt?: number;
  everStarted: boolean;
  readyAt?: number;
  restartCount: number;
  backoffMs: number;
  backoffUntil?: number;
  lastTerminated?: { startedAt: number; finishedAt: number };
  pullFailedAt?: number;
  terminatingSince?: number;
  unhealthyReported: boolean;
  containerId: string;
}

/** The simulation mode a pod asks for (annotation first, then the image-name convention). */
export function simulateMode(pod: KubeObject): SimulateMode {
  const value = pod.metadata.annotations?.[SIMULATE_ANNOTATION]?.trim();
  if (value === 'ready=false' || value === 'never-ready') return 'never-ready';
  if (value === 'crashloop') return 'crashloop';
  if (value === 'image-pull-error') return 'image-pull-error';
  for (const c of ((pod as PodLike).spec?.containers ?? []) as Container[]) {
    const image = c.image ?? '';
    if (image.includes('image-pull-error')) return 'image-pull-error';
    if (image.includes('crashloop')) return 'crashloop';
    if (image.includes('never-ready')) return 'never-ready';
  }
  return 'normal';
}

// ---------------------------------------------------------------------------------------------
// IP allocation

function ipv4ToInt(ip: string): number {
  return ip.split('.').reduce((n, p) => n * 256 + Number(p), 0) >>> 0;
}

function intToIpv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export function parseCIDR(cidr: string | undefined): { base: number; size: number } | undefined {
  const m = /^(\d+\.\d+\.\d+\.\d+)\/(\d+)$/.exec(cidr ?? '');
  if (!m) return undefined;
  const bits = Number(m[2]);
  if (bits < 8 || bits > 30) return undefined;
  const size = 2 ** (32 - bits);
  const base = (ipv4ToInt(m[1] as string) - (ipv4ToInt(m[1] as string) % size)) >>> 0;
  return { base, size };
}

class IPAllocator {
  private readonly used = new Map<string, Set<number>>();
  private readonly byUid = new Map<string, { node: string; ip: number }>();
  private readonly fallback = new Map<string, number>();

  cidrFor(node: KubeObject): { base: number; size: number } {
    const spec = node.spec as { podCIDR?: string; podCIDRs?: string[] } | undefined;
    const parsed = parseCIDR(spec?.podCIDR ?? spec?.podCIDRs?.[0]);
    if (parsed) return parsed;
    const name = node.metadata.name ?? '';
    let index = this.fallback.get(name);
    if (index === undefined) this.fallback.set(name, (index = 200 + this.fallback.size));
    return { base: ipv4ToInt(`10.244.${index % 256}.0`), size: 256 };
  }

  mark(uid: string, node: string, ip: string): void {
    if (!/^\d+\.\d+\.\d+\.\d+$/.test(ip) || this.byUid.has(uid)) return;
    const n = ipv4ToInt(ip);
    let set = this.used.get(node);
    if (!set) this.used.set(node, (set = new Set()));
    set.add(n);
    this.byUid.set(uid, { node, ip: n });
  }

  allocate(uid: string, node: KubeObject): string | undefined {
    const existing = this.byUid.get(uid);
    if (existing) return intToIpv4(existing.ip);
    const { base, size } = this.cidrFor(node);
    const name = node.metadata.name ?? '';
    let set = this.used.get(name);
    if (!set) this.used.set(name, (set = new Set()));
    // host-local IPAM hands out from .2 (.1 is the bridge), never the broadcast address.
    for (let offset = 2; offset < size - 1; offset++) {
      const candidate = (base + offset) >>> 0;
      if (!set.has(candidate)) {
        set.add(candidate);
        this.byUid.set(uid, { node: name, ip: candidate });
        return intToIpv4(candidate);
      }
    }
    return undefined;
  }

  release(uid: string): void {
    const entry = this.byUid.get(uid);
    if (!entry) return;
    this.byUid.delete(uid);
    this.used.get(entry.node)?.delete(entry.ip);
  }
}

// ---------------------------------------------------------------------------------------------

function nodeReady(node: KubeObject): boolean {
  const conditions = (node.status as { conditions?: PodCondition[] } | undefined)?.conditions ?? [];
  return conditions.find((c) => c.type === 'Ready')?.status === 'True';
}

function tolerates(tolerations: Toleration[], taint: Taint): boolean {
  return tolerations.some((t) => {
    if (t.effect && t.effect !== taint.effect) return false;
    if (t.operator === 'Exists') return !t.key || t.key === taint.key;
    return t.key === taint.key && (t.value ?? '') === (taint.value ?? '');
  });
}

const imageRefCache = new Map<string, string>();

/** The imageID a runtime reports: the fully qualified repository @ a digest (memoised). */
function imageRef(image: string): string {
  let ref = imageRefCache.get(image);
  if (ref === undefined) {
    ref = computeImageRef(image);
    if (imageRefCache.size > 10_000) imageRefCache.clear();
    imageRefCache.set(image, ref);
  }
  return ref;
}

function computeImageRef(image: string): string {
  const name = image.split('@')[0]?.replace(/:[^/:]+$/, '') ?? image;
  const first = name.split('/')[0] ?? '';
  const hasRegistry =
    name.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  const full = hasRegistry ? name : `docker.io/${name.includes('/') ? name : `library/${name}`}`;
  return `${full}@sha256:${createHash('sha256').update(image).digest('hex')}`;
}

function fullImage(image: string): string {
  const name = image.split('@')[0] ?? image;
  const first = name.split('/')[0] ?? '';
  const hasRegistry =
    name.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  const withRegistry = hasRegistry
    ? name
    : `docker.io/${name.includes('/') ? name : `library/${name}`}`;
  return /:[^/:]+$/.test(withRegistry) ? withRegistry : `${withRegistry}:latest`;
}

export function createKubelet(
  store: ClusterStore,
  cache: ObjectCache,
  options: KubeletOptions = {},
): Controller {
  const readinessDelayMs = options.readinessDelayMs ?? 500;
  const startDelayMs = options.startDelayMs ?? 100;
  const shutdownDelayMs = options.shutdownDelayMs ?? 1000;
  const minorVersion = options.minorVersion ?? 33;
  const queue = new WorkQueue((key) => syncPod(key), { name: 'kubelet' });
  const states = new Map<string, PodState>();
  const ips = new IPAllocator();
  const podsOnNode = new Map<string, Set<string>>();
  const podNode = new Map<string, string>();
  const unscheduled = new Set<string>();
  const scheduler = new EventRecorder(store, { component: DEFAULT_SCHEDULER });
  const recorders = new Map<string, EventRecorder>();
  let unsubscribe: (() => void) | undefined;

  const recorderFor = (node: string) => {
    let r = recorders.get(node);
    if (!r)
      recorders.set(node, (r = new EventRecorder(store, { component: 'kubelet', host: node })));
    return r;
  };

  function track(pod: KubeObject, deleted: boolean): void {
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    const node = (pod as PodLike).spec?.nodeName ?? '';
    const old = podNode.get(key);
    if (old !== undefined && (old !== node || deleted || isPodTerminal(pod))) {
      podsOnNode.get(old)?.delete(key);
      podNode.delete(key);
    }
    if (deleted || isPodTerminal(pod)) {
      unscheduled.delete(key);
      return;
    }
    if (node) {
      unscheduled.delete(key);
      let set = podsOnNode.get(node);
      if (!set) podsOnNode.set(node, (set = new Set()));
      set.add(key);
      podNode.set(key, node);
      const ip = (pod as PodLike).status?.podIP;
      if (ip && pod.metadata.uid) ips.mark(pod.metadata.uid, node, ip);
    } else unscheduled.add(key);
  }

  function onEvent(event: StoreEvent): void {
    if (event.resource === 'pods') {
      const pod = event.object;
      const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
      if (event.type === 'DELETED') {
        track(pod, true);
        if (pod.metadata.uid) {
          ips.release(pod.metadata.uid);
          states.delete(pod.metadata.uid);
        }
        // A freed IP may unblock a pod of the same Node waiting for a sandbox.
        const nodeName = (pod as PodLike).spec?.nodeName;
        for (const other of nodeName ? (podsOnNode.get(nodeName) ?? []) : []) {
          const [ns, name] = splitKey(other);
          if (!(cache.get('pods', ns, name) as PodLike | undefined)?.status?.podIP)
            queue.add(other);
        }
        return;
      }
      track(pod, false);
      if (isPodTerminal(pod) && pod.metadata.uid) ips.release(pod.metadata.uid);
      queue.add(key);
    } else if (event.resource === 'nodes') {
      const name = event.object.metadata.name ?? '';
      if (event.type !== 'DELETED') queue.add(`node:${name}`);
      const readyChanged =
        !event.previous ||
        event.type === 'DELETED' ||
        nodeReady(event.previous) !== nodeReady(event.object);
      const changed =
        readyChanged ||
        !deepEqual(event.previous?.metadata.labels, event.object.metadata.labels) ||
        !deepEqual(event.previous?.spec, event.object.spec);
      if (changed) for (const key of unscheduled) queue.add(key);
      if (readyChanged) for (const key of podsOnNode.get(name) ?? []) queue.add(key);
    }
  }

  function syncPod(key: string): void {
    if (key.startsWith('node:')) {
      syncNode(key.slice(5));
      return;
    }
    const [namespace, name] = splitKey(key);
    const pod = cache.get('pods', namespace, name) as PodLike | undefined;
    if (!pod) return;
    if (isPodTerminal(pod)) return;
    const nodeName = pod.spec?.nodeName;
    if (!nodeName) {
      if (!pod.metadata.deletionTimestamp) schedule(pod);
      return;
    }
    const node = cache.get('nodes', '', nodeName);
    if (!node || !nodeReady(node)) return;
    runPod(pod, node);
  }

  /** The status a kubelet posts when it registers a Node that has none. */
  function syncNode(name: string): void {
    const node = cache.get('nodes', '', name);
    if (!node) return;
    const status = (node.status ?? {}) as Record<string, unknown>;
    if (((status.conditions as unknown[] | undefined) ?? []).length > 0) return;
    const now = rfc3339(new Date());
    const cond = (type: string, s: string, reason: string, message: string) => ({
      type,
      status: s,
      lastHeartbeatTime: now,
      lastTransitionTime: now,
      reason,
      message,
    });
    const next = structuredClone(node) as KubeObject;
    const capacity = {
      cpu: '4',
      memory: '16365080Ki',
      pods: '110',
      ...((status.capacity as object) ?? {}),
    };
    next.status = {
      ...status,
      capacity,
      allocatable: { ...capacity, ...((status.allocatable as object) ?? {}) },
      conditions: [
        cond(
          'MemoryPressure',
          'False',
          'KubeletHasSufficientMemory',
          'kubelet has sufficient memory available',
        ),
        cond('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
        cond(
          'PIDPressure',
          'False',
          'KubeletHasSufficientPID',
          'kubelet has sufficient PID available',
        ),
        cond('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
      ],
      addresses: (status.addresses as unknown[] | undefined) ?? [
        { type: 'Hostname', address: name },
      ],
      nodeInfo: (status.nodeInfo as object | undefined) ?? {
        kubeletVersion: `v1.${minorVersion}.0`,
        kubeProxyVersion: `v1.${minorVersion}.0`,
        containerRuntimeVersion: 'containerd://1.7.24',
        operatingSystem: 'linux',
        architecture: 'amd64',
        osImage: 'Debian GNU/Linux 12 (bookworm)',
        kernelVersion: '6.1.0-emulated',
        machineID: '',
        systemUUID: '',
        bootID: '',
      },
    };
    try {
      store.updateStatus('nodes', next, { fieldManager: 'kubelet' });
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  // -- Scheduling -------------------------------------------------------------------------------

  function schedule(pod: PodLike): void {
    const schedulerName = (pod.spec?.schedulerName as string | undefined) ?? DEFAULT_SCHEDULER;
    if (schedulerName !== DEFAULT_SCHEDULER) return;
    const nodeSelector = (pod.spec?.nodeSelector as Record<string, string> | undefined) ?? {};
    const tolerations = (pod.spec?.tolerations as Toleration[] | undefined) ?? [];
    const reasons = new Map<string, number>();
    const fail = (reason: string) => reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    let best: { node: KubeObject; load: number } | undefined;
    let total = 0;
    const nodes = [...cache.list('nodes')].sort((a, b) =>
      (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1,
    );
    for (const node of nodes) {
      total++;
      const spec = (node.spec ?? {}) as { unschedulable?: boolean; taints?: Taint[] };
      const taints: Taint[] = [...(spec.taints ?? [])];
      if (!nodeReady(node) && !taints.some((t) => t.key === 'node.kubernetes.io/not-ready')) {
        taints.push({ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' });
      }
      if (spec.unschedulable) {
        fail('node(s) were unschedulable');
        continue;
      }
      const blocking = taints.find(
        (t) =>
          (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerates(tolerations, t),
      );
      if (blocking) {
        fail(`node(s) had untolerated taint {${blocking.key}: ${blocking.value ?? ''}}`);
        continue;
      }
      if (!Object.entries(nodeSelector).every(([k, v]) => node.metadata.labels?.[k] === v)) {
        fail("node(s) didn't match Pod's node affinity/selector");
        continue;
      }
      const load = podsOnNode.get(node.metadata.name ?? '')?.size ?? 0;
      const allocatable = Number(
        (node.status as { allocatable?: { pods?: string } } | undefined)?.allocatable?.pods ??
          '110',
      );
      if (load >= allocatable) {
        fail('Too many pods');
        continue;
      }
      if (!best || load < best.load) best = { node, load };
    }
    if (!best) {
      const parts = [...reasons.entries()].map(([reason, n]) => `${n} ${reason}`).sort();
      const message =
        total === 0
          ? 'no nodes available to schedule pods'
          : `0/${total} nodes are available: ${parts.join(', ')}. preemption: 0/${total} nodes are available: ${total} Preemption is not helpful for scheduling.`;
      const current = getPodCondition(pod, 'PodScheduled');
      if (current?.status === 'False' && current.message === message) return;
      const next = structuredClone(pod) as PodLike;
      const status = (next.status ??= {});
      status.phase ??= 'Pending';
      status.conditions = [
        ...(status.conditions ?? []).filter((c) => c.type !== 'PodScheduled'),
        {
          type: 'PodScheduled',
          status: 'False',
          lastProbeTime: null,
          lastTransitionTime: rfc3339(new Date()),
          reason: 'Unschedulable',
          message,
        },
      ];
      store.updateStatus('pods', next, { fieldManager: DEFAULT_SCHEDULER });
      scheduler.record(pod, { type: 'Warning', reason: 'FailedScheduling', message });
      return;
    }
    const nodeName = best.node.metadata.name ?? '';
    const bindable = store as ClusterStore & {
      bindPod?: (ns: string, name: string, node: string, o?: object) => KubeObject;
    };
    const namespace = pod.metadata.namespace ?? '';
    if (bindable.bindPod) {
      bindable.bindPod(namespace, pod.metadata.name ?? '', nodeName, {
        fieldManager: DEFAULT_SCHEDULER,
      });
    } else {
      const next = structuredClone(pod) as PodLike;
      (next.spec ??= {}).nodeName = nodeName;
      store.update('pods', next, { fieldManager: DEFAULT_SCHEDULER });
    }
    scheduler.record(pod, {
      type: 'Normal',
      reason: 'Scheduled',
      message: `Successfully assigned ${namespace}/${pod.metadata.name} to ${nodeName}`,
    });
  }

  // -- Running pods -----------------------------------------------------------------------------

  function adopt(pod: PodLike, node: KubeObject, now: number): PodState {
    const uid = pod.metadata.uid ?? '';
    const statuses = (pod.status?.containerStatuses ?? []) as {
      state?: { running?: { startedAt?: string } };
      restartCount?: number;
    }[];
    const runningSince = statuses
      .map((s) => Date.parse(s.state?.running?.startedAt ?? ''))
      .find((t) => !Number.isNaN(t));
    const ready = getPodCondition(pod, 'Ready')?.status === 'True';
    const state: PodState = {
      uid,
      node: node.metadata.name ?? '',
      sandboxAt: now,
      mode: simulateMode(pod),
      everStarted: runningSince !== undefined,
      restartCount: statuses.reduce((m, s) => Math.max(m, s.restartCount ?? 0), 0),
      backoffMs: BACKOFF_START_MS,
      // A pod adopted already running and not ready has had its Unhealthy events.
      unhealthyReported: runningSince !== undefined && !ready,
      containerId: createHash('sha256').update(`${uid}/0`).digest('hex'),
    };
    if (pod.status?.podIP) {
      state.ip = pod.status.podIP;
      ips.mark(uid, state.node, pod.status.podIP);
    }
    if (runningSince !== undefined) {
      state.startedAt = runningSince;
      state.readyAt = ready ? runningSince : now + readinessDelayMs;
    }
    return state;
  }

  function startContainers(pod: PodLike, state: PodState, now: number): void {
    const recorder = recorderFor(state.node);
    state.startedAt = now;
    state.everStarted = true;
    state.readyAt = now + readinessDelayMs;
    state.containerId = createHash('sha256')
      .update(`${state.uid}/${state.restartCount}`)
      .digest('hex');
    for (const c of (pod.spec?.containers ?? []) as Container[]) {
      const fieldPath = `spec.containers{${c.name}}`;
      recorder.record(pod, {
        type: 'Normal',
        reason: 'Pulled',
        message: `Container image "${c.image ?? ''}" already present on machine`,
        fieldPath,
      });
      recorder.record(pod, {
        type: 'Normal',
        reason: 'Created',
        message: `Created container ${c.name}`,
        fieldPath,
      });
      recorder.record(pod, {
        type: 'Normal',
        reason: 'Started',
        message: `Started container ${c.name}`,
        fieldPath,
      });
    }
  }

  function runPod(pod: PodLike, node: KubeObject): void {
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    const uid = pod.metadata.uid ?? '';
    const now = Date.now();
    let state = states.get(uid);
    if (!state) states.set(uid, (state = adopt(pod, node, now)));
    const recorder = recorderFor(state.node);
    const containers = (pod.spec?.containers ?? []) as Container[];

    if (pod.metadata.deletionTimestamp) {
      if (state.terminatingSince === undefined) {
        state.terminatingSince = now;
        if (state.startedAt !== undefined) {
          for (const c of containers) {
            recorder.record(pod, {
              type: 'Normal',
              reason: 'Killing',
              message: `Stopping container ${c.name}`,
              fieldPath: `spec.containers{${c.name}}`,
            });
          }
        }
      }
      const grace = (pod.metadata.deletionGracePeriodSeconds ?? 30) * 1000;
      const due = state.terminatingSince + Math.min(grace, shutdownDelayMs);
      if (now >= due) {
        try {
          store.delete('pods', pod.metadata.namespace ?? '', pod.metadata.name ?? '', {
            gracePeriodSeconds: 0,
          });
        } catch (error) {
          if (!isNotFound(error)) throw error;
        }
        ips.release(uid);
        states.delete(uid);
        return;
      }
      writeStatus(pod, state, false, now);
      queue.addAfter(key, due - now);
      return;
    }

    if (!state.ip) {
      const ip = ips.allocate(uid, node);
      if (!ip) {
        recorder.record(pod, {
          type: 'Warning',
          reason: 'FailedCreatePodSandBox',
          message: `Failed to create pod sandbox: plugin type="host-local" failed (add): failed to allocate for range 0: no IP addresses available in range set`,
        });
        queue.addAfter(key, 5000);
        return;
      }
      state.ip = ip;
      state.sandboxAt = now;
    }

    const mode = simulateMode(pod);
    if (mode !== state.mode) {
      const was = state.mode;
      state.mode = mode;
      if (was === 'crashloop' || was === 'image-pull-error') {
        // Recovery: the container is (re)started afresh.
        if (state.startedAt !== undefined || state.backoffUntil !== undefined) state.restartCount++;
        state.startedAt = undefined;
        state.backoffUntil = undefined;
        state.backoffMs = BACKOFF_START_MS;
        state.pullFailedAt = undefined;
        state.sandboxAt = now - startDelayMs;
      }
      if (mode === 'normal' && was === 'never-ready' && state.startedAt !== undefined) {
        // The probe starts passing: ready after one more readiness delay.
        state.readyAt = now + readinessDelayMs;
      }
      if (mode === 'never-ready') state.unhealthyReported = false;
    }

    let ready = false;
    switch (mode) {
      case 'normal':
      case 'never-ready': {
        if (state.startedAt === undefined) {
          const due = state.sandboxAt + startDelayMs;
          if (now < due) {
            writeStatus(pod, state, false, now);
            queue.addAfter(key, due - now);
            return;
          }
          startContainers(pod, state, now);
        }
        if (mode === 'normal') {
          ready = now >= (state.readyAt ?? 0);
          if (!ready) queue.addAfter(key, (state.readyAt ?? now) - now);
        } else if (!state.unhealthyReported && now >= (state.readyAt ?? 0)) {
          state.unhealthyReported = true;
          for (const c of containers) {
            recorder.record(pod, {
              type: 'Warning',
              reason: 'Unhealthy',
              message: 'Readiness probe failed: HTTP probe failed with statuscode: 503',
              fieldPath: `spec.containers{${c.name}}`,
            });
          }
        } else if (!state.unhealthyReported) {
          queue.addAfter(key, (state.readyAt ?? now) - now);
        }
        break;
      }
      case 'crashloop': {
        if (state.backoffUntil !== undefined) {
          if (now >= state.backoffUntil) {
            state.backoffUntil = undefined;
            state.restartCount++;
            startContainers(pod, state, now);
          } else {
            queue.addAfter(key, state.backoffUntil - now);
            break;
          }
        }
        if (state.startedAt === undefined) {
          const due = state.sandboxAt + startDelayMs;
          if (now < due) {
            queue.addAfter(key, due - now);
            break;
          }
          startContainers(pod, state, now);
        }
        const crashAt = (state.startedAt ?? now) + CRASH_RUN_MS;
        if (now < crashAt) {
          queue.addAfter(key, crashAt - now);
          break;
        }
        state.lastTerminated = { startedAt: state.startedAt ?? now, finishedAt: now };
        state.startedAt = undefined;
        if (state.restartCount === 0) {
          // The kubelet restarts a container right away after its first failure; the back-off
          // (and CrashLoopBackOff) starts with the second.
          state.backoffUntil = now;
          queue.add(key);
          break;
        }
        state.backoffUntil = now + state.backoffMs;
        for (const c of containers) {
          recorder.record(pod, {
            type: 'Warning',
            reason: 'BackOff',
            message: `Back-off restarting failed container ${c.name} in pod ${pod.metadata.name}_${pod.metadata.namespace}(${uid})`,
            fieldPath: `spec.containers{${c.name}}`,
          });
        }
        queue.addAfter(key, state.backoffMs);
        state.backoffMs = Math.min(state.backoffMs * 2, BACKOFF_MAX_MS);
        break;
      }
      case 'image-pull-error': {
        state.startedAt = undefined;
        if (
          state.pullFailedAt === undefined ||
          (state.backoffUntil !== undefined && now >= state.backoffUntil)
        ) {
          state.pullFailedAt = now;
          state.backoffUntil = now + state.backoffMs;
          for (const c of containers) {
            const fieldPath = `spec.containers{${c.name}}`;
            recorder.record(pod, {
              type: 'Normal',
              reason: 'Pulling',
              message: `Pulling image "${c.image ?? ''}"`,
              fieldPath,
            });
            recorder.record(pod, {
              type: 'Warning',
              reason: 'Failed',
              message: `Failed to pull image "${c.image ?? ''}": rpc error: code = NotFound desc = failed to pull and unpack image "${fullImage(c.image ?? '')}": not found`,
              fieldPath,
            });
            recorder.record(pod, {
              type: 'Warning',
              reason: 'Failed',
              message: 'Error: ErrImagePull',
              fieldPath,
            });
          }
          queue.addAfter(key, Math.min(1000, state.backoffMs));
          state.backoffMs = Math.min(state.backoffMs * 2, BACKOFF_MAX_MS);
        } else {
          for (const c of containers) {
            const fieldPath = `spec.containers{${c.name}}`;
            recorder.record(pod, {
              type: 'Normal',
              reason: 'BackOff',
              message: `Back-off pulling image "${c.image ?? ''}"`,
              fieldPath,
            });
            recorder.record(pod, {
              type: 'Warning',
              reason: 'Failed',
              message: 'Error: ImagePullBackOff',
              fieldPath,
            });
          }
          queue.addAfter(key, Math.max(1, (state.backoffUntil ?? now) - now));
        }
        break;
      }
    }
    writeStatus(pod, state, ready, now);
  }

  function containerStatus(
    pod: PodLike,
    c: Container,
    state: PodState,
    ready: boolean,
    now: number,
  ) {
    const image = c.image ?? '';
    const base: Record<string, unknown> = {
      name: c.name,
      image,
      imageID: '',
      restartCount: state.restartCount,
      ready: false,
      started: false,
    };
    const existing = ((pod.status?.containerStatuses ?? []) as Record<string, unknown>[]).find(
      (s) => s.name === c.name,
    );
    const containerID = `containerd://${state.containerId}`;
    if (state.lastTerminated) {
      base.lastState = {
        terminated: {
          exitCode: 1,
          reason: 'Error',
          startedAt: rfc3339(new Date(state.lastTerminated.startedAt)),
          finishedAt: rfc3339(new Date(state.lastTerminated.finishedAt)),
          containerID,
        },
      };
    } else if (existing?.lastState !== undefined) base.lastState = existing.lastState;
    if (state.startedAt !== undefined) {
      base.state = { running: { startedAt: rfc3339(new Date(state.startedAt)) } };
      base.ready = ready;
      base.started = true;
      base.imageID = imageRef(image);
      base.containerID = containerID;
    } else if (
      state.mode === 'crashloop' &&
      state.lastTerminated &&
      state.backoffUntil !== undefined &&
      state.backoffUntil <= state.lastTerminated.finishedAt
    ) {
      // Exited, restarting at once (first failure): the terminated state, no back-off yet.
      base.state = structuredClone((base.lastState as { terminated: unknown } | undefined) ?? {});
      delete base.lastState;
      base.imageID = imageRef(image);
      base.containerID = containerID;
    } else if (state.mode === 'crashloop' && state.backoffUntil !== undefined) {
      const seconds = Math.round(
        (state.backoffUntil - (state.lastTerminated?.finishedAt ?? now)) / 1000,
      );
      base.state = {
        waiting: {
          reason: 'CrashLoopBackOff',
          message: `back-off ${seconds}s restarting failed container=${c.name} pod=${pod.metadata.name}_${pod.metadata.namespace}(${state.uid})`,
        },
      };
      base.imageID = imageRef(image);
      base.containerID = containerID;
    } else if (state.mode === 'image-pull-error' && state.pullFailedAt !== undefined) {
      const backoff = now - state.pullFailedAt >= 1000;
      base.state = {
        waiting: backoff
          ? { reason: 'ImagePullBackOff', message: `Back-off pulling image "${image}"` }
          : {
              reason: 'ErrImagePull',
              message: `rpc error: code = NotFound desc = failed to pull and unpack image "${fullImage(image)}": not found`,
            },
      };
    } else {
      base.state = { waiting: { reason: 'ContainerCreating' } };
    }
    return base;
  }

  function writeStatus(pod: PodLike, state: PodState, ready: boolean, now: number): void {
    const containers = (pod.spec?.containers ?? []) as Container[];
    const stamp = rfc3339(new Date(now));
    const current = pod.status ?? {};
    const next = structuredClone(current) as NonNullable<PodLike['status']>;
    next.phase = state.everStarted ? 'Running' : 'Pending';
    const existingConditions = (current.conditions ?? []) as PodCondition[];
    const cond = (
      type: string,
      status: string,
      extra: Partial<PodCondition> = {},
    ): PodCondition => {
      const old = existingConditions.find((c) => c.type === type);
      const sameStatus = old?.status === status;
      const out: PodCondition = {
        type,
        status,
        lastProbeTime: null,
        lastTransitionTime: sameStatus && old?.lastTransitionTime ? old.lastTransitionTime : stamp,
      };
      if (extra.reason) out.reason = extra.reason;
      if (extra.message) out.message = extra.message;
      return out;
    };
    const unready = containers.map((c) => c.name).join(' ');
    const notReady = ready
      ? {}
      : { reason: 'ContainersNotReady', message: `containers with unready status: [${unready}]` };
    const conditions: PodCondition[] = [];
    if (minorVersion >= 29)
      conditions.push(cond('PodReadyToStartContainers', state.ip ? 'True' : 'False'));
    conditions.push(cond('Initialized', 'True'));
    conditions.push(cond('Ready', ready ? 'True' : 'False', notReady));
    conditions.push(cond('ContainersReady', ready ? 'True' : 'False', notReady));
    const scheduled = existingConditions.find((c) => c.type === 'PodScheduled');
    conditions.push(scheduled ?? cond('PodScheduled', 'True'));
    // Keep any condition this kubelet does not manage (readiness gates, DisruptionTarget, …).
    const managed = new Set(conditions.map((c) => c.type));
    for (const c of existingConditions) if (!managed.has(c.type)) conditions.push(c);
    // Existing conditions whose content is unchanged keep their exact form (no rewrite).
    next.conditions = conditions.map((c) => {
      const old = existingConditions.find((o) => o.type === c.type);
      return old && old.status === c.status && old.reason === c.reason && old.message === c.message
        ? old
        : c;
    });
    const node = cache.get('nodes', '', state.node);
    const hostIP = (
      (node?.status as { addresses?: { type: string; address: string }[] } | undefined)
        ?.addresses ?? []
    ).find((a) => a.type === 'InternalIP')?.address;
    if (hostIP) {
      next.hostIP = hostIP;
      next.hostIPs = [{ ip: hostIP }];
    }
    if (state.ip) {
      next.podIP = state.ip;
      next.podIPs = [{ ip: state.ip }];
    }
    next.startTime ??= stamp;
    next.qosClass ??= 'BestEffort';
    const statuses = containers.map((c) => containerStatus(pod, c, state, ready, now));
    // Unchanged container statuses keep their exact form.
    const existingStatuses = (current.containerStatuses ?? []) as Record<string, unknown>[];
    next.containerStatuses = statuses.map((s) => {
      const old = existingStatuses.find((o) => o.name === s.name);
      if (!old) return s;
      const comparable = (o: Record<string, unknown>) => ({
        state: o.state,
        ready: o.ready,
        restartCount: o.restartCount,
        started: o.started,
        lastState: o.lastState ?? {},
      });
      return deepEqual(comparable(old), comparable(s)) ? old : s;
    });
    if (deepEqual(next, current)) return;
    const object = structuredClone(pod) as PodLike;
    object.status = next;
    try {
      store.updateStatus('pods', object, { fieldManager: 'kubelet' });
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  return {
    name: 'kubelet',
    start() {
      if (unsubscribe) return;
      cache.start();
      unsubscribe = cache.on(onEvent);
      queue.start();
      for (const node of cache.list('nodes')) queue.add(`node:${node.metadata.name}`);
      for (const pod of cache.list('pods')) track(pod, false);
      for (const pod of cache.list('pods')) {
        if (!isPodTerminal(pod)) queue.add(`${pod.metadata.namespace}/${pod.metadata.name}`);
      }
    },
    stop() {
      if (!unsubscribe) return;
      unsubscribe();
      unsubscribe = undefined;
      queue.stop();
      cache.stop();
    },
    idle: () => queue.idle(),
  };
}
