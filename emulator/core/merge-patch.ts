/**
 * JSON Merge Patch (RFC 7386, application/merge-patch+json; kubectl label, annotate, scale):
 * objects merge key by key, `null` deletes a key, anything else (arrays included) replaces.
 */
import { clone, isObject, type Json, type JsonObject } from './patch-common';

export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return clone(patch);
  const out: JsonObject = isObject(target) ? (clone(target) as JsonObject) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = applyMergePatch(out[k], v) as Json;
  }
  return out;
}
