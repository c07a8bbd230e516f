/**
 * StatefulSet pod identity and health (upstream pkg/controller/statefulset/stateful_set_utils.go):
 * pod `<set>-<ordinal>` with hostname = its name and subdomain = `spec.serviceName`, labels
 * `statefulset.kubernetes.io/pod-name`, `apps.kubernetes.io/pod-index` (1.28+) and
 * `controller-revision-hash` (the name of its ControllerRevision, revisions.ts), a volume per volumeClaimTemplate
 * naming the claim `<template>-<set>-<ordinal>`, and the set as controller. A pod is healthy when
 * Running and Ready and not being deleted. Pure.
 */
import type { LabelSelector } from '../../core/label-selectors';
import type { KubeObject } from '../../core/types';
import { newControllerRef } from '../controller-ref';
import type { PodTemplate } from '../deployment/util';
import { type PodLike, isPodReady, isPodTerminal } from '../util';

export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';
export const REVISION_LABEL = 'controller-revision-hash';

export interface StatefulSetLike extends KubeObject {
  spec?: {
    replicas?: number;
    selector?: LabelSelector;
    template?: PodTemplate;
    serviceName?: string;
    podManagementPolicy?: 'OrderedReady' | 'Parallel' | string;
    updateStrategy?: { type?: string; rollingUpdate?: { partition?: number } };
    minReadySeconds?: number;
    volumeClaimTemplates?: { metadata?: { name?: string } }[];
  };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    currentReplicas?: number;
    updatedReplicas?: number;
    currentRevision?: string;
    updateRevision?: string;
    collisionCount?: number;
    [key: string]: unknown;
  };
}

const STATEFUL_POD = /^(.*)-([0-9]+)$/;

/** upstream getOrdinal for a member of `set` (getParentNameAndOrdinal); -1 for anything else. */
export function ordinalOf(set: KubeObject, pod: KubeObject): number {
  const match = STATEFUL_POD.exec(pod.metadata.name ?? '');
  if (!match || match[1] !== set.metadata.name) return -1;
  const ordinal = Number(match[2]);
  return Number.isSafeInteger(ordinal) ? ordinal : -1;
}

export const podName = (set: KubeObject, ordinal: number) => `${set.metadata.name}-${ordinal}`;

export const revisionOfPod = (pod: KubeObject) => pod.metadata.labels?.[REVISION_LABEL];

/** upstream isRunningAndReady. */
export function isRunningAndReady(pod: KubeObject): boolean {
  return (pod as PodLike).status?.phase === 'Running' && isPodReady(pod);
}

/** upstream isHealthy: running, ready and not being deleted. */
export function isHealthy(pod: KubeObject): boolean {
  return isRunningAndReady(pod) && !pod.metadata.deletionTimestamp;
}

/** upstream isCreated: the apiserver has given it a phase. */
export const isCreated = (pod: KubeObject) => !!(pod as PodLike).status?.phase;

/**
 * upstream processReplica's `isFailed || isSucceeded`: a pod that finished running, whatever its
 * exit code (a deleted pod's phase comes from how its containers stopped), is to be recreated.
 */
export const isFinished = isPodTerminal;

/** upstream newVersionedStatefulSetPod (initIdentity, updateStorage, the revision label). */
export function newStatefulSetPod(
  set: StatefulSetLike,
  ordinal: number,
  revision: string,
  minorVersion: number,
): KubeObject {
  const template = structuredClone(set.spec?.template ?? {});
  const name = podName(set, ordinal);
  const labels: Record<string, string> = {
    ...(template.metadata?.labels ?? {}),
    [POD_NAME_LABEL]: name,
    [REVISION_LABEL]: revision,
  };
  if (minorVersion >= 28) labels[POD_INDEX_LABEL] = String(ordinal);
  const spec = { ...((template.spec ?? {}) as Record<string, unknown>) };
  spec.hostname = name;
  if (set.spec?.serviceName) spec.subdomain = set.spec.serviceName;
  const claims = (set.spec?.volumeClaimTemplates ?? []).map((claim) => claim.metadata?.name ?? '');
  if (claims.length > 0) {
    const others = ((spec.volumes ?? []) as { name: string }[]).filter(
      (v) => !claims.includes(v.name),
    );
    spec.volumes = [
      ...claims.map((claim) => ({
        name: claim,
        persistentVolumeClaim: { claimName: `${claim}-${set.metadata.name}-${ordinal}` },
      })),
      ...others,
    ];
  }
  const metadata: KubeObject['metadata'] = {
    name,
    namespace: set.metadata.namespace,
    labels,
    ownerReferences: [newControllerRef(set, 'apps/v1', 'StatefulSet')],
  };
  if (template.metadata?.annotations) metadata.annotations = template.metadata.annotations;
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec };
}
