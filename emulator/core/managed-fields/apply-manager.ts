/**
 * The field manager's Apply, as kube-apiserver runs it for server-side apply
 * (staging/src/k8s.io/apimachinery/pkg/util/managedfields/internal: fieldmanager.go,
 * structuredmerge.go, managedfieldsupdater.go, stripmeta.go, lastappliedmanager.go,
 * lastappliedupdater.go) around ./apply.ts:
 *
 * - the configuration may not carry managedFields (400), and must fit the kind's schema
 *   (upstream's `failed to create typed patch object (ns/name; gvk): …`, a 500 there too);
 * - the applier's entry (operation Apply, its identity without apiVersion) holds the fields the
 *   configuration sets, minus the reset fields (status on the main resource, everything but
 *   status on /status) and the metadata nobody owns; its time moves only when the object changed;
 * - conflicts are refused with upstream's 409 (./conflicts.ts) unless `force`;
 * - the upgrade from client-side apply: for the manager `kubectl`, conflicts on fields whose live
 *   value is still what the `kubectl.kubernetes.io/last-applied-configuration` annotation says
 *   are not conflicts, and the annotation, when present, is rewritten to the applied
 *   configuration, so a later client-side apply computes its patch from it.
 *
 * A create by apply starts from the configuration itself, as a POST of it would (upstream starts
 * from the kind's zero value; the strategy's defaults make the two the same).
 */
import { ApiError, badRequest } from '../errors';
import type { KubeObject } from '../types';
import { applyConfig, ApplyConflicts, type ApplyStep, type Conflict } from './apply';
import { conflictError } from './conflicts';
import { encodeManaged, managerIdentity, writerEntry, type Managed } from './entries';
import {
  decodeOr,
  withoutManagedFields,
  withoutResetFields,
  withoutStrippedMeta,
  type ManagedWrite,
} from './field-manager';
import type { FieldSet } from './field-set';
import { goJson } from './go-json';
import type { Json } from './path-element';
import { isObj, type KindSchema } from './schema';
import { compare, toFieldSet, TypeErrors } from './typed-sets';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** The manager whose applies upgrade client-side apply's annotation (kubectl's default). */
const KUBECTL = 'kubectl';

export interface ApplyWrite extends ManagedWrite {
  readonly manager: string;
  readonly force: boolean;
}

/** schema.GroupVersionKind's String(): `apps/v1, Kind=Deployment`, `/v1, Kind=Service`. */
export function gvkString(apiVersion: unknown, kind: unknown): string {
  const av = typeof apiVersion === 'string' ? apiVersion : '';
  const gv = av.includes('/') ? av : `/${av}`;
  return `${gv}, Kind=${typeof kind === 'string' ? kind : ''}`;
}

function typedPatchError(config: KubeObject, error: TypeErrors): ApiError {
  const meta = config.metadata;
  const where = `${meta.namespace ?? ''}/${meta.name ?? ''}; ${gvkString(config.apiVersion, config.kind)}`;
  // A plain error upstream: the apiserver answers 500 with no reason.
  return new ApiError(500, '', `failed to create typed patch object (${where}): ${error.message}`);
}

function lastApplied(object: KubeObject | undefined): string | undefined {
  const value = object?.metadata.annotations?.[LAST_APPLIED];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * allowedConflictsFromLastApplied: the fields client-side apply last applied whose live value
 * is still the applied one; undefined when there is no usable annotation.
 */
function allowedByLastApplied(
  live: KubeObject,
  liveJson: Json,
  kind: KindSchema,
): FieldSet | undefined {
  const text = lastApplied(live);
  if (!text) return undefined;
  try {
    const applied = JSON.parse(text) as Json;
    if (!isObj(applied) || applied.apiVersion !== live.apiVersion) return undefined;
    const c = compare(applied, liveJson, kind.type);
    return toFieldSet(applied, kind.type, true)
      .difference(c.modified)
      .difference(c.added)
      .difference(c.removed);
  } catch {
    return undefined;
  }
}

/** buildLastApplied: the configuration without the annotation, as Go's JSON encoder writes it. */
function buildLastApplied(config: KubeObject): string {
  const annotations = { ...config.metadata.annotations };
  delete annotations[LAST_APPLIED];
  const metadata = { ...config.metadata };
  if (config.metadata.annotations === undefined) delete metadata.annotations;
  else metadata.annotations = annotations;
  return `${goJson({ ...config, metadata })}\n`;
}

/**
 * The object `config` applied by `write.manager` over `live` (undefined: a create), with its
 * managedFields; not yet defaulted nor validated (the store does both). Throws the 409 of a
 * conflict, 400 for a configuration carrying managedFields, 500 for one the schema refuses.
 */
export function applyManagedFields(
  live: KubeObject | undefined,
  config: KubeObject,
  write: ApplyWrite,
  kind: KindSchema,
): KubeObject {
  if (config.metadata.managedFields !== undefined) {
    throw badRequest('metadata.managedFields must be nil');
  }
  const managed = decodeOr(() => new Map(), live?.metadata.managedFields);
  const entry = writerEntry(write.manager, 'Apply', write);
  const applier = managerIdentity(entry);
  const step: ApplyStep = {
    type: kind.type,
    applier,
    entry: { ...entry, time: managed.get(applier)?.time },
    force: write.force,
    ignore: (set) => withoutResetFields(set, write),
    strip: withoutStrippedMeta,
  };
  const liveJson = live ? withoutManagedFields(live) : undefined;
  const configJson = config as unknown as Json;
  let result;
  try {
    result = applyConfig(liveJson, configJson, managed, step);
  } catch (error) {
    if (error instanceof TypeErrors) throw typedPatchError(config, error);
    if (!(error instanceof ApplyConflicts)) throw error;
    const allowed =
      write.manager === KUBECTL && live && liveJson
        ? allowedByLastApplied(live, liveJson, kind)
        : undefined;
    const remaining = allowed
      ? error.conflicts.filter((c: Conflict) => !allowed.has(c.path))
      : error.conflicts;
    if (remaining.length > 0) throw conflictError(remaining);
    result = applyConfig(liveJson, configJson, managed, { ...step, force: true });
  }
  const out = structuredClone(result.object) as unknown as KubeObject;
  // A configuration without metadata can prune all of it; the identity comes from the URL.
  out.metadata ??= {};
  const entries: Managed = result.managed;
  const own = entries.get(applier);
  if (own && result.changed) entries.set(applier, { ...own, time: write.time() });
  if (write.manager === KUBECTL && lastApplied(live)) {
    out.metadata.annotations = {
      ...out.metadata.annotations,
      [LAST_APPLIED]: buildLastApplied(config),
    };
  }
  const encoded = encodeManaged(entries);
  if (encoded) out.metadata.managedFields = encoded;
  else delete out.metadata.managedFields;
  return out;
}
