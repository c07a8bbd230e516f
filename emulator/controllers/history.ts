/**
 * Controller history (upstream pkg/controller/history/controller_history.go, and the getPatch of
 * the StatefulSet and DaemonSet controllers): the apps/v1 ControllerRevisions a set keeps of its
 * pod templates, which `kubectl rollout history/undo` read and re-apply.
 *
 * A revision's `data` is getPatch's strategic merge patch `{"spec":{"template":{…,"$patch":
 * "replace"}}}`; its bytes are Go's encoding/json of the decoded template (sorted keys, HTML-safe
 * escapes), which is also what kubectl compares byte for byte to skip an undo to the current
 * template. Names are `<parent>-<hash>` with HashControllerRevision's FNV-1 over those bytes (and
 * the decimal collision count), rendered with rand.SafeEncodeString. Writes go through the store
 * as kube-controller-manager; the helpers here are otherwise pure.
 */
import type { ClusterStore, KubeObject } from '../core/types';
import { isAlreadyExists, withoutNulls } from './util';
import { CONTROLLER_MANAGER } from './writes';

/** history.ControllerRevisionHashLabel: the hash of a StatefulSet revision's data. */
export const HASH_LABEL = 'controller.kubernetes.io/hash';

export interface ControllerRevision extends KubeObject {
  data?: unknown;
  revision?: number;
}

export type Template = { metadata?: Record<string, unknown>; spec?: unknown };

/** Go's encoding/json string escaping (HTMLEscape on, as json.Marshal does). */
function goString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => {
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

/** json.Marshal of a value json.Unmarshal produced (maps with sorted keys; nulls kept). */
export function goJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return goString(value);
  if (typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(goJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${goString(k)}:${goJson(v)}`).join(',')}}`;
}

/**
 * The template as a Go client encodes it: stored objects here never went through a Go struct, so
 * the one zero value Go always writes in a template (`metadata.creationTimestamp: null`) is added
 * and stray nulls are dropped, making equal templates give equal bytes whatever wrote them.
 */
function goTemplate(template: Template | undefined): Record<string, unknown> {
  const t = withoutNulls(structuredClone(template ?? {})) as Record<string, unknown>;
  t.metadata = { ...((t.metadata as object | undefined) ?? {}), creationTimestamp: null };
  return t;
}

/**
 * upstream getPatch (statefulset and daemon): the revision's data, its keys in Go's sorted order,
 * since clients see the stored object's key order as the revision's bytes.
 */
export function templatePatch(template: Template | undefined): {
  spec: { template: Record<string, unknown> };
} {
  return JSON.parse(goJson({ spec: { template: { ...goTemplate(template), $patch: 'replace' } } }));
}

/** The bytes upstream stores as `data.Raw` and compares revisions by. */
export const rawData = (revision: ControllerRevision) => goJson(revision.data ?? null);

/** FNV-1 (hash/fnv New32), not 1a: multiply, then xor. */
function fnv32(bytes: Uint8Array, seed = 0x811c9dc5): number {
  let hash = seed;
  for (const byte of bytes) {
    hash = Math.imul(hash, 0x01000193) >>> 0;
    hash = (hash ^ byte) >>> 0;
  }
  return hash;
}

const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** k8s.io/apimachinery rand.SafeEncodeString. */
export function safeEncodeString(s: string): string {
  return [...Buffer.from(s)].map((b) => SAFE_ALPHABET[b % SAFE_ALPHABET.length]).join('');
}

/** upstream HashControllerRevision: FNV-1 of the raw data, then of the probe in decimal. */
export function hashControllerRevision(raw: string, probe?: number): string {
  let hash = fnv32(Buffer.from(raw));
  if (probe !== undefined) hash = fnv32(Buffer.from(String(probe)), hash);
  return safeEncodeString(String(hash));
}

/** upstream ControllerRevisionName: the prefix is cut to 223 bytes so the name fits 253. */
export function controllerRevisionName(prefix: string, hash: string): string {
  return `${prefix.length > 223 ? prefix.slice(0, 223) : prefix}-${hash}`;
}

/** upstream SortControllerRevisions: by revision, then creation time, then name. */
export function sortRevisions<T extends ControllerRevision>(revisions: T[]): T[] {
  return [...revisions].sort((a, b) => {
    const byRevision = (a.revision ?? 0) - (b.revision ?? 0);
    if (byRevision !== 0) return byRevision;
    const at = a.metadata.creationTimestamp ?? '';
    const bt = b.metadata.creationTimestamp ?? '';
    if (at !== bt) return at < bt ? -1 : 1;
    return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1;
  });
}

/** upstream EqualRevision: differing hash labels decide at once, else the raw data. */
export function equalRevision(a: ControllerRevision, b: ControllerRevision): boolean {
  const ha = a.metadata.labels?.[HASH_LABEL];
  const hb = b.metadata.labels?.[HASH_LABEL];
  const numeric = (h: string | undefined) => h !== undefined && /^[+-]?\d+$/.test(h);
  if (numeric(ha) && numeric(hb) && Number(ha) !== Number(hb)) return false;
  return rawData(a) === rawData(b);
}

/** upstream nextRevision: one past the highest (revisions sorted). */
export const nextRevision = (sorted: ControllerRevision[]) =>
  sorted.length === 0 ? 1 : (sorted[sorted.length - 1]?.revision ?? 0) + 1;

/** The template a revision holds (what ApplyRevision restores), without the patch directive. */
export function templateOf(revision: ControllerRevision): Template {
  const data = revision.data as { spec?: { template?: Record<string, unknown> } } | undefined;
  const template = withoutNulls(structuredClone(data?.spec?.template ?? {})) as Record<
    string,
    unknown
  >;
  delete template.$patch;
  return template as Template;
}

/** upstream CreateControllerRevision: renames with a bumped collision count until it fits. */
export function createControllerRevision(
  store: ClusterStore,
  parentName: string,
  revision: ControllerRevision,
  collisionCount: number,
): { revision: ControllerRevision; collisionCount: number } {
  const raw = rawData(revision);
  for (let count = collisionCount; ; count++) {
    const clone = structuredClone(revision);
    clone.metadata.name = controllerRevisionName(parentName, hashControllerRevision(raw, count));
    try {
      return {
        revision: store.create('controllerrevisions', clone, CONTROLLER_MANAGER),
        collisionCount: count,
      };
    } catch (error) {
      if (!isAlreadyExists(error)) throw error;
      const exists = store.get(
        'controllerrevisions',
        clone.metadata.namespace ?? '',
        clone.metadata.name,
      ) as ControllerRevision | undefined;
      if (exists && rawData(exists) === raw) return { revision: exists, collisionCount: count };
    }
  }
}

/** upstream UpdateControllerRevision: renumber (a rollback or a re-applied template). */
export function updateRevisionNumber(
  store: ClusterStore,
  revision: ControllerRevision,
  newRevision: number,
): ControllerRevision {
  if (revision.revision === newRevision) return revision;
  const next = structuredClone(revision);
  next.revision = newRevision;
  return store.update('controllerrevisions', next, CONTROLLER_MANAGER) as ControllerRevision;
}
