/**
 * The workload column of one Service's block: one node per (Service, top-level workload of its
 * pods) between its endpoints and its pods, with a quiet `owns` edge to each of its pods; an
 * expanded one adds its breakdown rows under it. The block's pods are regrouped so that the pods
 * of one workload sit together, and the outline gains the workload as the level between an
 * endpoint and its pod (Service > endpoint > workload > pod).
 *
 * Contract: pure apart from filling the Emission. Traffic edges (endpoint → pod) are untouched
 * and every pod stays drawn; never more than one workload node per (Service, workload), so a big
 * Service costs one node per workload, not per pod. Endpoints collapsed into a group keep their
 * pods undrawn: the workloads then hang off the group node.
 */
import type { PodNode } from '../topology/model';
import type { DrawBlock, OutlineEntry, ServiceContext } from './draw-types';
import { addEdge, childEntry, isDrawn, putNode, type Emission } from './emit';
import type { TopologyIndex } from './topology-index';
import type { WorkloadInfo, WorkloadLookup } from './workloads';

export interface WorkloadEmitOptions {
  lookup: WorkloadLookup;
  /** Workload node ids whose breakdown is shown. */
  expanded: ReadonlySet<string>;
}

export const workloadNodeId = (serviceId: string, w: WorkloadInfo) => `wl:${serviceId}:${w.uid}`;

/** The Service's pods (its endpoints' targets, then the overlay pods), each once. */
function podsOf(ctx: ServiceContext, pods: ReadonlyMap<string, PodNode>): PodNode[] {
  const seen = new Set<string>();
  const out: PodNode[] = [];
  const add = (pod: PodNode | undefined) => {
    if (!pod || seen.has(pod.id)) return;
    seen.add(pod.id);
    out.push(pod);
  };
  for (const ep of ctx.endpoints) if (ep.targetId) add(pods.get(ep.targetId));
  for (const pod of ctx.overlayPods) add(pod);
  return out;
}

/** The distinct workloads of a Service's pods, in the order their pods are listed. */
export function workloadsOfService(
  ctx: ServiceContext,
  pods: ReadonlyMap<string, PodNode>,
  lookup: WorkloadLookup,
): WorkloadInfo[] {
  const out = new Set<WorkloadInfo>();
  for (const pod of podsOf(ctx, pods)) {
    const w = lookup.ofPod(pod);
    if (w) out.add(w);
  }
  return [...out];
}

/** Pods of one workload together, where its first pod was; everything else keeps its place. */
function groupColumn(ids: readonly string[], owners: ReadonlyMap<string, string>): string[] {
  const members = new Map<string, string[]>();
  for (const id of ids) {
    const owner = owners.get(id);
    if (!owner) continue;
    const list = members.get(owner);
    if (list) list.push(id);
    else members.set(owner, [id]);
  }
  const out: string[] = [];
  const done = new Set<string>();
  for (const id of ids) {
    const owner = owners.get(id);
    if (!owner) out.push(id);
    else if (!done.has(owner)) {
      done.add(owner);
      out.push(...(members.get(owner) ?? []));
    }
  }
  return out;
}

/** A copy of `entry` (and its children) under `parent`. */
function moveEntry(parent: OutlineEntry, entry: OutlineEntry) {
  const copy = childEntry(parent, entry.nodeId);
  for (const child of entry.children) moveEntry(copy, child);
}

function workloadEntry(
  parent: OutlineEntry,
  wlId: string,
  revisionIds: readonly string[],
): OutlineEntry {
  const entry = childEntry(parent, wlId);
  for (const id of revisionIds) childEntry(entry, id);
  return entry;
}

/**
 * Inserts the workload level into a Service's outline entry: an endpoint's (or the Service's
 * own, for overlay pods) pod child becomes workload > pod; a collapsed endpoint group lists the
 * workloads under it.
 */
function insertOutlineLevel(
  entry: OutlineEntry,
  podOwner: ReadonlyMap<string, string>,
  revisions: ReadonlyMap<string, string[]>,
  groupId: string | undefined,
) {
  const rebuild = (parent: OutlineEntry, depth: number) => {
    const children = parent.children;
    parent.children = [];
    for (const child of children) {
      const wlId = podOwner.get(child.nodeId);
      if (wlId) moveEntry(workloadEntry(parent, wlId, revisions.get(wlId) ?? []), child);
      else {
        parent.children.push(child);
        if (child.nodeId === groupId)
          for (const [id, revs] of revisions) workloadEntry(child, id, revs);
        else if (depth === 0) rebuild(child, 1);
      }
    }
  };
  rebuild(entry, 0);
}

/** Adds the workload nodes of `ctx` to its block and outline entry (see the header). */
export function emitWorkloads(
  em: Emission,
  index: TopologyIndex,
  ctx: ServiceContext,
  block: DrawBlock,
  entry: OutlineEntry,
  options: WorkloadEmitOptions,
) {
  const { service } = ctx;
  const groupId = `grp:eps:${service.id}`;
  const grouped = em.nodes.get(groupId)?.block === service.id;
  const podOwner = new Map<string, string>();
  const revisions = new Map<string, string[]>();
  const blockOwners = new Map<string, string>();
  for (const pod of podsOf(ctx, index.pods)) {
    const w = options.lookup.ofPod(pod);
    if (!w) continue;
    const id = workloadNodeId(service.id, w);
    if (!isDrawn(em, id)) {
      const expanded = options.expanded.has(id);
      putNode(em, {
        id,
        kind: 'workload',
        column: 2,
        block: block.id,
        service,
        workload: w,
        expanded,
      });
      block.columns[2].push(id);
      const revIds: string[] = [];
      if (expanded) {
        w.revisions.forEach((revision, i) => {
          const revId = `wlrev:${service.id}:${w.uid}:${i}`;
          putNode(em, {
            id: revId,
            kind: 'workload-revision',
            column: 2,
            block: block.id,
            service,
            workload: w,
            revision,
          });
          block.columns[2].push(revId);
          addEdge(em, { id: `${id}->${revId}`, source: id, target: revId, kind: 'owns' });
          revIds.push(revId);
        });
      }
      revisions.set(id, revIds);
      if (grouped)
        addEdge(em, { id: `${groupId}->${id}`, source: groupId, target: id, kind: 'group' });
    }
    const drawn = em.nodes.get(pod.id);
    if (!drawn) continue;
    podOwner.set(pod.id, id);
    addEdge(em, { id: `${id}->${pod.id}`, source: id, target: pod.id, kind: 'owns' });
    if (drawn.block === block.id) blockOwners.set(pod.id, id);
  }
  if (blockOwners.size) {
    block.columns[3] = groupColumn(block.columns[3], blockOwners);
    block.owners = blockOwners;
  }
  insertOutlineLevel(entry, podOwner, revisions, grouped ? groupId : undefined);
}
