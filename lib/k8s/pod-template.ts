import 'server-only';
/**
 * A Deployment's pod template as upstream compares it with its ReplicaSets' (EqualIgnoreHash in
 * pkg/controller/deployment/util/deployment_util.go): the template without the
 * `pod-template-hash` label the controller adds to each ReplicaSet's copy.
 *
 * Contract: pure. `templateWithoutHash` copies (the input is never changed); a template without
 * labels compares as one with `labels: {}`, on both sides. `templateDigest` is a short digest of
 * that copy's canonical JSON (key order, nulls and empty lists or maps do not matter): equal for
 * a Deployment and the ReplicaSet it made of its current template, so records can carry it
 * instead of the template.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '@/lib/topology/validation';

export const HASH_LABEL = 'pod-template-hash';

type Obj = Record<string, unknown>;

const obj = (v: unknown): Obj =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {};

export function templateWithoutHash(template: unknown): Obj {
  const copy = structuredClone(obj(template));
  const meta = obj(copy.metadata);
  const labels = { ...obj(meta.labels) };
  delete labels[HASH_LABEL];
  copy.metadata = { ...meta, labels };
  return copy;
}

/**
 * What upstream's typed comparison cannot tell apart, made one: a null is an absent field (a
 * client-side `kubectl set image` leaves `metadata.creationTimestamp: null` in the Deployment's
 * template, not in its ReplicaSet's), and an empty list or map is an absent one
 * (apiequality.Semantic treats nil and empty alike).
 */
function normalized(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(normalized).filter((v) => v !== undefined);
    return items.length ? items : undefined;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Obj)
      .map(([k, v]) => [k, normalized(v)] as const)
      .filter(([, v]) => v !== undefined);
    return entries.length ? Object.fromEntries(entries) : undefined;
  }
  return value === null ? undefined : value;
}

/** 16 hex digits of SHA-256: collisions among one Deployment's ReplicaSets are not a concern. */
export function templateDigest(template: unknown): string {
  return createHash('sha256')
    .update(canonicalJson(normalized(templateWithoutHash(template)) ?? {}))
    .digest('hex')
    .slice(0, 16);
}
