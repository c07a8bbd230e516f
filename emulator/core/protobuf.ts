/**
 * Decoding of `application/vnd.kubernetes.protobuf` request bodies, which kubectl's typed
 * generators send (`kubectl create namespace|deployment|service|configmap|serviceaccount|role|
 * clusterrole|rolebinding|clusterrolebinding|poddisruptionbudget …`, `kubectl run`,
 * `kubectl expose`): the `k8s\0` magic, the runtime.Unknown envelope, and the generated.proto
 * field numbers of k8s.io/api for the fields those generators set (ObjectMeta, Namespace,
 * Pod/PodSpec/Container, Deployment, ReplicaSet, Service, ConfigMap, ServiceAccount, the RBAC
 * kinds, PodDisruptionBudget; DeleteOptions). Fields outside this table are dropped; responses are always JSON, which client-go accepts.
 *
 * The Go protobuf marshaller writes non-pointer scalars even when empty; Go's JSON encoder
 * omits them (omitempty). Empty strings, false and 0 are therefore dropped unless the field is
 * a pointer in Go (marked 'ptr'), where the presence of a zero is meaningful.
 */
import { badRequest, unsupportedMediaType } from './errors';
import type { KubeObject } from './types';

type Scalar = 'string' | 'int' | 'bool' | 'time' | 'quantity' | 'intorstr' | 'bytes';
interface Field {
  name: string;
  type: Scalar | Message | 'map' | 'quantitymap' | 'bytesmap';
  repeated?: boolean;
  ptr?: boolean;
}
type Message = { [num: number]: Field };

const f = (name: string, type: Field['type'], opts: Partial<Field> = {}): Field => ({
  name,
  type,
  ...opts,
});

const ownerReference: Message = {
  1: f('kind', 'string'),
  3: f('name', 'string'),
  4: f('uid', 'string'),
  5: f('apiVersion', 'string'),
  6: f('controller', 'bool', { ptr: true }),
  7: f('blockOwnerDeletion', 'bool', { ptr: true }),
};

const objectMeta: Message = {
  1: f('name', 'string'),
  2: f('generateName', 'string'),
  3: f('namespace', 'string'),
  5: f('uid', 'string'),
  6: f('resourceVersion', 'string'),
  7: f('generation', 'int'),
  11: f('labels', 'map'),
  12: f('annotations', 'map'),
  13: f('ownerReferences', ownerReference, { repeated: true }),
  14: f('finalizers', 'string', { repeated: true }),
};

const labelSelector: Message = {
  1: f('matchLabels', 'map'),
  2: f(
    'matchExpressions',
    {
      1: f('key', 'string'),
      2: f('operator', 'string'),
      3: f('values', 'string', { repeated: true }),
    },
    { repeated: true },
  ),
};

const container: Message = {
  1: f('name', 'string'),
  2: f('image', 'string'),
  3: f('command', 'string', { repeated: true }),
  4: f('args', 'string', { repeated: true }),
  5: f('workingDir', 'string'),
  6: f(
    'ports',
    {
      1: f('name', 'string'),
      2: f('hostPort', 'int'),
      3: f('containerPort', 'int'),
      4: f('protocol', 'string'),
      5: f('hostIP', 'string'),
    },
    { repeated: true },
  ),
  7: f('env', { 1: f('name', 'string'), 2: f('value', 'string') }, { repeated: true }),
  8: f('resources', { 1: f('limits', 'quantitymap'), 2: f('requests', 'quantitymap') }),
  13: f('terminationMessagePath', 'string'),
  14: f('imagePullPolicy', 'string'),
  16: f('stdin', 'bool'),
  17: f('stdinOnce', 'bool'),
  18: f('tty', 'bool'),
  20: f('terminationMessagePolicy', 'string'),
  24: f('restartPolicy', 'string', { ptr: true }),
};

const podSpec: Message = {
  2: f('containers', container, { repeated: true }),
  3: f('restartPolicy', 'string'),
  4: f('terminationGracePeriodSeconds', 'int', { ptr: true }),
  5: f('activeDeadlineSeconds', 'int', { ptr: true }),
  6: f('dnsPolicy', 'string'),
  7: f('nodeSelector', 'map'),
  8: f('serviceAccountName', 'string'),
  9: f('serviceAccount', 'string'),
  10: f('nodeName', 'string'),
  11: f('hostNetwork', 'bool'),
  12: f('hostPID', 'bool'),
  13: f('hostIPC', 'bool'),
  16: f('hostname', 'string'),
  17: f('subdomain', 'string'),
  19: f('schedulerName', 'string'),
  20: f('initContainers', container, { repeated: true }),
  21: f('automountServiceAccountToken', 'bool', { ptr: true }),
  24: f('priorityClassName', 'string'),
  25: f('priority', 'int', { ptr: true }),
  27: f('shareProcessNamespace', 'bool', { ptr: true }),
  29: f('runtimeClassName', 'string', { ptr: true }),
  30: f('enableServiceLinks', 'bool', { ptr: true }),
  31: f('preemptionPolicy', 'string', { ptr: true }),
  35: f('setHostnameAsFQDN', 'bool', { ptr: true }),
  37: f('hostUsers', 'bool', { ptr: true }),
};

const podTemplateSpec: Message = { 1: f('metadata', objectMeta), 2: f('spec', podSpec) };

const top = (spec: Message): Message => ({ 1: f('metadata', objectMeta), 2: f('spec', spec) });

const policyRule: Message = {
  1: f('verbs', 'string', { repeated: true }),
  2: f('apiGroups', 'string', { repeated: true }),
  3: f('resources', 'string', { repeated: true }),
  4: f('resourceNames', 'string', { repeated: true }),
  5: f('nonResourceURLs', 'string', { repeated: true }),
};

const binding: Message = {
  1: f('metadata', objectMeta),
  2: f(
    'subjects',
    {
      1: f('kind', 'string'),
      2: f('apiGroup', 'string'),
      3: f('name', 'string'),
      4: f('namespace', 'string'),
    },
    { repeated: true },
  ),
  3: f('roleRef', { 1: f('apiGroup', 'string'), 2: f('kind', 'string'), 3: f('name', 'string') }),
};

const deleteOptions: Message = {
  1: f('gracePeriodSeconds', 'int', { ptr: true }),
  2: f('preconditions', {
    1: f('uid', 'string', { ptr: true }),
    2: f('resourceVersion', 'string', { ptr: true }),
  }),
  3: f('orphanDependents', 'bool', { ptr: true }),
  4: f('propagationPolicy', 'string', { ptr: true }),
  5: f('dryRun', 'string', { repeated: true }),
};

const SCHEMAS: Record<string, Message> = {
  // meta/v1 DeleteOptions (not an object with metadata): the body of kubectl drain's pod
  // DELETEs (with --disable-eviction, or against a server without pods/eviction).
  DeleteOptions: deleteOptions,
  // policy/v1 Eviction: the body of kubectl drain's evictions.
  Eviction: { 1: f('metadata', objectMeta), 2: f('deleteOptions', deleteOptions) },
  Namespace: top({ 1: f('finalizers', 'string', { repeated: true }) }),
  ConfigMap: {
    1: f('metadata', objectMeta),
    2: f('data', 'map'),
    3: f('binaryData', 'bytesmap'),
    4: f('immutable', 'bool', { ptr: true }),
  },
  ServiceAccount: {
    1: f('metadata', objectMeta),
    2: f(
      'secrets',
      { 1: f('kind', 'string'), 2: f('namespace', 'string'), 3: f('name', 'string') },
      { repeated: true },
    ),
    3: f('imagePullSecrets', { 1: f('name', 'string') }, { repeated: true }),
    4: f('automountServiceAccountToken', 'bool', { ptr: true }),
  },
  Role: { 1: f('metadata', objectMeta), 2: f('rules', policyRule, { repeated: true }) },
  ClusterRole: {
    1: f('metadata', objectMeta),
    2: f('rules', policyRule, { repeated: true }),
    3: f('aggregationRule', { 1: f('clusterRoleSelectors', labelSelector, { repeated: true }) }),
  },
  RoleBinding: binding,
  ClusterRoleBinding: binding,
  PodDisruptionBudget: top({
    1: f('minAvailable', 'intorstr', { ptr: true }),
    2: f('selector', labelSelector),
    3: f('maxUnavailable', 'intorstr', { ptr: true }),
    4: f('unhealthyPodEvictionPolicy', 'string', { ptr: true }),
  }),
  Pod: top(podSpec),
  Deployment: top({
    1: f('replicas', 'int', { ptr: true }),
    2: f('selector', labelSelector),
    3: f('template', podTemplateSpec),
    4: f('strategy', {
      1: f('type', 'string'),
      2: f('rollingUpdate', {
        1: f('maxUnavailable', 'intorstr', { ptr: true }),
        2: f('maxSurge', 'intorstr', { ptr: true }),
      }),
    }),
    5: f('minReadySeconds', 'int'),
    6: f('revisionHistoryLimit', 'int', { ptr: true }),
    7: f('paused', 'bool'),
    9: f('progressDeadlineSeconds', 'int', { ptr: true }),
  }),
  ReplicaSet: top({
    1: f('replicas', 'int', { ptr: true }),
    2: f('selector', labelSelector),
    3: f('template', podTemplateSpec),
    4: f('minReadySeconds', 'int'),
  }),
  Service: top({
    1: f(
      'ports',
      {
        1: f('name', 'string'),
        2: f('protocol', 'string'),
        3: f('port', 'int'),
        4: f('targetPort', 'intorstr'),
        5: f('nodePort', 'int'),
        6: f('appProtocol', 'string', { ptr: true }),
      },
      { repeated: true },
    ),
    2: f('selector', 'map'),
    3: f('clusterIP', 'string'),
    4: f('type', 'string'),
    5: f('externalIPs', 'string', { repeated: true }),
    7: f('sessionAffinity', 'string'),
    8: f('loadBalancerIP', 'string'),
    9: f('loadBalancerSourceRanges', 'string', { repeated: true }),
    10: f('externalName', 'string'),
    11: f('externalTrafficPolicy', 'string'),
    12: f('healthCheckNodePort', 'int'),
    13: f('publishNotReadyAddresses', 'bool'),
    17: f('ipFamilyPolicy', 'string', { ptr: true }),
    18: f('clusterIPs', 'string', { repeated: true }),
    19: f('ipFamilies', 'string', { repeated: true }),
    20: f('allocateLoadBalancerNodePorts', 'bool', { ptr: true }),
    21: f('loadBalancerClass', 'string', { ptr: true }),
    22: f('internalTrafficPolicy', 'string', { ptr: true }),
    23: f('trafficDistribution', 'string', { ptr: true }),
  }),
};

class Reader {
  pos = 0;
  constructor(readonly buf: Uint8Array) {}
  done() {
    return this.pos >= this.buf.length;
  }
  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (this.pos >= this.buf.length) throw new Error('truncated varint');
      const b = this.buf[this.pos++]!;
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
      if (shift > 70n) throw new Error('varint too long');
    }
  }
  bytes(): Uint8Array {
    const len = Number(this.varint());
    if (this.pos + len > this.buf.length) throw new Error('truncated field');
    const out = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }
  skip(wire: number) {
    if (wire === 0) this.varint();
    else if (wire === 1) this.pos += 8;
    else if (wire === 2) this.bytes();
    else if (wire === 5) this.pos += 4;
    else throw new Error(`unsupported wire type ${wire}`);
  }
}

const utf8 = new TextDecoder();

function decodeMessage(buf: Uint8Array, schema: Message): Record<string, unknown> {
  const r = new Reader(buf);
  const out: Record<string, unknown> = {};
  while (!r.done()) {
    const key = Number(r.varint());
    const num = key >>> 3;
    const wire = key & 7;
    const field = schema[num];
    const expectedWire = field && (field.type === 'int' || field.type === 'bool') ? 0 : 2;
    if (!field || wire !== expectedWire) {
      r.skip(wire);
      continue;
    }
    const value = decodeValue(r, field);
    if (field.repeated) ((out[field.name] ??= []) as unknown[]).push(value);
    else if (field.type === 'map' || field.type === 'quantitymap' || field.type === 'bytesmap') {
      const [k, v] = value as [string, unknown];
      ((out[field.name] ??= {}) as Record<string, unknown>)[k] = v;
    } else out[field.name] = value;
  }
  return prune(out, schema);
}

function decodeValue(r: Reader, field: Field): unknown {
  const t = field.type;
  if (typeof t === 'object') return decodeMessage(r.bytes(), t);
  switch (t) {
    case 'string':
      return utf8.decode(r.bytes());
    case 'int':
      return Number(BigInt.asIntN(64, r.varint()));
    case 'bool':
      return r.varint() !== 0n;
    case 'time': {
      const m = decodeMessage(r.bytes(), { 1: f('seconds', 'int'), 2: f('nanos', 'int') });
      return new Date(Number(m.seconds ?? 0) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    }
    case 'quantity':
      return decodeMessage(r.bytes(), { 1: f('string', 'string') }).string ?? '0';
    case 'intorstr': {
      const m = decodeMessage(r.bytes(), {
        1: f('type', 'int', { ptr: true }),
        2: f('intVal', 'int', { ptr: true }),
        3: f('strVal', 'string', { ptr: true }),
      });
      return m.type === 1 ? (m.strVal ?? '') : (m.intVal ?? 0);
    }
    case 'bytes':
      return Buffer.from(r.bytes()).toString('base64');
    case 'map':
    case 'quantitymap':
    case 'bytesmap': {
      const valueType = t === 'map' ? 'string' : t === 'quantitymap' ? 'quantity' : 'bytes';
      const entry = decodeMessage(r.bytes(), {
        1: f('key', 'string', { ptr: true }),
        2: f('value', valueType, { ptr: true }),
      });
      return [entry.key ?? '', entry.value ?? ''];
    }
  }
  return undefined;
}

/** Drops what Go's JSON encoder would omit: empty non-pointer scalars and empty messages. */
function prune(out: Record<string, unknown>, schema: Message): Record<string, unknown> {
  for (const field of Object.values(schema)) {
    const v = out[field.name];
    if (v === undefined || field.ptr || field.repeated) continue;
    if (v === '' || v === false || v === 0) delete out[field.name];
    else if (typeof field.type === 'object' && Object.keys(v as object).length === 0) {
      delete out[field.name];
    }
  }
  return out;
}

const MAGIC = [0x6b, 0x38, 0x73, 0x00];

export const PROTOBUF_TYPE = 'application/vnd.kubernetes.protobuf';

/** Decodes a kubectl protobuf request body into the JSON object it stands for. */
export function decodeProtobufObject(body: Uint8Array, expectedKind: string): KubeObject {
  if (body.length < 4 || MAGIC.some((b, i) => body[i] !== b)) {
    throw badRequest(
      'provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]',
    );
  }
  try {
    const unknown = decodeMessage(body.subarray(4), {
      1: f('typeMeta', { 1: f('apiVersion', 'string'), 2: f('kind', 'string') }),
    });
    const r = new Reader(body.subarray(4));
    let raw: Uint8Array | undefined;
    while (!r.done()) {
      const key = Number(r.varint());
      if (key >>> 3 === 2 && (key & 7) === 2) raw = r.bytes();
      else r.skip(key & 7);
    }
    const typeMeta = (unknown.typeMeta ?? {}) as { apiVersion?: string; kind?: string };
    const kind = typeMeta.kind || expectedKind;
    const schema = SCHEMAS[kind];
    if (!schema) {
      throw unsupportedMediaType(['application/json', 'application/yaml']);
    }
    const decoded = decodeMessage(raw ?? new Uint8Array(0), schema);
    return { apiVersion: typeMeta.apiVersion ?? '', kind, metadata: {}, ...decoded } as KubeObject;
  } catch (error) {
    if (error instanceof Error && error.name === 'ApiError') throw error;
    throw badRequest(`unable to decode protobuf body: ${(error as Error).message}`);
  }
}
