/**
 * The served kinds' schemas as structured-merge-diff types, for metadata.managedFields and
 * server-side apply — what k8s.io/kube-openapi's schemaconv makes of the same OpenAPI
 * (./schemas.ts): `x-kubernetes-list-type` map/set/atomic (an array without one is atomic),
 * `x-kubernetes-list-map-keys`, `x-kubernetes-map-type: atomic`, objects with properties as
 * structs, `additionalProperties` as free-form maps, open objects
 * (`x-kubernetes-preserve-unknown-fields`) and everything else typeless as deduced, and string
 * formats (Time, IntOrString, Quantity) as untyped scalars, other leaves as numeric, string or
 * boolean scalars. A list-map key's `default` is kept: items that omit it are keyed by it. Also
 * each kind's empty object, as a create starts from it.
 */
import type { Json } from '../../core/managed-fields/path-element';
import type { KindSchema, SmdType, StructField } from '../../core/managed-fields/schema';
import { DEDUCED, SCALAR } from '../../core/managed-fields/schema';
import { RESOURCES } from '../../core/resources';
import type { ResourceName } from '../../core/types';
import type { Schema } from './builders';
import { schemaName } from './documents';
import { COMPONENTS } from './schemas';

const REF = '#/components/schemas/';
const NUMERIC: SmdType = { kind: 'scalar', scalar: 'numeric' };
const STRING: SmdType = { kind: 'scalar', scalar: 'string' };
const BOOLEAN: SmdType = { kind: 'scalar', scalar: 'boolean' };
const byName = new Map<string, SmdType>();

function named(name: string): SmdType {
  const done = byName.get(name);
  if (done) return done;
  const schema = COMPONENTS[name];
  // A schema that refers to itself (none of the served ones do) is left typeless below itself.
  byName.set(name, DEDUCED);
  // schemaconv makes Quantity, a plain string in the OpenAPI, an untyped scalar by name.
  const type = name.endsWith('.Quantity') ? SCALAR : schema ? convert(schema) : DEDUCED;
  byName.set(name, type);
  return type;
}

function convert(schema: Schema): SmdType {
  if (typeof schema.$ref === 'string') return named(schema.$ref.slice(REF.length));
  if (schema.type === 'array') {
    const items = schema.items as Schema | undefined;
    const element = items ? convert(items) : DEDUCED;
    const listType = schema['x-kubernetes-list-type'];
    if (listType === 'map' || listType === 'set') {
      const keys = (schema['x-kubernetes-list-map-keys'] as string[] | undefined) ?? [];
      return {
        kind: 'list',
        relationship: 'associative',
        keys: listType === 'map' ? keys : [],
        element,
      };
    }
    return { kind: 'list', relationship: 'atomic', keys: [], element };
  }
  const properties = schema.properties as Record<string, Schema> | undefined;
  const additional = schema.additionalProperties as Schema | undefined;
  const open = schema['x-kubernetes-preserve-unknown-fields'] === true;
  if (schema.type === 'object' || properties || additional || open) {
    const relationship = schema['x-kubernetes-map-type'] === 'atomic' ? 'atomic' : 'separable';
    let fields: Map<string, StructField> | undefined;
    if (properties) {
      fields = new Map();
      for (const [key, sub] of Object.entries(properties)) {
        const field: StructField =
          sub.default === undefined
            ? { type: convert(sub) }
            : { type: convert(sub), default: sub.default as never };
        fields.set(key, field);
      }
    }
    const element = additional ? convert(additional) : open || !properties ? DEDUCED : undefined;
    return element
      ? { kind: 'map', relationship, fields, element }
      : { kind: 'map', relationship, fields };
  }
  if (schema.type === undefined) return DEDUCED;
  return scalarOf(schema);
}

/** schemaconv's convertPrimitive: a string with a format (Time, IntOrString) is untyped. */
function scalarOf(schema: Schema): SmdType {
  if (schema.type === 'integer' || schema.type === 'number') return NUMERIC;
  if (schema.type === 'boolean') return BOOLEAN;
  if (schema.type === 'string' && (schema.format === undefined || schema.format === 'byte'))
    return STRING;
  return SCALAR;
}

const byResource = new Map<ResourceName, SmdType>();

/** The type of a served resource's objects (the kind's schema). */
export function fieldTypeOf(resource: ResourceName): SmdType {
  let type = byResource.get(resource);
  if (!type) {
    const info = RESOURCES[resource];
    type = named(schemaName(info.group, info.version, info.kind));
    byResource.set(resource, type);
  }
  return type;
}

const template = { metadata: {}, spec: { containers: null } };

/**
 * The zero value of each kind as Go's encoding/json writes it (k8s.io/api types): the struct
 * fields that are never omitted (specs, templates, strategies, a binding's roleRef) and the
 * slices without omitempty (a pod's containers, a role's rules) as null.
 */
const EMPTY: Partial<Record<ResourceName, Json>> = {
  namespaces: { spec: {}, status: {} },
  nodes: { spec: {}, status: { daemonEndpoints: { kubeletEndpoint: {} }, nodeInfo: {} } },
  pods: { spec: { containers: null }, status: {} },
  services: { spec: {}, status: { loadBalancer: {} } },
  endpointslices: { endpoints: null, ports: null },
  events: { involvedObject: {}, source: {} },
  deployments: { spec: { template, strategy: {} }, status: {} },
  replicasets: { spec: { template }, status: {} },
  statefulsets: { spec: { template, updateStrategy: {} }, status: {} },
  daemonsets: { spec: { template, updateStrategy: {} }, status: {} },
  roles: { rules: null },
  clusterroles: { rules: null },
  rolebindings: { roleRef: {} },
  clusterrolebindings: { roleRef: {} },
  networkpolicies: { spec: { podSelector: {} } },
  poddisruptionbudgets: { spec: {}, status: {} },
};

const schemas = new Map<ResourceName, KindSchema>();

/** What the field manager needs of a served kind: its type and its empty object. */
export function kindSchema(resource: ResourceName): KindSchema {
  let schema = schemas.get(resource);
  if (!schema) {
    schema = {
      type: fieldTypeOf(resource),
      empty: { metadata: {}, ...(EMPTY[resource] as object) },
    };
    schemas.set(resource, schema);
  }
  return schema;
}
