/**
 * Test support for the wrong-type fuzz (../fuzz.test.ts): one valid object per stored kind, every
 * field path of the kind's OpenAPI schema down to a few levels (through list items and map
 * values), and a copy of an object with one of those fields given a value of another JSON type
 * (array ↔ object ↔ string ↔ number ↔ bool). A path is `typed` when the schema pins its JSON
 * type all the way down (no open object, Quantity or RawExtension above it; an open object
 * itself is typed), so a wrong value there must be refused as the Go decoder refuses it. An
 * IntOrString is a leaf of type 'int-or-string': only a list, an object or a bool is wrong.
 * Used only by tests.
 */
import type { Schema } from '../../api/openapi/builders';
import { schemaName } from '../../api/openapi/documents';
import { resolve } from '../../api/openapi/go-types';
import { RESOURCES } from '../../core/resources';
import type { ResourceName } from '../../core/types';

const template = {
  metadata: { labels: { app: 'fz' } },
  spec: {
    containers: [
      {
        name: 'c',
        image: 'nginx',
        ports: [{ containerPort: 80 }],
        env: [{ name: 'A', value: 'b' }],
        resources: { limits: { cpu: '1' } },
        volumeMounts: [{ name: 'v', mountPath: '/v' }],
      },
    ],
    volumes: [{ name: 'v', emptyDir: {} }],
    tolerations: [{ key: 'k', operator: 'Exists' }],
  },
};
const selector = { matchLabels: { app: 'fz' } };
const rules = [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }];
const subjects = [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'u' }];
const roleRef = (kind: string) => ({ apiGroup: 'rbac.authorization.k8s.io', kind, name: 'fz' });

/** A valid object of every stored kind except CustomResourceDefinitions (never stored here). */
export const FIXTURES: Partial<Record<ResourceName, Record<string, unknown>>> = {
  namespaces: {},
  nodes: { spec: { podCIDR: '10.244.0.0/24' } },
  pods: { spec: template.spec },
  services: { spec: { selector: { app: 'fz' }, ports: [{ port: 80, targetPort: 8080 }] } },
  endpoints: {
    subsets: [
      {
        addresses: [{ ip: '10.0.0.1', targetRef: { kind: 'Pod', name: 'p' } }],
        notReadyAddresses: [{ ip: '10.0.0.2' }],
        ports: [{ name: 'http', port: 80 }],
      },
    ],
  },
  endpointslices: {
    addressType: 'IPv4',
    endpoints: [{ addresses: ['10.0.0.1'], conditions: { ready: true } }],
    ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
  },
  events: {
    involvedObject: { kind: 'Pod', name: 'p', namespace: 'default' },
    reason: 'Started',
    message: 'm',
    type: 'Normal',
  },
  deployments: { spec: { replicas: 1, selector, template } },
  replicasets: { spec: { replicas: 1, selector, template } },
  statefulsets: { spec: { replicas: 1, serviceName: 'fz', selector, template } },
  daemonsets: { spec: { selector, template } },
  controllerrevisions: { data: {}, revision: 1 },
  configmaps: { data: { a: 'b' } },
  serviceaccounts: {},
  roles: { rules },
  clusterroles: { rules },
  rolebindings: { roleRef: roleRef('Role'), subjects },
  clusterrolebindings: { roleRef: roleRef('ClusterRole'), subjects },
  networkpolicies: {
    spec: {
      podSelector: selector,
      ingress: [{ from: [{ podSelector: {} }], ports: [{ port: 80 }] }],
    },
  },
  poddisruptionbudgets: { spec: { minAvailable: 1, selector } },
};

export type Segment = string | 0;
export interface FieldPath {
  segments: Segment[];
  /** The schema's JSON type at the path: 'array', 'object', 'string', 'integer', 'boolean',
   * 'int-or-string' or 'open'. */
  type: string;
  typed: boolean;
}

const OPEN_KEYS = [
  'name',
  'key',
  'operator',
  'effect',
  'ip',
  'hostnames',
  'topologyKey',
  'devicePath',
  'nodeAffinity',
  'runAsUser',
  'port',
  'path',
];
const LENIENT = /\.(Quantity|RawExtension)$/;

/** Every field path of `resource`'s schema down to `maxDepth` segments (list items count). */
export function fieldPaths(resource: ResourceName, maxDepth = 6): FieldPath[] {
  const info = RESOURCES[resource];
  const out: FieldPath[] = [];
  const visit = (schema: Schema, segments: Segment[], typed: boolean, seen: Set<string>) => {
    const refName = typeof schema.$ref === 'string' ? schema.$ref : undefined;
    if (refName && (LENIENT.test(refName) || seen.has(refName))) return;
    if (refName?.endsWith('.IntOrString')) {
      out.push({ segments, type: 'int-or-string', typed });
      return;
    }
    const s = resolve(schema);
    if (!s) return;
    const properties = s.properties as Record<string, Schema> | undefined;
    const additional = s.additionalProperties as Schema | undefined;
    const open = s.type === 'object' && !properties && !additional;
    const type = open ? 'open' : String(s.type);
    // An open field must still be an object (its Go struct is named in go-types.ts), except
    // managedFields' fieldsV1, whose own decoder takes any JSON; what is inside is unchecked.
    const here = typed && segments[segments.length - 1] !== 'fieldsV1';
    const inner = typed && !open;
    if (segments.length > 0) out.push({ segments, type, typed: here });
    // Inside an open object nothing is checked, but the emulator's own code reads some of these
    // keys (merge keys, tolerations, affinity): whatever they hold must not break it.
    if (open)
      for (const key of OPEN_KEYS)
        out.push({ segments: [...segments, key], type: 'string', typed: false });
    if (segments.length >= maxDepth) return;
    const next = refName ? new Set([...seen, refName]) : seen;
    if (s.type === 'array' && s.items) visit(s.items as Schema, [...segments, 0], inner, next);
    for (const [key, child] of Object.entries(properties ?? {}))
      visit(child, [...segments, key], inner, next);
    if (additional) visit(additional, [...segments, 'k'], inner, next);
  };
  visit(
    { $ref: `#/components/schemas/${schemaName(info.group, info.version, info.kind)}` },
    [],
    true,
    new Set(),
  );
  return out;
}

/** Values of other JSON types than `type`, for the fuzz to pick from. */
export function wrongValues(type: string): unknown[] {
  const all: Record<string, unknown> = {
    array: [7],
    object: { x: 1 },
    string: 'x',
    integer: 7,
    boolean: true,
  };
  const also = type === 'array' ? [{}] : type === 'object' || type === 'open' ? [[]] : [[{}]];
  return [
    ...Object.entries(all)
      .filter(([t]) => t !== type && !(type === 'open' && t === 'object'))
      .filter(([t]) => !(type === 'int-or-string' && (t === 'string' || t === 'integer')))
      .map(([, v]) => v),
    ...also,
  ];
}

/** A deep copy of `object` with `value` at `segments` (containers created as needed). */
export function withValue(
  object: unknown,
  segments: Segment[],
  value: unknown,
): Record<string, unknown> {
  const root = structuredClone(object) as Record<string, unknown>;
  let node: Record<string | number, unknown> = root;
  segments.forEach((seg, i) => {
    if (i === segments.length - 1) {
      node[seg] = value;
      return;
    }
    const wantList = segments[i + 1] === 0;
    let child = node[seg];
    if (
      wantList
        ? !Array.isArray(child) || child.length === 0
        : typeof child !== 'object' || child === null || Array.isArray(child)
    )
      child = wantList ? [{}] : {};
    node[seg] = child;
    node = child as Record<string | number, unknown>;
  });
  return root;
}
