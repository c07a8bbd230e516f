/**
 * The patch formats the apiserver accepts on PATCH, one module each: JSON Patch
 * (./json-patch.ts), JSON Merge Patch (./merge-patch.ts) and strategic merge patch
 * (./strategic-merge-patch.ts, with the served kinds' list strategies in ./patch-merge-keys.ts).
 * Server-side apply (application/apply-patch+yaml) is not a patch format but the field
 * manager's Apply (./managed-fields/apply-manager.ts); only the /scale subresource still takes an
 * applied Scale as a strategic merge.
 */
export { applyJsonPatch } from './json-patch';
export { applyMergePatch } from './merge-patch';
export { applyStrategicMergePatch } from './strategic-merge-patch';
export { listStrategy, type ListStrategy } from './patch-merge-keys';

export const PATCH_CONTENT_TYPES = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/apply-patch+yaml',
  'application/strategic-merge-patch+json',
];
