import 'server-only';
/**
 * Creating a selector-less Service with its manual endpoints: preview (dryRun=All), permission
 * check, create in order, and roll back what this request created when a later step fails.
 *
 * Contract (writes run as the viewer, lib/k8s/write/deps.ts, so the server decides, not the form):
 * - the input is validated again here with fresh cluster facts (the browser's check is a
 *   courtesy), and the objects are re-checked by `validateManifests` right before they are sent;
 * - create sends exactly the objects the preview showed: the preview returns the sha256 of their
 *   canonical JSON, create rebuilds them and refuses when the hash differs (`stale-preview`).
 *   The one difference is the Service's uid in its dependents' owner references, which the
 *   preview shows as pending (it exists only once the Service is created) and create fills in
 *   from the created Service (`withServiceUid`); the Service is always created first;
 * - permission is asked first (SSAR: create, and delete for the rollback) and a denial names the
 *   verb, resource and namespace;
 * - POST only (never PUT/PATCH), so nothing existing is overwritten: AlreadyExists is a conflict
 *   with a link to the map; endpoints already labelled for that Service name are a conflict too
 *   (lib/k8s/write/create-conflicts.ts);
 * - the Service must come back from the API server (dry run, then create) with every IP family
 *   its addresses need, else the form is told on its addresses field and nothing is kept
 *   (`familyProblem`, lib/topology/validation/ip-families.ts);
 * - rollback deletes only what this request created, by uid precondition, newest first
 *   (lib/k8s/write/rollback.ts).
 */
import { errorMessage } from '@/lib/error-message';
import type {
  AccessReport,
  ObjectRefJson,
  WriteFailure,
  WriteKind,
  WriteResult,
} from '@/lib/api/write-results';
import {
  buildManifests,
  REQUEST_ID_ANNOTATION,
  validateExternalService,
  validateManifests,
  withServiceUid,
  type Manifest,
  type ParsedIp,
} from '@/lib/topology/validation';
import { collectionPath } from '../kinds';
import { checkAccess, createNeeds, type AccessNeed } from './access';
import { FIELD_MANAGER, ok, type KubeResponse } from './client';
import {
  deniedOf,
  failed,
  familyProblem,
  focusOf,
  forbidden,
  fromCreateError,
} from './cluster-answers';
import { existingObjectsConflict } from './create-conflicts';
import { readOnlyMessage, type WriteDeps } from './deps';
import { listNamespaces, loadWriteFacts } from './facts';
import { hashManifests, kubectlCommand, manifestsYaml, newRequestId } from './preview-text';
import { findOurs, rollback } from './rollback';

interface Prepared {
  manifests: Manifest[];
  hash: string;
  namespace: string;
  name: string;
  addresses: ParsedIp[];
}

const kindsOf = (manifests: readonly Manifest[]) => [...new Set(manifests.map((m) => m.kind))];
const sliceNames = (manifests: readonly Manifest[]) =>
  manifests.filter((m) => m.kind === 'EndpointSlice').map((m) => m.metadata.name);

/** Validated, built and permitted objects, or why not. */
async function prepare(deps: WriteDeps, raw: unknown): Promise<Prepared | WriteFailure> {
  if (deps.readOnly) return { status: 'read-only', message: readOnlyMessage(deps) };
  // The cheap, cluster-free check first: a malformed or hostile payload costs no cluster calls.
  // A well-formed input with mistakes is checked against the cluster too, so the form hears
  // about every problem at once (a missing namespace, an address inside the cluster), not one
  // per round trip.
  const quick = validateExternalService(raw);
  if (!quick.ok && quick.errors.some((e) => e.code === 'malformed')) {
    return { status: 'invalid', errors: quick.errors };
  }
  let facts;
  try {
    facts = await loadWriteFacts(deps);
  } catch (error) {
    return failed(
      `Could not read the cluster to check the addresses, so nothing was sent: ${errorMessage(error)}`,
    );
  }
  const result = validateExternalService(raw, facts);
  if (!result.ok) return { status: 'invalid', errors: result.errors };
  const manifests = buildManifests(result.value);
  const objectErrors = validateManifests(manifests, facts);
  if (objectErrors.length) return { status: 'invalid', errors: objectErrors };
  const { namespace, name } = result.value;
  const denied = deniedOf(await checkAccess(deps.send, namespace, createNeeds(kindsOf(manifests))));
  if (denied.length) return forbidden(denied);
  return {
    manifests,
    hash: hashManifests(manifests),
    namespace,
    name,
    addresses: result.value.addresses,
  };
}

const isPrepared = (p: Prepared | WriteFailure): p is Prepared => 'manifests' in p;

/** A request that failed before anything was written (the cluster unreachable mid-way). */
function unreachable(error: unknown, what: string): WriteFailure {
  return failed(`${what} failed before anything was created: ${errorMessage(error)}`);
}

export async function previewExternalService(deps: WriteDeps, raw: unknown): Promise<WriteResult> {
  try {
    return await preview(deps, raw);
  } catch (error) {
    return unreachable(error, 'The preview');
  }
}

async function preview(deps: WriteDeps, raw: unknown): Promise<WriteResult> {
  // A fresh preview gets its own id unless the form is re-previewing the same attempt.
  const withId =
    raw && typeof raw === 'object' && !Array.isArray(raw) && !('requestId' in raw)
      ? { ...(raw as Record<string, unknown>), requestId: newRequestId() }
      : raw;
  const prepared = await prepare(deps, withId);
  if (!isPrepared(prepared)) return prepared;
  const { manifests, namespace, name } = prepared;
  const conflict = await existingObjectsConflict(deps.send, namespace, name, sliceNames(manifests));
  if (conflict) return conflict;
  const dryRun: { kind: string; name: string; message: string }[] = [];
  for (const manifest of manifests) {
    const response = await deps.send({
      method: 'POST',
      path: `${collectionPath(manifest.kind, namespace)}?dryRun=All&fieldManager=${FIELD_MANAGER}`,
      body: manifest,
    });
    // The Service must come back with every family its addresses need, or those endpoints are
    // dead; a cluster that does not serve a family says so, or quietly drops it.
    const families = manifest.kind === 'Service' ? familyProblem(response, prepared.addresses) : [];
    if (families.length) return { status: 'invalid', errors: families };
    if (!ok(response))
      return fromCreateError(response, manifest.kind, manifest.metadata.name, namespace);
    dryRun.push({
      kind: manifest.kind,
      name: manifest.metadata.name,
      message: 'accepted by the API server (dry run)',
    });
  }
  return {
    status: 'preview',
    manifests,
    yaml: manifestsYaml(manifests),
    command: kubectlCommand(manifests),
    hash: prepared.hash,
    requestId: manifests[0]?.metadata.annotations?.[REQUEST_ID_ANNOTATION] ?? '',
    dryRun,
  };
}

export interface CreateRequest {
  input: unknown;
  /** The preview's hash: create refuses anything but what was previewed. */
  hash: unknown;
}

export async function createExternalService(
  deps: WriteDeps,
  request: CreateRequest,
): Promise<WriteResult> {
  let prepared: Prepared | WriteFailure;
  try {
    prepared = await prepare(deps, request.input);
  } catch (error) {
    return unreachable(error, 'Checking the request');
  }
  if (!isPrepared(prepared)) return prepared;
  const { manifests, namespace, name } = prepared;
  if (typeof request.hash !== 'string' || request.hash !== prepared.hash) {
    return {
      status: 'stale-preview',
      message:
        'What would be created is no longer what the preview showed. Preview again before creating.',
    };
  }
  let conflict: WriteFailure | undefined;
  try {
    conflict = await existingObjectsConflict(deps.send, namespace, name, sliceNames(manifests));
  } catch (error) {
    return unreachable(error, 'Checking for existing objects');
  }
  if (conflict) return conflict;

  const created: ObjectRefJson[] = [];
  // The one change to what was previewed: the Service's uid in its dependents' owner references.
  let serviceUid: string | undefined;
  for (const previewed of manifests) {
    const manifest = serviceUid ? withServiceUid(previewed, serviceUid) : previewed;
    let response: KubeResponse | undefined;
    let failure: string | undefined;
    try {
      response = await deps.send({
        method: 'POST',
        path: `${collectionPath(manifest.kind, namespace)}?fieldManager=${FIELD_MANAGER}`,
        body: manifest,
      });
    } catch (error) {
      failure = errorMessage(error);
    }
    if (response && ok(response)) {
      const uid = (response.body as { metadata?: { uid?: string } })?.metadata?.uid;
      if (uid) created.push({ kind: manifest.kind, namespace, name: manifest.metadata.name, uid });
      if (manifest.kind === 'Service') serviceUid = uid;
      // The preview checked this; a cluster reconfigured since then is caught here, and undone.
      const families =
        manifest.kind === 'Service' ? familyProblem(response, prepared.addresses) : [];
      if (uid && families.length) {
        const refusal = failed(families.map((e) => e.message).join(' '));
        return createFailed(deps, manifest, created, undefined, undefined, refusal);
      }
      if (uid) continue;
      // Without a uid we cannot delete it safely (it might be someone else's by then).
      failure = `the API server returned the ${manifest.kind} without a uid, so it cannot be undone safely; check it on the map`;
    } else if (!response) {
      // The answer was lost: the object may exist. It is ours only if it carries our request id.
      const uid = await findOurs(deps.send, manifest);
      if (uid) created.push({ kind: manifest.kind, namespace, name: manifest.metadata.name, uid });
    }
    return createFailed(deps, manifest, created, response, failure);
  }
  return { status: 'created', focus: focusOf(namespace, name), created };
}

/** Rolls back what was created, and says what failed and what was undone. */
async function createFailed(
  deps: WriteDeps,
  manifest: Manifest,
  created: ObjectRefJson[],
  response: KubeResponse | undefined,
  failure: string | undefined,
  refusal?: WriteFailure,
): Promise<WriteFailure> {
  const { kind, namespace, name } = { ...manifest.metadata, kind: manifest.kind };
  const undone = await rollback(deps.send, created);
  const first: WriteFailure = refusal
    ? refusal
    : response && !ok(response)
      ? fromCreateError(response, kind, name, namespace)
      : failed(`Creating the ${kind} "${name}" failed: ${failure ?? 'unknown error'}`);
  if (created.length === 0 && first.status !== 'failed') return first;
  const why = 'message' in first ? first.message : `The API server refused the ${kind}.`;
  const detail =
    first.status === 'invalid'
      ? ` ${first.errors.map((e) => e.apiserver ?? e.message).join(' ')}`
      : '';
  const list = (objects: ObjectRefJson[]) => objects.map((o) => `${o.kind} ${o.name}`).join(', ');
  const after = undone.leftBehind.length
    ? `Undoing failed for ${list(undone.leftBehind)}: delete it by hand.`
    : created.length
      ? `Everything this request had created was deleted again (${list(undone.rolledBack)}).`
      : response
        ? 'Nothing was created.'
        : `The answer was lost; if the ${kind} was created after all, it carries the annotation ${REQUEST_ID_ANNOTATION}=${manifest.metadata.annotations?.[REQUEST_ID_ANNOTATION] ?? '?'}.`;
  return failed(`${why}${detail} ${after}`.trim(), {
    rolledBack: undone.rolledBack,
    leftBehind: undone.leftBehind,
    ...('kubernetes' in first && first.kubernetes ? { kubernetes: first.kubernetes } : {}),
  });
}

/**
 * The one way an action learns, before anyone tries it, whether the viewer may do it: every need
 * asked as a SelfSubjectAccessReview as them (`checkAccess`); read-only mode allows nothing.
 */
export async function accessReport(
  deps: WriteDeps,
  namespace: string,
  needs: readonly AccessNeed[],
): Promise<AccessReport> {
  if (deps.readOnly) return { namespace, readOnly: true, allowed: false, denied: [] };
  const denied = deniedOf(await checkAccess(deps.send, namespace, needs));
  return { namespace, readOnly: false, allowed: denied.length === 0, denied };
}

/**
 * What the form shows before anyone types: may this user create here at all? Asked as the
 * preview asks (`createNeeds`: create, and delete for the rollback), so "allowed" here is never
 * refused there.
 */
export function accessForCreate(
  deps: WriteDeps,
  namespace: string,
  kinds: readonly WriteKind[] = ['Service', 'EndpointSlice', 'Endpoints'],
): Promise<AccessReport> {
  return accessReport(deps, namespace, createNeeds(kinds));
}

/**
 * The namespaces the form offers: those the viewer may list; for a signed-in person who may not
 * list namespaces, those where they may create Services (asked as them), so the list never names
 * a namespace they have no business in.
 */
export async function namespacesForCreate(deps: WriteDeps): Promise<string[]> {
  if (!deps.facts) return listNamespaces(deps.send);
  try {
    return await listNamespaces(deps.send);
  } catch {
    // Not allowed to list them (the usual case for a namespace-scoped person): ask per namespace.
  }
  const all = await listNamespaces(deps.facts);
  const allowed = await Promise.all(
    all.map(
      async (ns) =>
        (await checkAccess(deps.send, ns, [{ verb: 'create', kind: 'Service' }]))[0]?.allowed,
    ),
  );
  return all.filter((_, i) => allowed[i]);
}
