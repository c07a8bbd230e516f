import 'server-only';
/**
 * `kubectl rollout undo deployment/x [--to-revision=N]` as data: the JSON patch kubectl would
 * send, built the way upstream's DeploymentRollbacker does
 * (staging/src/k8s.io/kubectl/pkg/polymorphichelpers/rollback.go) — so a dry run of it shows
 * exactly what the command would change.
 *
 * Contract: the Deployment's ReplicaSets are those it controls (ownerReferences with
 * `controller: true` and its uid); each one's revision is its `deployment.kubernetes.io/revision`
 * annotation. With no revision asked, the target is the second newest (the previous revision).
 * The patch replaces `/spec/template` with that ReplicaSet's template minus the
 * `pod-template-hash` label, and `/metadata/annotations` with the Deployment's own
 * bookkeeping annotations plus the ReplicaSet's others. Where kubectl would not send a patch it
 * answers `note` with kubectl's reason instead: no rollout history, no such revision, a paused
 * Deployment, a template that already matches.
 */
import { canonicalJson } from '@/lib/topology/validation';
import { collectionPath } from '../kinds';
import { templateWithoutHash } from '../pod-template';
import { ok, statusOf, type KubeSend } from './client';
import { arr, rec } from './edit-current';

const REVISION = 'deployment.kubernetes.io/revision';

/** Kept from the Deployment, never copied from the ReplicaSet (rollback.go annotationsToSkip). */
const ANNOTATIONS_TO_SKIP = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION,
  'deployment.kubernetes.io/revision-history',
  'deployment.kubernetes.io/desired-replicas',
  'deployment.kubernetes.io/max-replicas',
  'deprecated.deployment.rollback.to',
]);

export type UndoPlan =
  { patch: unknown[]; revision: number } | { note: string } | { error: string; status: number };

interface Obj {
  metadata?: { name?: string; uid?: string; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
}

function revisionOf(rs: Obj): number | undefined {
  const text = rs.metadata?.annotations?.[REVISION];
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined;
}

async function controlledReplicaSets(send: KubeSend, deployment: Obj, namespace: string) {
  const response = await send({ method: 'GET', path: collectionPath('ReplicaSet', namespace) });
  if (!ok(response)) return { error: statusOf(response).message, status: response.status };
  const uid = deployment.metadata?.uid;
  const items = arr(rec(response.body).items) as (Obj & {
    metadata?: { ownerReferences?: { uid?: string; controller?: boolean }[] };
  })[];
  return items.filter((rs) =>
    (rs.metadata?.ownerReferences ?? []).some((o) => o.controller === true && o.uid === uid),
  );
}

export async function planDeploymentUndo(
  send: KubeSend,
  deployment: Obj,
  namespace: string,
  toRevision: number | undefined,
): Promise<UndoPlan> {
  const name = deployment.metadata?.name ?? '';
  const all = await controlledReplicaSets(send, deployment, namespace);
  if (!Array.isArray(all)) return all;
  let target: Obj | undefined;
  let revision = -1;
  if (toRevision !== undefined) {
    target = all.find((rs) => revisionOf(rs) === toRevision);
    if (!target) return { note: `unable to find specified revision ${toRevision} in history` };
    revision = toRevision;
  } else {
    // The second newest revision, as deploymentRevision() picks it for toRevision 0.
    const sorted = all
      .map((rs) => ({ rs, v: revisionOf(rs) }))
      .filter((x): x is { rs: Obj; v: number } => x.v !== undefined)
      .sort((a, b) => b.v - a.v);
    const previous = sorted[1];
    if (!previous) return { note: `no rollout history found for deployment "${name}"` };
    target = previous.rs;
    revision = previous.v;
  }
  if (deployment.spec?.paused === true) {
    return {
      note: `you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume deployment/${name}' and try again`,
    };
  }
  const template = templateWithoutHash(target.spec?.template);
  if (canonicalJson(template) === canonicalJson(templateWithoutHash(deployment.spec?.template))) {
    return { note: `skipped rollback (current template already matches revision ${revision})` };
  }
  const annotations: Record<string, string> = {};
  const own = deployment.metadata?.annotations ?? {};
  for (const key of ANNOTATIONS_TO_SKIP) if (key in own) annotations[key] = own[key]!;
  for (const [key, value] of Object.entries(target.metadata?.annotations ?? {})) {
    if (!ANNOTATIONS_TO_SKIP.has(key)) annotations[key] = value;
  }
  return {
    revision,
    patch: [
      { op: 'replace', path: '/spec/template', value: template },
      { op: 'replace', path: '/metadata/annotations', value: annotations },
    ],
  };
}
