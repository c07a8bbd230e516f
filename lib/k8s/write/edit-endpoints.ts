import 'server-only';
/**
 * Editing the addresses of an existing selector-less Service in place: the edit form's read
 * (`readEndpointsForEdit`) and its save (`editEndpoints`).
 *
 * Contract: the form sends back the resourceVersions it was shown and a change made meanwhile
 * is a conflict (lib/k8s/write/edit-apply.ts). Whether the endpoints may be edited is decided
 * once (lib/k8s/write/edit-current.ts) and the read says it up front, together with whether
 * this user may update them: a form that opens as editable is one the save will accept, unless
 * something changed in between. New addresses pass the same validation as the create form, and
 * must be of an IP family the Service has (an edit never changes the Service);
 * edits only touch hand-managed objects and never change ports. Preview and Save run the same
 * checks and plan; Preview sends the writes as a server dry run and saves nothing.
 */
import { z } from 'zod';
import { errorMessage } from '@/lib/error-message';
import type { EndpointsForEdit, WriteFailure, WriteResult } from '@/lib/api/write-results';
import {
  familiesOf,
  familiesUnavailable,
  MAX_ADDRESSES,
  missingFamilies,
  validateAddresses,
  validateManifests,
  type ClusterFacts,
} from '@/lib/topology/validation';
import { checkAccess, type AccessNeed } from './access';
import { deniedOf, failed, focusOf, forbidden } from './cluster-answers';
import { readOnlyMessage, type WriteDeps } from './deps';
import { applyEdit } from './edit-apply';
import {
  invalidServiceName,
  isCurrent,
  readCurrent,
  refusalOf,
  type Current,
} from './edit-current';
import { plan, type Planned } from './edit-plan';
import { dryRunEdit } from './edit-preview';
import { loadWriteFacts } from './facts';

/** What saving needs at least: update on the objects that exist, else creating a slice. */
function saveNeeds(current: Current): AccessNeed[] {
  const kinds = [
    ...(current.slices.length ? (['EndpointSlice'] as const) : []),
    ...(current.endpoints ? (['Endpoints'] as const) : []),
  ];
  if (kinds.length) return kinds.map((kind) => ({ verb: 'update', kind }));
  return [
    { verb: 'create', kind: 'EndpointSlice' },
    { verb: 'delete', kind: 'EndpointSlice' },
  ];
}

/** The edit form's read; undefined when the Service does not exist. */
export async function readEndpointsForEdit(
  deps: WriteDeps,
  namespace: string,
  name: string,
): Promise<EndpointsForEdit | WriteFailure | undefined> {
  const invalid = invalidServiceName(namespace, name);
  if (invalid) return invalid;
  const current = await readCurrent(deps.send, namespace, name);
  if (!isCurrent(current)) return current;
  const reason = await refusalOf(deps, namespace, current, saveNeeds(current));
  return {
    namespace,
    name,
    addresses: current.addresses,
    versions: current.versions,
    editable: reason === undefined,
    ...(reason ? { reason } : {}),
  };
}

/** The shape only: how long a name or address may be is its own rule, as in the create form's. */
const editRequestSchema = z
  .object({
    namespace: z.string(),
    name: z.string(),
    addresses: z.array(z.string()).max(MAX_ADDRESSES),
    allowInternalTarget: z.boolean().default(false),
    versions: z.record(z.string().max(600), z.string().max(100)),
  })
  .strict();

/** Everything a save needs, checked: what is there, what would be written, and the right to. */
interface PreparedEdit {
  current: Current;
  objects: Planned;
  /** The addresses wanted, canonical. */
  addresses: string[];
  versions: Record<string, string>;
  focus: string;
}

async function prepareEdit(deps: WriteDeps, raw: unknown): Promise<PreparedEdit | WriteFailure> {
  if (deps.readOnly) return { status: 'read-only', message: readOnlyMessage(deps) };
  const parsed = editRequestSchema.safeParse(raw);
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
  const request = parsed.data;
  const { namespace, name } = request;
  const invalid = invalidServiceName(namespace, name);
  if (invalid) return invalid;
  const current = await readCurrent(deps.send, namespace, name);
  if (!current) {
    return {
      status: 'conflict',
      message: `Service ${namespace}/${name} does not exist (any more).`,
    };
  }
  if (!isCurrent(current)) return current;
  if (current.notEditable) return { status: 'conflict', message: current.notEditable };
  const focus = focusOf(namespace, name);
  const changed = Object.keys({ ...current.versions, ...request.versions }).filter(
    (k) => current.versions[k] !== request.versions[k],
  );
  if (changed.length) {
    return {
      status: 'conflict',
      message: `Someone changed ${changed.join(', ')} since you opened this form. Nothing was saved; reload to see the current addresses.`,
      focus,
    };
  }
  let facts: ClusterFacts;
  try {
    facts = await loadWriteFacts(deps);
  } catch (error) {
    return failed(`Could not read the cluster to check the addresses: ${errorMessage(error)}`);
  }
  // A removal may leave a selector-less Service with no endpoints at all: that is the user's call.
  const checked = request.addresses.length
    ? validateAddresses(request.addresses, facts, request.allowInternalTarget)
    : { errors: [], addresses: [], allowedInternal: [] };
  if (checked.errors.length) return { status: 'invalid', errors: checked.errors };
  // An edit never changes the Service, so an address of a family it lacks would be dead.
  const missing = missingFamilies(familiesOf(checked.addresses), current.service);
  if (missing.length) {
    const service = { service: `${namespace}/${name}` };
    return {
      status: 'invalid',
      errors: [familiesUnavailable(checked.addresses, missing, service)],
    };
  }
  const objects = plan(current, checked.addresses, checked.allowedInternal);
  const objectErrors = validateManifests(
    [current.service, ...objects.updates, ...objects.creates],
    facts,
  ).filter((e) => e.code !== 'port-name-mismatch');
  if (objectErrors.length) return { status: 'invalid', errors: objectErrors };
  const needs: AccessNeed[] = [
    ...[...new Set(objects.updates.map((o) => o.kind))].map((kind) => ({
      verb: 'update' as const,
      kind,
    })),
    ...[...new Set(objects.creates.map((o) => o.kind))].flatMap((kind) => [
      { verb: 'create' as const, kind },
      { verb: 'delete' as const, kind },
    ]),
  ];
  const denied = deniedOf(await checkAccess(deps.send, namespace, needs));
  if (denied.length) return forbidden(denied);
  return {
    current,
    objects,
    addresses: checked.addresses.map((a) => a.canonical),
    versions: request.versions,
    focus,
  };
}

const isPrepared = (p: PreparedEdit | WriteFailure): p is PreparedEdit => 'current' in p;

/** The edit form's Save: writes the planned objects (lib/k8s/write/edit-apply.ts). */
export async function editEndpoints(deps: WriteDeps, raw: unknown): Promise<WriteResult> {
  const prepared = await prepareEdit(deps, raw);
  if (!isPrepared(prepared)) return prepared;
  const { current, objects, versions, focus } = prepared;
  return applyEdit(deps.send, current, objects, versions, focus);
}

/** The edit form's Preview: the same checks and plan, sent as a server dry run, nothing saved. */
export async function previewEditEndpoints(deps: WriteDeps, raw: unknown): Promise<WriteResult> {
  const prepared = await prepareEdit(deps, raw);
  if (!isPrepared(prepared)) return prepared;
  const { current, objects, addresses, versions, focus } = prepared;
  return dryRunEdit(deps.send, current, objects, { addresses, versions, focus });
}
