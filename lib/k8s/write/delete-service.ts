import 'server-only';
/**
 * Deleting a selector-less Service the external-Service form can manage, with what goes with it:
 * the delete dialog's read (`readDeletion`) and the delete (`deleteExternalService`).
 *
 * Contract: which Services may be deleted here is the edit form's one decision
 * (lib/k8s/write/edit-current.ts `notEditable`: not the API server's own, no selector, not
 * ExternalName, no FQDN slices); what each endpoint object's fate is, is
 * lib/topology/validation/deletion.ts. The read says up front whether the delete would be
 * accepted — read-only mode, that decision, and a SelfSubjectAccessReview as the viewer for
 * every delete Switchboard itself sends. The delete re-reads everything and refuses, deleting
 * nothing, when anything the dialog listed changed, appeared or went (409); the Service's own
 * DELETE carries the uid and resourceVersion the dialog showed as preconditions, so a Service
 * replaced in the last instant is a conflict too. The Service goes with
 * `propagationPolicy: Background`: it is gone from the API (and the map) at once and the garbage
 * collector removes what it owns right after — a Foreground delete would keep it, Terminating,
 * until then, and would not wait for the form's objects anyway (their owner references carry no
 * blockOwnerDeletion). The form's objects from before owner references are deleted next, each
 * with its own uid and resourceVersion as preconditions; one that cannot be is reported as left
 * behind. Objects the form did not make are never deleted.
 */
import { z } from 'zod';
import type {
  AccessReport,
  DeletionPlan,
  ObjectRefJson,
  WriteFailure,
  WriteKind,
  WriteResult,
} from '@/lib/api/write-results';
import { deletionCommand, planDeletion, type PlannedDeletion } from '@/lib/topology/validation';
import { itemPath } from '../kinds';
import { checkAccess, type AccessNeed } from './access';
import { ok, statusOf } from './client';
import {
  deniedOf,
  failed,
  focusOf,
  forbidden,
  kubernetesStatusOf,
  refusedByCluster,
} from './cluster-answers';
import { readOnlyMessage, type WriteDeps } from './deps';
import { accessReport } from './external-service';
import {
  invalidServiceName,
  isCurrent,
  readCurrent,
  refusalOf,
  type Current,
} from './edit-current';

const keyOf = (p: Pick<PlannedDeletion, 'kind' | 'name'>) => `${p.kind}/${p.name}`;

function planOf(current: Current): PlannedDeletion[] {
  return planDeletion(current.service, [
    ...current.slices,
    ...current.controllerSlices,
    ...(current.endpoints ? [current.endpoints] : []),
  ]);
}

/** Every delete Switchboard sends itself: the Service, and the form's objects without an owner. */
function deleteNeeds(plan: readonly PlannedDeletion[]): AccessNeed[] {
  const kinds = new Set(plan.filter((p) => p.fate === 'deleted').map((p) => p.kind));
  return [...kinds].map((kind) => ({ verb: 'delete', kind }));
}

/**
 * The panel's check before it offers "Delete Service…": may the viewer delete Services in
 * `namespace`? Asked as the Add form asks (`accessReport`), so a refusal is learnt beside the
 * button, not first in the dialog. The dialog's read still asks for every delete its plan needs.
 */
export const accessForDelete = (deps: WriteDeps, namespace: string): Promise<AccessReport> =>
  accessReport(deps, namespace, [{ verb: 'delete', kind: 'Service' }]);

/** The delete dialog's read; undefined when the Service does not exist. */
export async function readDeletion(
  deps: WriteDeps,
  namespace: string,
  name: string,
): Promise<DeletionPlan | WriteFailure | undefined> {
  const invalid = invalidServiceName(namespace, name);
  if (invalid) return invalid;
  const current = await readCurrent(deps.send, namespace, name);
  if (!isCurrent(current)) return current;
  const plan = planOf(current);
  const reason = await refusalOf(deps, namespace, current, deleteNeeds(plan));
  return {
    namespace,
    name,
    plan,
    versions: Object.fromEntries(plan.map((p) => [keyOf(p), p.resourceVersion ?? ''])),
    command: deletionCommand(namespace, plan),
    deletable: reason === undefined,
    ...(reason ? { reason } : {}),
  };
}

const deleteRequestSchema = z
  .object({
    namespace: z.string(),
    name: z.string(),
    versions: z.record(z.string().max(600), z.string().max(100)),
  })
  .strict();

const ref = (namespace: string, p: PlannedDeletion): ObjectRefJson => ({
  kind: p.kind as WriteKind,
  namespace,
  name: p.name,
  ...(p.uid ? { uid: p.uid } : {}),
});

function deleteRequest(namespace: string, p: PlannedDeletion, propagation?: 'Background') {
  return {
    method: 'DELETE' as const,
    path: itemPath(p.kind, namespace, p.name),
    body: {
      apiVersion: 'v1',
      kind: 'DeleteOptions',
      preconditions: { uid: p.uid, resourceVersion: p.resourceVersion },
      ...(propagation ? { propagationPolicy: propagation } : {}),
    },
  };
}

/** The delete dialog's Delete: the Service, then the form's objects that nothing else removes. */
export async function deleteExternalService(deps: WriteDeps, raw: unknown): Promise<WriteResult> {
  if (deps.readOnly) return { status: 'read-only', message: readOnlyMessage(deps) };
  const parsed = deleteRequestSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      status: 'invalid',
      errors: parsed.error.issues.map((i) => ({
        field: i.path.join('.') || 'form',
        message: i.message,
        code: 'malformed',
      })),
    };
  }
  const { namespace, name, versions } = parsed.data;
  const invalid = invalidServiceName(namespace, name);
  if (invalid) return invalid;
  const focus = focusOf(namespace, name);
  const current = await readCurrent(deps.send, namespace, name);
  if (!current) {
    return {
      status: 'conflict',
      message: `Service ${namespace}/${name} does not exist (any more).`,
    };
  }
  if (!isCurrent(current)) return current;
  if (current.notEditable) return { status: 'conflict', message: current.notEditable, focus };
  const plan = planOf(current);
  const now = Object.fromEntries(plan.map((p) => [keyOf(p), p.resourceVersion ?? '']));
  const changed = Object.keys({ ...now, ...versions }).filter((k) => now[k] !== versions[k]);
  if (changed.length) {
    return {
      status: 'conflict',
      message: `${changed.join(', ')} changed since you opened this dialog. Nothing was deleted; look again at what would be deleted.`,
      focus,
    };
  }
  const denied = deniedOf(await checkAccess(deps.send, namespace, deleteNeeds(plan)));
  if (denied.length) return forbidden(denied);

  const [service, ...others] = plan;
  if (!service) return failed('Nothing to delete.');
  const gone = await deps.send(deleteRequest(namespace, service, 'Background'));
  if (!ok(gone)) {
    if (gone.status === 404 || gone.status === 409) {
      return {
        status: 'conflict',
        message: `Service ${namespace}/${name} was replaced or changed just now (${statusOf(gone).message}). Nothing was deleted.`,
        focus,
        ...kubernetesStatusOf(gone),
      };
    }
    if (gone.status === 403) return refusedByCluster(gone, 'delete', 'Service', namespace);
    return failed(
      `Deleting the Service failed: ${statusOf(gone).message}`,
      kubernetesStatusOf(gone),
    );
  }
  const deleted = [ref(namespace, service)];
  const leftBehind: ObjectRefJson[] = [];
  const why: string[] = [];
  for (const p of others.filter((o) => o.fate === 'deleted')) {
    const answer = await deps.send(deleteRequest(namespace, p)).catch((error: Error) => ({
      status: 0,
      body: { message: error.message },
    }));
    // 404: already gone (the endpoints controller may delete the Endpoints first).
    if (ok(answer) || answer.status === 404) deleted.push(ref(namespace, p));
    else {
      leftBehind.push(ref(namespace, p));
      why.push(`${keyOf(p)}: ${statusOf(answer).message}`);
    }
  }
  if (leftBehind.length) {
    return failed(
      `Deleted the Service ${namespace}/${name}, but could not delete ${why.join('; ')}.`,
      { leftBehind },
    );
  }
  return {
    status: 'deleted',
    focus,
    deleted,
    withService: others.filter((o) => o.fate === 'with-service').map((o) => ref(namespace, o)),
  };
}
