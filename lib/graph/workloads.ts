/**
 * The workload a drawn pod belongs to, in the words the map shows: a pod's top-level owner
 * (its Deployment through its ReplicaSet, its StatefulSet, DaemonSet, or a bare ReplicaSet) as
 * one line (`Deployment api · rev 7 · 3/5 ready`) and, for the expanded node, its breakdown — a
 * Deployment's ReplicaSets by revision (`rev 7 (new): 0/2 ready · image nginx:bad`), a
 * StatefulSet's update and current revisions — which is what a stuck rollout needs to show.
 *
 * Contract: pure. `indexWorkloads(snapshot)` is built once per snapshot; `createWorkloadIndex()`
 * keeps one lookup (and so the same `WorkloadInfo` objects) for as long as the workload records
 * are the same objects, which lets the drawing reuse the blocks of Services whose pods did not move;
 * `ofPod` follows the pod's controlling owner by kind/namespace/name (at most one object of a
 * kind has a name in a namespace at a time), then a ReplicaSet's own controlling Deployment. A pod
 * with no controller, or whose owner the snapshot lacks, has no workload. A Deployment's new
 * ReplicaSet is `newReplicaSetOf`'s (its template is the Deployment's); while a Recreate rollout
 * has not made it yet, the breakdown says so.
 */
import type { PodNode } from '../topology/model';
import type {
  ClusterSnapshot,
  DeploymentRecord,
  ReplicaSetRecord,
  WorkloadRecord,
} from '../topology/records';
import { newReplicaSetOf } from '../topology/workload-records';

/** How the workload stands: every pod ready, a rollout under way, short of ready, none ready. */
export type WorkloadState = 'ready' | 'rolling' | 'short' | 'down';

/** One row of an expanded workload's breakdown. */
export interface WorkloadRevision {
  /** `rev 7 (new): 0/2 ready · image nginx:bad`. */
  text: string;
  /** The new revision of a rollout (Deployment) or the update revision (StatefulSet). */
  isNew: boolean;
  state: WorkloadState;
}

export interface WorkloadInfo {
  /** The workload object's uid. */
  uid: string;
  kind: WorkloadRecord['kind'];
  namespace: string;
  name: string;
  ready: number;
  desired: number;
  state: WorkloadState;
  /** `Deployment api · rev 7 · 3/5 ready`. */
  label: string;
  revisions: WorkloadRevision[];
}

export interface WorkloadLookup {
  /** The pod's top-level workload, if it has one the snapshot holds. */
  ofPod(pod: PodNode): WorkloadInfo | undefined;
}

/** At most this many ReplicaSets are listed in a Deployment's breakdown (newest first). */
const MAX_REVISIONS = 5;

type WorkloadLists = Pick<
  ClusterSnapshot,
  'deployments' | 'replicaSets' | 'statefulSets' | 'daemonSets'
>;

function stateOf(ready: number, desired: number, rolling: boolean): WorkloadState {
  if (rolling) return 'rolling';
  if (ready >= desired) return desired === 0 ? 'down' : 'ready';
  return ready === 0 ? 'down' : 'short';
}

function imageText(images: readonly string[]): string {
  if (images.length === 0) return '';
  return ` · image ${images[0]}${images.length > 1 ? ` +${images.length - 1}` : ''}`;
}

function revisionNumber(rs: ReplicaSetRecord): number {
  const n = Number(rs.revision);
  return Number.isFinite(n) ? n : -1;
}

function deploymentInfo(d: DeploymentRecord, sets: readonly ReplicaSetRecord[]): WorkloadInfo {
  const newRs = newReplicaSetOf(d, sets);
  // Old ReplicaSets scaled to zero are history, not part of what serves now.
  const shown = sets
    .filter((rs) => rs === newRs || rs.replicas > 0 || rs.status.replicas > 0)
    .sort((a, b) => revisionNumber(b) - revisionNumber(a) || (a.meta.name < b.meta.name ? -1 : 1))
    .slice(0, MAX_REVISIONS);
  const rolling =
    (!newRs && sets.length > 0) ||
    shown.some((rs) => rs !== newRs) ||
    (d.status.updated ?? 0) < d.replicas ||
    (d.observedGeneration ?? d.generation) < d.generation;
  const revisions = shown.map((rs): WorkloadRevision => {
    const isNew = rs === newRs;
    const name = rs.revision ? `rev ${rs.revision}` : `ReplicaSet ${rs.meta.name}`;
    return {
      text: `${name}${isNew && rolling ? ' (new)' : ''}: ${rs.status.ready}/${rs.replicas} ready${imageText(rs.images)}`,
      isNew,
      state: stateOf(rs.status.ready, rs.replicas, false),
    };
  });
  // A Recreate rollout makes its new ReplicaSet only once the old pods are gone.
  if (!newRs && sets.length > 0)
    revisions.unshift({
      text: `new revision (new): not created yet${imageText(d.images)}`,
      isNew: true,
      state: 'down',
    });
  const ready = d.status.ready;
  return {
    uid: d.meta.uid,
    kind: d.kind,
    namespace: d.meta.namespace,
    name: d.meta.name,
    ready,
    desired: d.replicas,
    state: stateOf(ready, d.replicas, rolling),
    label: `Deployment ${d.meta.name}${d.revision ? ` · rev ${d.revision}` : ''} · ${ready}/${d.replicas} ready`,
    revisions,
  };
}

function otherInfo(w: Exclude<WorkloadRecord, DeploymentRecord>): WorkloadInfo {
  const base = { uid: w.meta.uid, kind: w.kind, namespace: w.meta.namespace, name: w.meta.name };
  const images = imageText(w.images);
  if (w.kind === 'DaemonSet') {
    const s = w.status;
    const rolling = s.updated < s.desired;
    return {
      ...base,
      ready: s.ready,
      desired: s.desired,
      state: stateOf(s.ready, s.desired, rolling),
      label: `DaemonSet ${w.meta.name} · ${s.ready}/${s.desired} ready`,
      revisions: [
        {
          text: `${s.updated} of ${s.desired} updated · ${s.ready}/${s.desired} ready${images}`,
          isNew: rolling,
          state: stateOf(s.ready, s.desired, false),
        },
      ],
    };
  }
  const ready = w.status.ready;
  if (w.kind === 'StatefulSet') {
    const update = w.updateRevision;
    const current = w.currentRevision;
    const rolling = update !== undefined && current !== undefined && update !== current;
    const updated = w.status.updated ?? 0;
    const revisions: WorkloadRevision[] = rolling
      ? [
          {
            text: `update revision ${update} (new): ${updated} of ${w.replicas} updated${images}`,
            isNew: true,
            state: stateOf(updated, w.replicas, false),
          },
          {
            text: `current revision ${current}: ${Math.max(0, w.status.replicas - updated)} not yet updated`,
            isNew: false,
            state: 'ready',
          },
        ]
      : [
          {
            text: `revision ${current ?? update ?? '(unknown)'}: ${ready}/${w.replicas} ready${images}`,
            isNew: false,
            state: stateOf(ready, w.replicas, false),
          },
        ];
    return {
      ...base,
      ready,
      desired: w.replicas,
      state: stateOf(ready, w.replicas, rolling),
      label: `StatefulSet ${w.meta.name} · ${ready}/${w.replicas} ready${rolling ? ` · updating to ${update}` : ''}`,
      revisions,
    };
  }
  return {
    ...base,
    ready,
    desired: w.replicas,
    state: stateOf(ready, w.replicas, false),
    label: `ReplicaSet ${w.meta.name} · ${ready}/${w.replicas} ready`,
    revisions: [
      {
        text: `${w.revision ? `rev ${w.revision}: ` : ''}${ready}/${w.replicas} ready${images}`,
        isNew: false,
        state: stateOf(ready, w.replicas, false),
      },
    ],
  };
}

const keyOf = (kind: string, namespace: string, name: string) => `${kind}/${namespace}/${name}`;

export function indexWorkloads(snapshot: WorkloadLists): WorkloadLookup {
  const byKey = new Map<string, WorkloadRecord>();
  const lists: readonly (readonly WorkloadRecord[])[] = [
    snapshot.deployments ?? [],
    snapshot.replicaSets ?? [],
    snapshot.statefulSets ?? [],
    snapshot.daemonSets ?? [],
  ];
  for (const list of lists)
    for (const w of list) byKey.set(keyOf(w.kind, w.meta.namespace, w.meta.name), w);
  const setsOf = new Map<DeploymentRecord, ReplicaSetRecord[]>();
  for (const rs of snapshot.replicaSets ?? []) {
    const owner = rs.owner?.kind === 'Deployment' ? topOf(rs) : undefined;
    if (owner?.kind !== 'Deployment') continue;
    const list = setsOf.get(owner);
    if (list) list.push(rs);
    else setsOf.set(owner, [rs]);
  }
  const infos = new Map<WorkloadRecord, WorkloadInfo>();

  /** The workload itself, or the Deployment that controls it. */
  function topOf(w: WorkloadRecord): WorkloadRecord {
    if (w.kind !== 'ReplicaSet' || w.owner?.kind !== 'Deployment') return w;
    const d = byKey.get(keyOf('Deployment', w.meta.namespace, w.owner.name));
    return d && (w.owner.uid === undefined || w.owner.uid === d.meta.uid) ? d : w;
  }

  function infoOf(w: WorkloadRecord): WorkloadInfo {
    let info = infos.get(w);
    if (!info) {
      info = w.kind === 'Deployment' ? deploymentInfo(w, setsOf.get(w) ?? []) : otherInfo(w);
      infos.set(w, info);
    }
    return info;
  }

  return {
    ofPod(pod) {
      if (!pod.owner) return undefined;
      const direct = byKey.get(keyOf(pod.owner.kind, pod.namespace, pod.owner.name));
      return direct ? infoOf(topOf(direct)) : undefined;
    },
  };
}

const WORKLOAD_KINDS = ['deployments', 'replicaSets', 'statefulSets', 'daemonSets'] as const;

/**
 * `indexWorkloads` memoised by the workload records themselves, not by the snapshot holding them:
 * a batch that changed pods or Services only returns the previous lookup. O(workload records)
 * per call (identity compares).
 */
export function createWorkloadIndex(): (snapshot: WorkloadLists) => WorkloadLookup {
  let last: { lists: (readonly WorkloadRecord[])[]; lookup: WorkloadLookup } | null = null;
  return (snapshot) => {
    const lists = WORKLOAD_KINDS.map((kind) => snapshot[kind] ?? []);
    const same =
      last &&
      lists.every((list, k) => {
        const before = last!.lists[k]!;
        return list.length === before.length && list.every((w, i) => w === before[i]);
      });
    if (same) return last!.lookup;
    last = { lists, lookup: indexWorkloads(snapshot) };
    return last.lookup;
  };
}
