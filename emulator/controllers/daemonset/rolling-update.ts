/**
 * What one pass of a RollingUpdate DaemonSet replaces (upstream pkg/controller/daemon/update.go
 * rollingUpdate, updatedDesiredNodeCounts and findUpdatedPodsOnNode): the old pods to delete and
 * the Nodes to create a new pod on. Pure: sync.ts carries it out.
 *
 * The pods are those of sync.ts podsByNode: a pod being deleted is still there until it is gone
 * or terminal, so its Node counts as one without an available pod, and the pod itself is never
 * deleted again nor counted as the Node's old or new pod.
 *
 * - maxSurge 0 (the default): old pods are deleted, unavailable ones at once and available ones
 *   while fewer than maxUnavailable Nodes are unavailable; the new pod is manage's to create, and
 *   it does so only once the old pod is gone (sync.ts manage).
 * - maxSurge > 0: a new pod is created beside the old one, at once where the old is unavailable
 *   and otherwise on at most maxSurge Nodes at a time; the old pod is deleted once the new one is
 *   available (here) or the old one is no longer ready (manage).
 */
import type { KubeObject } from '../../core/types';
import { scaledValue } from '../deployment/util';
import { isPodAvailable } from '../replicaset/pod-ranking';

export const REVISION_LABEL = 'controller-revision-hash';

export interface RollingUpdateSpec {
  maxUnavailable?: number | string;
  maxSurge?: number | string;
}

export interface RollingUpdatePlan {
  /** Old pods to delete. */
  remove: KubeObject[];
  /** Nodes to create a pod of the current revision on. */
  createOn: string[];
}

/** upstream util.SurgeCount / UnavailableCount: the bound against `desired` Nodes, rounded up. */
function scaledCount(value: number | string | undefined, desired: number): number {
  return scaledValue(value ?? 0, desired, true);
}

/** upstream util.AllowsSurge: whether a Node may hold an old and a new pod at once. */
export function allowsSurge(rollingUpdate: RollingUpdateSpec | undefined): boolean {
  return scaledCount(rollingUpdate?.maxSurge, 1) !== 0;
}

/**
 * upstream findUpdatedPodsOnNode: the Node's new and old pod, pods being deleted left out;
 * undefined when it has more than one of either (manage prunes those first).
 */
function podsOnNode(
  pods: readonly KubeObject[],
  hash: string,
): { current?: KubeObject; old?: KubeObject } | undefined {
  let current: KubeObject | undefined;
  let old: KubeObject | undefined;
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp) continue;
    if (pod.metadata.labels?.[REVISION_LABEL] === hash) {
      if (current) return undefined;
      current = pod;
    } else {
      if (old) return undefined;
      old = pod;
    }
  }
  return { current, old };
}

/** The first `room` (at least none, at most all) of `candidates`. */
const within = <T>(candidates: T[], room: number): T[] =>
  candidates.slice(0, Math.max(0, Math.min(room, candidates.length)));

export function planRollingUpdate(input: {
  rollingUpdate: RollingUpdateSpec | undefined;
  /** Nodes that should run the daemon pod (upstream desiredNumberScheduled). */
  desired: number;
  byNode: ReadonlyMap<string, readonly KubeObject[]>;
  hash: string;
  minReadySeconds: number;
  now: number;
}): RollingUpdatePlan {
  const { rollingUpdate, desired, byNode, hash, minReadySeconds, now } = input;
  const available = (pod: KubeObject) => isPodAvailable(pod, minReadySeconds, now);
  const maxSurge = scaledCount(rollingUpdate?.maxSurge, desired);
  let maxUnavailable = scaledCount(rollingUpdate?.maxUnavailable, desired);
  // Validation forbids both zero; were they, upstream falls back to accepting one unavailable.
  if (desired > 0 && maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;

  if (maxSurge === 0) {
    let unavailable = 0;
    const replace: KubeObject[] = [];
    const candidates: KubeObject[] = [];
    for (const pods of byNode.values()) {
      const found = podsOnNode(pods, hash);
      if (!found || (!found.current && !found.old) || (found.current && found.old)) {
        // Excess pods, a pod terminating, or nothing yet: manage acts there; unavailable meanwhile.
        unavailable++;
      } else if (found.current) {
        if (!available(found.current)) unavailable++;
      } else if (found.old && !available(found.old)) {
        replace.push(found.old);
      } else if (found.old && unavailable < maxUnavailable) {
        candidates.push(found.old);
      }
    }
    return {
      remove: [...replace, ...within(candidates, maxUnavailable - unavailable)],
      createOn: [],
    };
  }

  let surging = 0;
  const remove: KubeObject[] = [];
  const allowed: string[] = [];
  const candidates: string[] = [];
  for (const [nodeName, pods] of byNode) {
    const found = podsOnNode(pods, hash);
    if (!found) {
      surging++;
    } else if (!found.old) {
      // Up to date, or nothing live yet: manage creates where none is.
    } else if (!found.current) {
      if (!available(found.old)) allowed.push(nodeName);
      else if (surging < maxSurge) candidates.push(nodeName);
    } else if (!available(found.current)) {
      surging++;
    } else {
      remove.push(found.old);
    }
  }
  return { remove, createOn: [...allowed, ...within(candidates, maxSurge - surging)] };
}
