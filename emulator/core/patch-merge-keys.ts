/**
 * How a strategic merge patch treats each list of the served kinds: the `patchStrategy` and
 * `patchMergeKey` struct tags of k8s.io/api (merge by a key, merge as a set of primitives, or
 * replace atomically), looked up by the list's path from the object root. Server-side apply
 * reads the same facts (a merge-keyed list is an associative list).
 */
import type { ResourceName } from './types';

export type ListStrategy =
  | { type: 'merge'; key: string; secondaryKey?: { name: string; default: string } }
  | { type: 'set' }
  | { type: 'atomic' };

const CONTAINER_LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers']);

function podSpecListStrategy(rel: string[]): ListStrategy | undefined {
  const [a, b] = rel;
  if (rel.length === 1 && a) {
    if (CONTAINER_LISTS.has(a)) return { type: 'merge', key: 'name' };
    if (a === 'volumes' || a === 'imagePullSecrets') return { type: 'merge', key: 'name' };
    if (a === 'schedulingGates' || a === 'resourceClaims') return { type: 'merge', key: 'name' };
    if (a === 'hostAliases') return { type: 'merge', key: 'ip' };
    if (a === 'topologySpreadConstraints') return { type: 'merge', key: 'topologyKey' };
  }
  if (rel.length === 2 && a && CONTAINER_LISTS.has(a)) {
    if (b === 'ports') {
      return {
        type: 'merge',
        key: 'containerPort',
        secondaryKey: { name: 'protocol', default: 'TCP' },
      };
    }
    if (b === 'env') return { type: 'merge', key: 'name' };
    if (b === 'volumeMounts') return { type: 'merge', key: 'mountPath' };
    if (b === 'volumeDevices') return { type: 'merge', key: 'devicePath' };
  }
  return undefined;
}

/**
 * The patch strategy of the list at `path` (field names from the object root, list indices
 * removed), from the k8s.io/api struct tags of the served kinds.
 */
export function listStrategy(resource: ResourceName | 'scale', path: string[]): ListStrategy {
  const p = path.join('.');
  if (p === 'metadata.ownerReferences' || p === 'spec.template.metadata.ownerReferences') {
    return { type: 'merge', key: 'uid' };
  }
  if (p === 'metadata.finalizers' || p === 'spec.template.metadata.finalizers')
    return { type: 'set' };
  const podSpecRoot =
    resource === 'pods'
      ? ['spec']
      : ['deployments', 'replicasets', 'statefulsets', 'daemonsets'].includes(resource)
        ? ['spec', 'template', 'spec']
        : undefined;
  if (podSpecRoot && podSpecRoot.every((s, i) => path[i] === s)) {
    const strategy = podSpecListStrategy(path.slice(podSpecRoot.length));
    if (strategy) return strategy;
  }
  switch (resource) {
    case 'pods':
      if (p === 'status.conditions') return { type: 'merge', key: 'type' };
      if (p === 'status.podIPs' || p === 'status.hostIPs') return { type: 'merge', key: 'ip' };
      break;
    case 'services':
      if (p === 'spec.ports') {
        return { type: 'merge', key: 'port', secondaryKey: { name: 'protocol', default: 'TCP' } };
      }
      if (p === 'status.conditions') return { type: 'merge', key: 'type' };
      break;
    case 'deployments':
    case 'replicasets':
    case 'statefulsets':
    case 'daemonsets':
    case 'poddisruptionbudgets':
    case 'namespaces':
      if (p === 'status.conditions') return { type: 'merge', key: 'type' };
      break;
    case 'serviceaccounts':
      if (p === 'secrets') return { type: 'merge', key: 'name' };
      break;
    case 'nodes':
      if (p === 'status.conditions' || p === 'status.addresses')
        return { type: 'merge', key: 'type' };
      if (p === 'spec.podCIDRs') return { type: 'set' };
      break;
    default:
      break;
  }
  return { type: 'atomic' };
}
