import 'server-only';
/**
 * "Preview this fix": a diagnosis's suggested fix sent to the API server as a dry run
 * (`dryRun=All`), answered as the field-level diff of the object it changes.
 *
 * Contract: the browser names only the cause (`{ code }`); the fix is derived again here from
 * the server's own, current diagnosis, so nothing a page sends is ever patched into the cluster.
 * Refused in read-only mode before anything is read. Only fixes `previewable()` allows are sent
 * (lib/topology/diagnosis/fix-request.ts); each is the same request as the command offered to
 * copy: a Service merge/JSON patch, a merge patch of `spec.replicas` on the workload itself (the
 * diff then shows the object, not a Scale), or a Deployment's rollout undo as kubectl builds it
 * (deployment-undo.ts). Nothing is stored: a dry run leaves the object's resourceVersion as it
 * was. A cause that no longer has a fix is a conflict (the cluster moved on); the API server's
 * refusals travel as the write outcomes do (403 forbidden, 409 conflict, else failed).
 */
import { z } from 'zod';
import type { FixPreview, WriteResult } from '@/lib/api/write-results';
import { previewBlocker, type FixRequest, type ServiceDiagnosis } from '@/lib/topology/diagnosis';
import { itemPath, KINDS } from '../kinds';
import { FIELD_MANAGER, ok, statusOf, type KubeResponse, type KubeSend } from './client';
import { failed, focusOf, kubernetesStatusOf } from './cluster-answers';
import { readOnlyMessage, type WriteDeps } from './deps';
import { planDeploymentUndo } from './deployment-undo';
import { rec } from './edit-current';
import { fieldDiff } from './field-diff';

const bodySchema = z.object({ code: z.string().min(1).max(64) }).strict();

const DRY_RUN = `dryRun=All&fieldManager=${FIELD_MANAGER}`;
const MERGE = 'application/merge-patch+json';
const JSON_PATCH = 'application/json-patch+json';

type Kind = 'Service' | 'Deployment' | 'StatefulSet' | 'ReplicaSet' | 'DaemonSet';

function kindOf(request: FixRequest): Kind {
  return request.action === 'patch-service' ? 'Service' : request.kind;
}

function refusal(response: KubeResponse, kind: Kind, namespace: string, what: string): WriteResult {
  const { message } = statusOf(response);
  const status = kubernetesStatusOf(response);
  const text = `${what} would fail: ${message}.`;
  if (response.status === 403) {
    const { resource, group } = KINDS[kind];
    return {
      status: 'forbidden',
      message: text,
      denied: [{ verb: 'patch', resource, group, namespace, message: text }],
      ...status,
    };
  }
  if (response.status === 409) return { status: 'conflict', message: text, ...status };
  return failed(text, status);
}

/** The patch the fix's command would send, or kubectl's reason for sending none. */
async function patchOf(
  send: KubeSend,
  request: FixRequest,
  before: unknown,
): Promise<{ contentType: string; body: unknown } | { note: string } | KubeResponse> {
  switch (request.action) {
    case 'patch-service':
      return {
        contentType: request.patchType === 'merge' ? MERGE : JSON_PATCH,
        body: request.patch,
      };
    case 'scale':
      return { contentType: MERGE, body: { spec: { replicas: request.replicas } } };
    case 'rollout-undo': {
      const plan = await planDeploymentUndo(
        send,
        rec(before),
        request.namespace,
        request.toRevision,
      );
      if ('error' in plan) return { status: plan.status, body: { message: plan.error } };
      if ('note' in plan) return plan;
      return { contentType: JSON_PATCH, body: plan.patch };
    }
  }
}

/** Dry-runs one fix request against the cluster and answers the object's diff. */
export async function dryRunFix(
  send: KubeSend,
  code: string,
  command: string,
  request: FixRequest,
): Promise<WriteResult> {
  const kind = kindOf(request);
  const { namespace, name } = request;
  const label = `${kind} ${namespace}/${name}`;
  const path = itemPath(kind, namespace, name);
  const current = await send({ method: 'GET', path });
  if (!ok(current)) return refusal(current, kind, namespace, `Reading ${label}`);
  const base: Omit<FixPreview, 'changes'> = {
    status: 'fix-preview',
    focus: focusOf(namespace, name),
    code,
    command,
    target: {
      kind,
      namespace,
      name,
      ...(typeof rec(rec(current.body).metadata).resourceVersion === 'string'
        ? { resourceVersion: rec(rec(current.body).metadata).resourceVersion as string }
        : {}),
    },
  };
  const patch = await patchOf(send, request, current.body);
  if ('status' in patch) return refusal(patch, 'ReplicaSet', namespace, `Listing ReplicaSets`);
  if ('note' in patch) return { ...base, changes: [], note: patch.note };
  const response = await send({
    method: 'PATCH',
    path: `${path}?${DRY_RUN}`,
    contentType: patch.contentType,
    body: patch.body,
  });
  if (!ok(response)) return refusal(response, kind, namespace, `Patching ${label}`);
  return { ...base, changes: fieldDiff(current.body, response.body) };
}

/**
 * The preview route's work: read-only refusal, the body, the current diagnosis (`diagnose`,
 * only called once the request is acceptable), the cause's fix, its dry run.
 */
export async function previewFix(
  deps: WriteDeps,
  diagnose: () => Promise<ServiceDiagnosis>,
  body: unknown,
): Promise<WriteResult> {
  if (deps.readOnly) return { status: 'read-only', message: readOnlyMessage(deps) };
  const parsed = bodySchema.safeParse(body);
  if (!parsed.success) {
    return {
      status: 'invalid',
      errors: [{ field: 'code', message: 'Send { "code": <the cause whose fix to preview> }.' }],
    };
  }
  const { code } = parsed.data;
  const diagnosis = await diagnose();
  const fix = diagnosis.reasons.find((r) => r.code === code && r.fix)?.fix;
  if (!fix) {
    return {
      status: 'conflict',
      message: `${diagnosis.namespace}/${diagnosis.name} has no suggested fix for "${code}" now: the cause may have cleared or changed.`,
      focus: focusOf(diagnosis.namespace, diagnosis.name),
    };
  }
  const blocker = previewBlocker(fix.request);
  if (blocker) {
    return {
      status: 'invalid',
      errors: [{ field: 'code', message: `The fix for "${code}" has no preview: ${blocker}` }],
    };
  }
  return dryRunFix(deps.send, code, fix.command, fix.request);
}
