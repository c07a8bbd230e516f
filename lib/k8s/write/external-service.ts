import 'server-only';
/**
 * Creating a selector-less Service with its manual endpoints: preview (dryRun=All), permission
 * check, create in order, and roll back what this request created when a later step fails.
 *
 * Contract (issue 4; DESIGN.md "Writes are a privilege"):
 * - the input is validated again here with fresh cluster facts (the browser's check is a
 *   courtesy), and the objects are re-checked by `validateManifests` right before they are sent;
 * - create sends exactly the objects the preview showed: the preview returns the sha256 of their
 *   canonical JSON, create rebuilds them and refuses when the hash differs (`stale-preview`);
 * - permission is asked first (SSAR: create, and delete for the rollback) and a denial names the
 *   verb, resource and namespace;
 * - POST only (never PUT/PATCH), so nothing existing is overwritten: AlreadyExists is a conflict
 *   with a link to the map; endpoints already labelled for that Service name are a conflict too
 *   (a new Service would adopt them at once);
 * - rollback deletes only what this request created, by uid precondition, newest first.
 */
import { createHash, randomBytes } from 'node:crypto';
import { stringify } from 'yaml';
import {
  buildManifests,
  canonicalJson,
  REQUEST_ID_ANNOTATION,
  SERVICE_NAME_LABEL,
  validateExternalService,
  validateManifests,
  type ClusterFacts,
  type FieldError,
  type Manifest,
} from '@/lib/topology/validation';
import { checkAccess, createNeeds, describeDenial, type AccessAnswer } from './access';
import { ok, statusOf, type KubeResponse, type KubeSend } from './client';
import { loadClusterFacts } from './facts';
import { FIELD_MANAGER, itemPath, RESOURCES, type WriteKind } from './resources';
import type { AccessReport, Denied, ObjectRefJson, WriteResult } from './types';

export interface WriteDeps {
  send: KubeSend;
  readOnly: boolean;
}

export const READ_ONLY_MESSAGE =
  'Switchboard runs in read-only mode (--read-only): it makes no changes to the cluster.';

export function hashManifests(manifests: readonly Manifest[]): string {
  return createHash('sha256').update(canonicalJson(manifests)).digest('hex');
}

export function manifestsYaml(manifests: readonly Manifest[]): string {
  return manifests.map((m) => stringify(m, { lineWidth: 0 })).join('---\n');
}

export function kubectlCommand(yaml: string): string {
  return `kubectl apply -f - <<'EOF'\n${yaml}EOF`;
}

const focusOf = (namespace: string, name: string) => `/?focus=${namespace}/${name}`;

function toDenied(answers: AccessAnswer[]): Denied[] {
  return answers
    .filter((a) => !a.allowed)
    .map((a) => ({
      verb: a.verb,
      resource: a.resource,
      group: a.group,
      namespace: a.namespace,
      message: describeDenial(a),
    }));
}

function forbidden(denied: Denied[]): WriteResult {
  return {
    status: 'forbidden',
    denied,
    message: denied.map((d) => d.message).join(' '),
  };
}

/** Turns an apiserver error into the form's words; 422 causes go beside the form as quotes. */
function fromApiError(
  response: KubeResponse,
  kind: WriteKind,
  name: string,
  namespace: string,
): WriteResult {
  const { message, reason } = statusOf(response);
  if (response.status === 409 && reason === 'AlreadyExists') {
    return {
      status: 'conflict',
      message: `${kind === 'Endpoints' ? 'An Endpoints object' : `A${kind === 'EndpointSlice' ? 'n' : ''} ${kind}`} named "${name}" already exists in namespace "${namespace}". Nothing was overwritten.`,
      focus: focusOf(namespace, name),
    };
  }
  if (response.status === 403) {
    return {
      status: 'forbidden',
      message: `The cluster refused: ${message}`,
      denied: [
        {
          verb: 'create',
          resource: RESOURCES[kind].resource,
          group: RESOURCES[kind].group,
          namespace,
          message: `The cluster refused: ${message}`,
        },
      ],
    };
  }
  if (response.status === 422) {
    return {
      status: 'invalid',
      errors: [
        {
          field: 'form',
          message: `The API server refused the ${kind}.`,
          apiserver: message,
          code: 'apiserver',
        },
      ],
    };
  }
  return {
    status: 'failed',
    message: `Creating the ${kind} "${name}" failed: ${message}`,
    rolledBack: [],
    leftBehind: [],
  };
}

interface Prepared {
  manifests: Manifest[];
  hash: string;
  namespace: string;
  name: string;
  facts: ClusterFacts;
}

const kindsOf = (manifests: readonly Manifest[]) => [...new Set(manifests.map((m) => m.kind))];

async function prepare(deps: WriteDeps, raw: unknown): Promise<Prepared | WriteResult> {
  if (deps.readOnly) return { status: 'read-only', message: READ_ONLY_MESSAGE };
  // The cheap, cluster-free check first: a malformed or hostile payload costs no cluster calls.
  const quick = validateExternalService(raw);
  if (!quick.ok && quick.errors.some((e) => e.code !== 'internal-target')) {
    return { status: 'invalid', errors: quick.errors };
  }
  let facts: ClusterFacts;
  try {
    facts = await loadClusterFacts(deps.send);
  } catch (error) {
    return {
      status: 'failed',
      message: `Could not read the cluster to check the addresses, so nothing was sent: ${(error as Error).message}`,
      rolledBack: [],
      leftBehind: [],
    };
  }
  const result = validateExternalService(raw, facts);
  if (!result.ok) return { status: 'invalid', errors: result.errors };
  const manifests = buildManifests(result.value);
  const objectErrors: FieldError[] = validateManifests(manifests, facts);
  if (objectErrors.length) return { status: 'invalid', errors: objectErrors };
  const { namespace, name } = result.value;
  const denied = toDenied(await checkAccess(deps.send, namespace, createNeeds(kindsOf(manifests))));
  if (denied.length) return forbidden(denied);
  return { manifests, hash: hashManifests(manifests), namespace, name, facts };
}

const isPrepared = (p: Prepared | WriteResult): p is Prepared =>
  'manifests' in p && !('status' in p);

/** Existing objects that would make this create overwrite or adopt something. */
async function preflight(
  send: KubeSend,
  namespace: string,
  name: string,
): Promise<WriteResult | undefined> {
  const service = await send({ method: 'GET', path: itemPath('Service', namespace, name) });
  if (ok(service)) {
    return {
      status: 'conflict',
      message: `A Service named "${name}" already exists in namespace "${namespace}". Nothing was changed; open it on the map, or choose another name.`,
      focus: focusOf(namespace, name),
    };
  }
  if (service.status !== 404) {
    return {
      status: 'failed',
      message: `Could not check for an existing Service: ${statusOf(service).message}`,
      rolledBack: [],
      leftBehind: [],
    };
  }
  const selector = encodeURIComponent(`${SERVICE_NAME_LABEL}=${name}`);
  const [slices, endpoints] = await Promise.all([
    send({
      method: 'GET',
      path: `${RESOURCES.EndpointSlice.collection(namespace)}?labelSelector=${selector}`,
    }),
    send({ method: 'GET', path: itemPath('Endpoints', namespace, name) }),
  ]);
  const orphans: string[] = [];
  if (ok(slices)) {
    for (const item of (slices.body as { items?: { metadata?: { name?: string } }[] }).items ??
      []) {
      orphans.push(`EndpointSlice ${item.metadata?.name ?? '?'}`);
    }
  }
  if (ok(endpoints)) orphans.push(`Endpoints ${name}`);
  if (orphans.length) {
    return {
      status: 'conflict',
      message: `Endpoints for a Service named "${name}" already exist in namespace "${namespace}" (${orphans.join(', ')}); a new Service of that name would route to them at once. Remove them or choose another name.`,
      focus: focusOf(namespace, name),
    };
  }
  return undefined;
}

export function newRequestId(): string {
  return randomBytes(12).toString('hex');
}

/** A request that failed before anything was written (the cluster unreachable mid-way). */
function unreachable(error: unknown, what: string): WriteResult {
  return {
    status: 'failed',
    message: `${what} failed before anything was created: ${(error as Error)?.message ?? String(error)}`,
    rolledBack: [],
    leftBehind: [],
  };
}

export async function previewExternalService(deps: WriteDeps, raw: unknown): Promise<WriteResult> {
  try {
    return await previewUnsafe(deps, raw);
  } catch (error) {
    return unreachable(error, 'The preview');
  }
}

async function previewUnsafe(deps: WriteDeps, raw: unknown): Promise<WriteResult> {
  // A fresh preview gets its own id unless the form is re-previewing the same attempt.
  const withId =
    raw && typeof raw === 'object' && !Array.isArray(raw) && !('requestId' in raw)
      ? { ...(raw as Record<string, unknown>), requestId: newRequestId() }
      : raw;
  const prepared = await prepare(deps, withId);
  if (!isPrepared(prepared)) return prepared;
  const { manifests, namespace, name } = prepared;
  const conflict = await preflight(deps.send, namespace, name);
  if (conflict) return conflict;
  const dryRun: { kind: string; name: string; message: string }[] = [];
  for (const manifest of manifests) {
    const response = await deps.send({
      method: 'POST',
      path: `${RESOURCES[manifest.kind].collection(namespace)}?dryRun=All&fieldManager=${FIELD_MANAGER}`,
      body: manifest,
    });
    if (!ok(response))
      return fromApiError(response, manifest.kind, manifest.metadata.name, namespace);
    dryRun.push({
      kind: manifest.kind,
      name: manifest.metadata.name,
      message: 'accepted by the API server (dry run)',
    });
  }
  const yaml = manifestsYaml(manifests);
  return {
    status: 'preview',
    manifests,
    yaml,
    command: kubectlCommand(yaml),
    hash: prepared.hash,
    requestId: manifests[0]?.metadata.annotations?.[REQUEST_ID_ANNOTATION] ?? '',
    dryRun,
  };
}

async function findOurs(send: KubeSend, manifest: Manifest): Promise<string | undefined> {
  const id = manifest.metadata.annotations?.[REQUEST_ID_ANNOTATION];
  if (!id) return undefined;
  const path = itemPath(manifest.kind, manifest.metadata.namespace, manifest.metadata.name);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const response = await send({ method: 'GET', path });
      if (response.status === 404) return undefined;
      const meta = (
        response.body as { metadata?: { uid?: string; annotations?: Record<string, string> } }
      )?.metadata;
      if (ok(response)) {
        return meta?.annotations?.[REQUEST_ID_ANNOTATION] === id ? meta.uid : undefined;
      }
    } catch {
      // try again
    }
  }
  return undefined;
}

/** One object, by uid precondition, with retries: a transient failure must not strand it. */
async function deleteOwned(send: KubeSend, object: ObjectRefJson): Promise<boolean> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const response = await send({
        method: 'DELETE',
        path: itemPath(object.kind, object.namespace, object.name),
        body: {
          apiVersion: 'v1',
          kind: 'DeleteOptions',
          propagationPolicy: 'Background',
          preconditions: { uid: object.uid },
        },
      });
      // 404: already gone. 409: the uid differs — someone else's object now; never touch it.
      if (ok(response) || response.status === 404 || response.status === 409) return true;
    } catch {
      // try again
    }
  }
  return false;
}

/** Deletes, newest first, what this request created; only objects whose uid is still ours. */
async function rollback(
  send: KubeSend,
  created: ObjectRefJson[],
): Promise<{ rolledBack: ObjectRefJson[]; leftBehind: ObjectRefJson[] }> {
  const rolledBack: ObjectRefJson[] = [];
  const leftBehind: ObjectRefJson[] = [];
  for (const object of [...created].reverse()) {
    if (await deleteOwned(send, object)) rolledBack.push(object);
    else leftBehind.push(object);
  }
  return { rolledBack, leftBehind };
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
  let prepared: Prepared | WriteResult;
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
  let conflict: WriteResult | undefined;
  try {
    conflict = await preflight(deps.send, namespace, name);
  } catch (error) {
    return unreachable(error, 'Checking for existing objects');
  }
  if (conflict) return conflict;

  const created: ObjectRefJson[] = [];
  for (const manifest of manifests) {
    let response: KubeResponse | undefined;
    let failure: string | undefined;
    try {
      response = await deps.send({
        method: 'POST',
        path: `${RESOURCES[manifest.kind].collection(namespace)}?fieldManager=${FIELD_MANAGER}`,
        body: manifest,
      });
    } catch (error) {
      failure = (error as Error).message;
    }
    if (response && ok(response)) {
      const uid = (response.body as { metadata?: { uid?: string } })?.metadata?.uid;
      if (uid) {
        created.push({ kind: manifest.kind, namespace, name: manifest.metadata.name, uid });
        continue;
      }
      // Without a uid we cannot delete it safely (it might be someone else's by then).
      failure = `the API server returned the ${manifest.kind} without a uid, so it cannot be undone safely; check it on the map`;
    } else if (!response) {
      // The answer was lost: the object may exist. It is ours only if it carries our request id.
      const uid = await findOurs(deps.send, manifest);
      if (uid) created.push({ kind: manifest.kind, namespace, name: manifest.metadata.name, uid });
    }
    const undone = await rollback(deps.send, created);
    const first: WriteResult =
      response && !ok(response)
        ? fromApiError(response, manifest.kind, manifest.metadata.name, namespace)
        : {
            status: 'failed',
            message: `Creating the ${manifest.kind} "${manifest.metadata.name}" failed: ${failure ?? 'unknown error'}`,
            rolledBack: [],
            leftBehind: [],
          };
    if (created.length === 0 && first.status !== 'failed') return first;
    const why = 'message' in first ? first.message : `The API server refused the ${manifest.kind}.`;
    const detail =
      first.status === 'invalid'
        ? ` ${first.errors.map((e) => e.apiserver ?? e.message).join(' ')}`
        : '';
    return {
      status: 'failed',
      message: `${why}${detail} ${
        undone.leftBehind.length
          ? `Undoing failed for ${undone.leftBehind.map((o) => `${o.kind} ${o.name}`).join(', ')}: delete it by hand.`
          : created.length
            ? `Everything this request had created was deleted again (${undone.rolledBack.map((o) => `${o.kind} ${o.name}`).join(', ')}).`
            : response
              ? 'Nothing was created.'
              : `The answer was lost; if the ${manifest.kind} was created after all, it carries the annotation ${REQUEST_ID_ANNOTATION}=${manifest.metadata.annotations?.[REQUEST_ID_ANNOTATION] ?? '?'}.`
      }`.trim(),
      rolledBack: undone.rolledBack,
      leftBehind: undone.leftBehind,
    };
  }
  return { status: 'created', focus: focusOf(namespace, name), created };
}

/** What the form shows before anyone types: may this user create here at all? */
export async function accessForCreate(
  deps: WriteDeps,
  namespace: string,
  kinds: readonly WriteKind[] = ['Service', 'EndpointSlice', 'Endpoints'],
): Promise<AccessReport> {
  if (deps.readOnly) return { namespace, readOnly: true, allowed: false, denied: [] };
  const answers = await checkAccess(
    deps.send,
    namespace,
    kinds.map((kind) => ({ verb: 'create' as const, kind })),
  );
  const denied = toDenied(answers);
  return { namespace, readOnly: false, allowed: denied.length === 0, denied };
}
