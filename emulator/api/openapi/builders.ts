/**
 * Builders for the OpenAPI v3 component schemas (./schemas*.ts): primitives, `$ref`s, lists with
 * their Kubernetes list/patch extensions, inline objects (whose description starts with the Go
 * type's name, which ./unknown-fields.ts relies on), kinds with their
 * `x-kubernetes-group-version-kind`, list kinds, and the two together for a served resource.
 */
export type Schema = Record<string, unknown>;

export const P = 'io.k8s.api.core.v1.';
export const M = 'io.k8s.apimachinery.pkg.apis.meta.v1.';

export const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
export const s = (description?: string): Schema =>
  description ? { type: 'string', description } : { type: 'string' };
/** A port's protocol: upstream's `+default="TCP"` (list-map keys of ports are keyed by it). */
export const protocol = (description: string): Schema => ({ ...s(description), default: 'TCP' });
export const int32: Schema = { type: 'integer', format: 'int32' };
export const int64: Schema = { type: 'integer', format: 'int64' };
export const bool: Schema = { type: 'boolean' };
export const time: Schema = ref(`${M}Time`);
export const strMap: Schema = {
  type: 'object',
  additionalProperties: { type: 'string', default: '' },
};
export const open: Schema = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
export const intOrString: Schema = ref('io.k8s.apimachinery.pkg.util.intstr.IntOrString');
export const quantityMap: Schema = {
  type: 'object',
  additionalProperties: ref('io.k8s.apimachinery.pkg.api.resource.Quantity'),
};
export const strs: Schema = { type: 'array', items: { type: 'string', default: '' } };

export function arr(items: Schema, extra: Schema = {}): Schema {
  return { type: 'array', items, ...extra };
}
export function mergeList(items: Schema, key: string, extra: Schema = {}): Schema {
  return {
    type: 'array',
    items,
    'x-kubernetes-list-type': 'map',
    'x-kubernetes-list-map-keys': [key],
    'x-kubernetes-patch-merge-key': key,
    'x-kubernetes-patch-strategy': 'merge',
    ...extra,
  };
}
export const atomic = (items: Schema): Schema => arr(items, { 'x-kubernetes-list-type': 'atomic' });
export function obj(
  description: string,
  properties: Record<string, Schema>,
  required?: string[],
): Schema {
  const out: Schema = { description, type: 'object', properties };
  if (required) out.required = required;
  return out;
}
export function kind(
  group: string,
  version: string,
  kindName: string,
  description: string,
  properties: Record<string, Schema>,
): Schema {
  return {
    ...obj(description, {
      apiVersion: s('APIVersion defines the versioned schema of this representation of an object.'),
      kind: s('Kind is a string value representing the REST resource this object represents.'),
      metadata: ref(`${M}ObjectMeta`),
      ...properties,
    }),
    'x-kubernetes-group-version-kind': [{ group, kind: kindName, version }],
  };
}
export function list(group: string, version: string, kindName: string, item: string): Schema {
  return {
    ...obj(
      `${kindName} is a list of objects.`,
      {
        apiVersion: s(),
        items: arr(ref(item)),
        kind: s(),
        metadata: ref(`${M}ListMeta`),
      },
      ['items'],
    ),
    'x-kubernetes-group-version-kind': [{ group, kind: kindName, version }],
  };
}

/** An API group version as its schemas are named: the name prefix, the group and the version. */
export interface GroupVersion {
  prefix: string;
  group: string;
  version: string;
}
export const CORE_V1: GroupVersion = { prefix: P, group: '', version: 'v1' };

/**
 * A served kind's schema and its list kind's, keyed by their schema names (`<prefix><Kind>` and
 * `<prefix><Kind>List`): every served resource has both, so group, version and kind are written
 * once per resource.
 */
export function kindWithList(
  gv: GroupVersion,
  kindName: string,
  description: string,
  properties: Record<string, Schema>,
): Record<string, Schema> {
  const name = `${gv.prefix}${kindName}`;
  return {
    [name]: kind(gv.group, gv.version, kindName, description, properties),
    [`${name}List`]: list(gv.group, gv.version, `${kindName}List`, name),
  };
}

/** A status condition (the union of the fields the served kinds' conditions carry). */
export const condition = (name: string) =>
  obj(
    name,
    {
      lastHeartbeatTime: time,
      lastProbeTime: time,
      lastTransitionTime: time,
      lastUpdateTime: time,
      message: s(),
      observedGeneration: int64,
      reason: s(),
      status: s(),
      type: s(),
    },
    ['type', 'status'],
  );
