/**
 * Raw Pod → PodRecord (the slimmer of slim.ts for pods, the most numerous kind).
 *
 * Contract: keeps only what records.ts declares for a pod; repeated values (node names, reasons,
 * container ports and statuses, owners) go through the intern pool. A scheduled, running pod of
 * a controller is built in one object literal, in the same field order as any other pod, so it
 * costs less memory and serialises alike.
 */
import type {
  ContainerPortRecord,
  ContainerStatusRecord,
  PodRecord,
  RecordMeta,
} from '../topology/records';
import { arr, exact, num, ownerOf, str, type Any, type InternPool } from './slim-common';

const PHASES = ['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown'] as const;

function containerPortsOf(spec: Any, pool: InternPool): ContainerPortRecord[] {
  const ports: ContainerPortRecord[] = [];
  for (const c of arr(spec.containers)) {
    for (const p of arr(c?.ports)) {
      const port: ContainerPortRecord = {
        containerPort: num(p?.containerPort) ?? 0,
        protocol: pool.s(str(p?.protocol) ?? 'TCP'),
      };
      if (str(p?.name)) port.name = pool.s(str(p.name));
      ports.push(port);
    }
  }
  return pool.v(exact(ports));
}

function containersOf(status: Any, pool: InternPool): ContainerStatusRecord[] {
  const containers: ContainerStatusRecord[] = [];
  for (const cs of arr(status.containerStatuses)) {
    const state = cs?.state ?? {};
    const which = state.running
      ? 'running'
      : state.waiting
        ? 'waiting'
        : state.terminated
          ? 'terminated'
          : 'unknown';
    const detail = state.waiting ?? state.terminated;
    const out: ContainerStatusRecord = {
      name: pool.s(str(cs?.name) ?? ''),
      ready: cs?.ready === true,
      restartCount: num(cs?.restartCount) ?? 0,
      state: which,
    };
    if (str(detail?.reason)) out.reason = pool.s(str(detail.reason));
    if (str(detail?.message)) out.message = str(detail.message);
    containers.push(out);
  }
  return pool.v(exact(containers));
}

export function slimPod(raw: Any, meta: RecordMeta, pool: InternPool): PodRecord {
  const spec = raw.spec ?? {};
  const status = raw.status ?? {};
  const conditions = arr(status.conditions);
  const readyCond = conditions.find((c: Any) => c?.type === 'Ready');
  const scheduledCond = conditions.find((c: Any) => c?.type === 'PodScheduled');
  const phase = PHASES.find((p) => p === status.phase) ?? 'Pending';
  const ready = readyCond?.status === 'True';
  const scheduled = scheduledCond ? scheduledCond.status === 'True' : !!spec.nodeName;
  const containerPorts = containerPortsOf(spec, pool);
  const containers = containersOf(status, pool);
  const nodeName = str(spec.nodeName) ? pool.s(str(spec.nodeName)) : undefined;
  const podIP = str(status.podIP) || undefined;
  const ips = arr(status.podIPs)
    .map((p: Any) => str(p?.ip))
    .filter((x): x is string => !!x);
  // podIPs repeats podIP in the single-stack case; keep it only when it says more.
  const podIPs = ips.length > 1 || (ips.length === 1 && ips[0] !== podIP) ? exact(ips) : undefined;
  // A pod the scheduler cannot place usually has no Ready condition at all: the scheduler's
  // reason and message (PodScheduled=False, `0/3 nodes are available: …`) are then the answer.
  const why =
    scheduledCond?.status === 'False'
      ? scheduledCond
      : readyCond && readyCond.status !== 'True'
        ? readyCond
        : undefined;
  const readyReason = str(why?.reason) ? pool.s(str(why?.reason)) : undefined;
  const readyMessage = str(why?.message) ? pool.s(str(why?.message)) : undefined;
  const owner = ownerOf(raw.metadata, pool);
  const hostNetwork = spec.hostNetwork === true;
  // A scheduled, running pod of a controller in one literal (see targetRefOf): the field order
  // is the one below, so both serialise alike.
  if (nodeName && podIP && !podIPs && !readyReason && !readyMessage && owner && !hostNetwork) {
    return {
      kind: 'Pod',
      meta,
      phase,
      ready,
      scheduled,
      containerPorts,
      containers,
      nodeName,
      podIP,
      owner,
    };
  }
  const rec: PodRecord = {
    kind: 'Pod',
    meta,
    phase,
    ready,
    scheduled,
    containerPorts,
    containers,
  };
  if (nodeName) rec.nodeName = nodeName;
  if (podIP) rec.podIP = podIP;
  if (podIPs) rec.podIPs = podIPs;
  if (hostNetwork) rec.hostNetwork = true;
  if (readyReason) rec.readyReason = readyReason;
  if (readyMessage) rec.readyMessage = readyMessage;
  if (owner) rec.owner = owner;
  return rec;
}
