/**
 * The kubelet's node lease (upstream pkg/kubelet/nodelease, k8s.io/component-helpers/apimachinery/
 * lease controller): a coordination.k8s.io/v1 Lease `kube-node-lease/<node>` with holderIdentity
 * = the Node's name, leaseDurationSeconds 40 and renewTime refreshed every renew interval (upstream
 * 10 s, a quarter of the duration), owned by the Node (ownerReference apiVersion v1, kind Node,
 * no controller flag) so the garbage collector removes it with the Node — what
 * `kubectl describe node` shows under `Lease:`.
 *
 * Cost: one write per Node per interval, to a kind nothing else here watches. For large
 * clusters the interval stretches so that all Nodes together renew at most
 * MAX_RENEWALS_PER_SECOND times a second (a 5,000-Node benchmark cluster renews each lease every
 * 250 s rather than every 10 s); a renewal only happens from the Node's own timer, never because
 * the Node or a pod changed.
 */
import type { KubeObject } from '../../core/types';
import { isNotFound } from '../util';
import type { KubeletContext } from './context';

export const NODE_LEASE_NAMESPACE = 'kube-node-lease';
export const LEASE_DURATION_SECONDS = 40;
/** upstream renewIntervalFraction 0.25 × 40 s. */
const RENEW_INTERVAL_MS = 10_000;
const MAX_RENEWALS_PER_SECOND = 20;

/** The renew interval for a cluster of `nodes` Nodes. */
export function renewIntervalMs(nodes: number): number {
  return Math.max(RENEW_INTERVAL_MS, Math.ceil((nodes * 1000) / MAX_RENEWALS_PER_SECOND));
}

// Counting Nodes is O(Nodes): done at most once a second per kubelet, not once per Node sync.
const counted = new WeakMap<KubeletContext, { at: number; interval: number }>();

function clusterInterval(ctx: KubeletContext, now: number): number {
  const last = counted.get(ctx);
  if (last && now - last.at < 1000) return last.interval;
  let nodes = 0;
  for (const _ of ctx.cache.list('nodes')) nodes++;
  const interval = renewIntervalMs(nodes);
  counted.set(ctx, { at: now, interval });
  return interval;
}

/** metav1.MicroTime on the wire: RFC 3339 with microseconds. */
function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

function desiredLease(node: KubeObject, existing: KubeObject | undefined, now: number): KubeObject {
  const name = node.metadata.name ?? '';
  // Built shallowly over the stored (frozen) lease, in its key order: the store copies what it
  // is given, so a deep clone here (managedFields included) was pure garbage on every renewal.
  const base: KubeObject = existing ?? {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name, namespace: NODE_LEASE_NAMESPACE },
  };
  return {
    ...base,
    metadata: {
      ...base.metadata,
      ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name, uid: node.metadata.uid ?? '' }],
    },
    spec: {
      ...(base.spec as object | undefined),
      holderIdentity: name,
      leaseDurationSeconds: LEASE_DURATION_SECONDS,
      renewTime: microTime(now),
    },
  };
}

/**
 * Creates or renews the Node's lease when it is missing, not the Node's, or due; answers the
 * delay until the next renewal (undefined when the Node is gone).
 */
export function syncNodeLease(ctx: KubeletContext, nodeName: string): number | undefined {
  const node = ctx.cache.get('nodes', '', nodeName);
  if (!node) return undefined;
  const now = Date.now();
  const interval = clusterInterval(ctx, now);
  const existing = ctx.store.get('leases', NODE_LEASE_NAMESPACE, nodeName);
  const spec = (existing?.spec ?? {}) as { holderIdentity?: string; renewTime?: string };
  const owner = existing?.metadata.ownerReferences?.[0];
  const renewedAt = spec.renewTime ? Date.parse(spec.renewTime) : NaN;
  const due = !(now - renewedAt < interval);
  if (existing && !due && spec.holderIdentity === nodeName && owner?.uid === node.metadata.uid)
    return interval - (now - renewedAt);
  const lease = desiredLease(node, existing, now);
  try {
    if (existing) ctx.store.update('leases', lease, { fieldManager: 'kubelet' });
    else ctx.store.create('leases', lease, { fieldManager: 'kubelet' });
  } catch (error) {
    // Gone meanwhile (or its namespace is): the next renewal tries again.
    if (!isNotFound(error) && (error as { code?: number }).code !== 409) throw error;
  }
  return interval;
}
