/**
 * The patch formats the apiserver accepts on PATCH, one module each: JSON Patch
 * (./json-patch.ts), JSON Merge Patch (./merge-patch.ts) and strategic merge patch
 * (./strategic-merge-patch.ts, with the served kinds' list strategies in ./patch-merge-keys.ts).
 * Server-side apply (application/apply-patch+yaml) is accepted too; without field ownership
 * yet, the router applies it as a strategic merge patch.
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
