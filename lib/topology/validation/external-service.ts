/**
 * The "external Service" write: its input, its validation, and the exact objects it creates.
 *
 * Writes are a privilege: the dashboard's credentials may be broader than its user's, so what it
 * sends must be safe whoever asked.
 *
 * Contract: one function, `validateExternalService`, is run by the form in the browser (without cluster facts) and again by the server (with them);
 * it accepts a strict SUPERSET of what the apiserver rejects — never less. `buildManifests` turns a
 * validated input into the Service, EndpointSlice(s) and/or Endpoints deterministically, so the
 * preview and the create send byte-identical objects. `validateManifests` re-checks the objects
 * themselves (create, edit, fuzz) — including that endpoint port names match the Service's.
 * Isomorphic, pure; field paths are the form's (`addresses.2`, `ports.0.name`).
 */
import { z } from 'zod';
import * as api from './apiserver-messages';
import { checkAddress, type InternalTarget, type IpFamily, type ParsedIp } from './addresses';
import { checkNamespaceName, checkPortName, checkServiceName, isDns1123Subdomain } from './names';

export const MAX_ADDRESSES = 100;
export const MAX_PORTS = 20;
export const PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;
export type Protocol = (typeof PROTOCOLS)[number];
export const CREATE_AS = ['EndpointSlice', 'Endpoints', 'Both'] as const;
export type CreateAs = (typeof CREATE_AS)[number];

/** `endpointslice.kubernetes.io/managed-by` of slices we write (never the controller's value). */
export const MANAGED_BY = 'switchboard.dev';
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
/** Upstream's opt-out: the mirroring controller leaves such Endpoints alone (we write a slice). */
export const SKIP_MIRROR_LABEL = 'endpointslice.kubernetes.io/skip-mirror';
export const CREATED_BY_ANNOTATION = 'switchboard.dev/created-by';
export const CREATED_BY_VALUE = 'external-service-form';
export const ALLOW_INTERNAL_ANNOTATION = 'switchboard.dev/allow-internal-target';
/** Set by the preview and carried into create: tells our objects from a concurrent request's. */
export const REQUEST_ID_ANNOTATION = 'switchboard.dev/request-id';
export const REQUEST_ID_RE = /^[a-z0-9]{8,64}$/;

const portSchema = z
  .object({
    port: z.union([z.string().max(32), z.number()]),
    name: z.string().max(256).default(''),
    protocol: z.string().max(32).default('TCP'),
  })
  .strict();

/** The untrusted wire/form shape: strings as typed, nothing coerced yet. */
export const externalServiceInputSchema = z
  .object({
    namespace: z.string().max(256),
    name: z.string().max(512),
    addresses: z.array(z.string().max(512)).max(MAX_ADDRESSES, {
      message: `At most ${MAX_ADDRESSES} addresses per Service from this form.`,
    }),
    ports: z.array(portSchema).max(MAX_PORTS, { message: `At most ${MAX_PORTS} ports.` }),
    createAs: z.enum(CREATE_AS).default('EndpointSlice'),
    allowInternalTarget: z.boolean().default(false),
    requestId: z.string().regex(REQUEST_ID_RE).optional(),
  })
  .strict();

export type ExternalServiceInput = z.input<typeof externalServiceInputSchema>;
export type ParsedInput = z.output<typeof externalServiceInputSchema>;

export interface FieldError {
  /** Form field: `namespace`, `name`, `addresses`, `addresses.N`, `ports`, `ports.N.port|name|protocol`, `createAs`, `form`. */
  field: string;
  message: string;
  /** The apiserver's message when the apiserver enforces the same rule. */
  apiserver?: string;
  code?: string;
  /** An internal-target finding, allowed with the explicit override. */
  overridable?: boolean;
}

/** What the server knows about the cluster; the browser validates without it. */
export interface ClusterFacts {
  /** When given, the namespace must be one of these. */
  namespaces?: readonly string[];
  internalTargets: readonly InternalTarget[];
}

export interface ValidPort {
  name: string;
  port: number;
  protocol: Protocol;
}

export interface ValidExternalService {
  namespace: string;
  name: string;
  addresses: ParsedIp[];
  ports: ValidPort[];
  createAs: CreateAs;
  /** Internal addresses the user explicitly allowed (recorded as an annotation). */
  allowedInternal: string[];
  requestId?: string;
}

export type ValidationResult =
  { ok: true; value: ValidExternalService } | { ok: false; errors: FieldError[] };

/** Parses the untrusted shape; malformed payloads become field errors, never exceptions. */
export function parseExternalServiceInput(
  raw: unknown,
): { ok: true; input: ParsedInput } | { ok: false; errors: FieldError[] } {
  const parsed = externalServiceInputSchema.safeParse(raw);
  if (parsed.success) return { ok: true, input: parsed.data };
  return {
    ok: false,
    errors: parsed.error.issues.map((issue) => ({
      field: issue.path.length ? issue.path.map(String).join('.') : 'form',
      message: issue.message,
      code: 'malformed',
    })),
  };
}

const PORT_TEXT_RE = /^\d{1,6}$/;

export function validateExternalService(raw: unknown, facts?: ClusterFacts): ValidationResult {
  const parsed = parseExternalServiceInput(raw);
  if (!parsed.ok) return parsed;
  const input = parsed.input;
  const errors: FieldError[] = [];
  const push = (field: string, e: { message: string; apiserver?: string }, code?: string) =>
    errors.push({ field, message: e.message, apiserver: e.apiserver, code });

  const ns = checkNamespaceName(input.namespace);
  if (ns) push('namespace', ns, 'namespace');
  else if (facts?.namespaces && !facts.namespaces.includes(input.namespace)) {
    push(
      'namespace',
      {
        message: `Namespace "${input.namespace}" does not exist.`,
        apiserver: `namespaces ${JSON.stringify(input.namespace)} not found`,
      },
      'namespace-missing',
    );
  }
  const nameProblem = checkServiceName(input.name);
  if (nameProblem) push('name', nameProblem, 'name');

  // Ports.
  const ports: ValidPort[] = [];
  if (input.ports.length === 0) {
    push(
      'ports',
      { message: 'Add at least one port.', apiserver: api.requiredValue('spec.ports') },
      'ports-required',
    );
  }
  const seenNames = new Map<string, number>();
  const seenPortProto = new Map<string, number>();
  input.ports.forEach((p, i) => {
    const base = `ports.${i}`;
    let number: number | undefined;
    const text = typeof p.port === 'number' ? String(p.port) : p.port;
    if (text === '') {
      push(
        `${base}.port`,
        {
          message: 'Enter a port number.',
          apiserver: api.invalidValue(`spec.ports[${i}].port`, 0, api.PORT_RANGE),
        },
        'port-required',
      );
    } else if (!PORT_TEXT_RE.test(text) || !Number.isSafeInteger(Number(text))) {
      push(
        `${base}.port`,
        { message: `"${text}" is not a port number (1–65535).` },
        'port-invalid',
      );
    } else {
      number = Number(text);
      if (number < 1 || number > 65535) {
        push(
          `${base}.port`,
          {
            message: `Port ${number} is out of range: a port is between 1 and 65535.`,
            apiserver: api.invalidValue(`spec.ports[${i}].port`, number, api.PORT_RANGE),
          },
          'port-range',
        );
        number = undefined;
      }
    }
    const protocol = p.protocol;
    const validProtocol = (PROTOCOLS as readonly string[]).includes(protocol);
    if (!validProtocol) {
      push(
        `${base}.protocol`,
        {
          message: `Protocol must be TCP, UDP or SCTP (got "${protocol}").`,
          apiserver: api.unsupportedValue(`spec.ports[${i}].protocol`, protocol),
        },
        'protocol',
      );
    }
    const nameErr = checkPortName(p.name, `spec.ports[${i}].name`);
    if (nameErr) push(`${base}.name`, nameErr, 'port-name');
    else if (p.name === '' && input.ports.length > 1) {
      push(
        `${base}.name`,
        {
          message: 'With more than one port, every port needs a name.',
          apiserver: api.requiredValue(`spec.ports[${i}].name`),
        },
        'port-name-required',
      );
    } else if (p.name !== '') {
      const first = seenNames.get(p.name);
      if (first !== undefined) {
        push(
          `${base}.name`,
          {
            message: `Port ${first + 1} already uses the name "${p.name}".`,
            apiserver: api.duplicateValue(`spec.ports[${i}].name`, p.name),
          },
          'port-name-duplicate',
        );
      } else seenNames.set(p.name, i);
    }
    if (number !== undefined && validProtocol) {
      const key = `${number}/${protocol}`;
      const first = seenPortProto.get(key);
      if (first !== undefined) {
        push(
          `${base}.port`,
          {
            message: `Port ${first + 1} is already ${number}/${protocol}; each port and protocol pair may appear once.`,
            apiserver: `spec.ports[${i}]: Duplicate value`,
          },
          'port-duplicate',
        );
      } else seenPortProto.set(key, i);
      ports.push({ name: p.name, port: number, protocol: protocol as Protocol });
    }
  });

  const checked = validateAddresses(input.addresses, facts, input.allowInternalTarget);
  errors.push(...checked.errors);
  const { addresses, allowedInternal } = checked;

  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    value: {
      namespace: input.namespace,
      name: input.name,
      addresses,
      ports,
      createAs: input.createAs,
      allowedInternal,
      ...(input.requestId ? { requestId: input.requestId } : {}),
    },
  };
}

/**
 * The address list on its own (also used by the edit form): per-address rules, duplicates, and
 * internal targets allowed only with the override.
 */
export function validateAddresses(
  list: readonly string[],
  facts: ClusterFacts | undefined,
  allowInternalTarget: boolean,
): { errors: FieldError[]; addresses: ParsedIp[]; allowedInternal: string[] } {
  const errors: FieldError[] = [];
  const push = (field: string, e: { message: string; apiserver?: string }, code?: string) =>
    errors.push({ field, message: e.message, apiserver: e.apiserver, code });
  const input = { addresses: list, allowInternalTarget };
  const addresses: ParsedIp[] = [];
  const allowedInternal: string[] = [];
  if (input.addresses.length === 0) {
    push('addresses', { message: 'Add at least one address.' }, 'addresses-required');
  }
  const seen = new Map<string, number>();
  input.addresses.forEach((text, i) => {
    const check = checkAddress(text, facts?.internalTargets ?? []);
    const field = `addresses.${i}`;
    const blocking = check.problems.filter((p) => !(p.overridable && input.allowInternalTarget));
    for (const problem of blocking) {
      errors.push({
        field,
        message: problem.overridable
          ? `${problem.message} Tick "Allow a target inside the cluster" only if you mean it; it is recorded on the objects.`
          : problem.message,
        apiserver: problem.apiserver,
        code: problem.code,
        overridable: problem.overridable,
      });
    }
    if (blocking.length || !check.ip) return;
    const key = `${check.ip.family}/${check.ip.canonical}`;
    const first = seen.get(key);
    if (first !== undefined) {
      push(
        field,
        { message: `${check.ip.canonical} is already listed as address ${first + 1}.` },
        'address-duplicate',
      );
      return;
    }
    seen.set(key, i);
    if (check.problems.length) allowedInternal.push(check.ip.canonical);
    addresses.push(check.ip);
  });

  return { errors, addresses, allowedInternal };
}

/** A Kubernetes object as we send it. */
export interface Manifest {
  apiVersion: string;
  kind: 'Service' | 'EndpointSlice' | 'Endpoints';
  metadata: {
    name: string;
    namespace: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    resourceVersion?: string;
  };
  [field: string]: unknown;
}

export function sliceName(service: string, family: IpFamily): string {
  return `${service}-${family.toLowerCase()}`;
}

function annotations(v: ValidExternalService): Record<string, string> {
  const out: Record<string, string> = { [CREATED_BY_ANNOTATION]: CREATED_BY_VALUE };
  if (v.allowedInternal.length) out[ALLOW_INTERNAL_ANNOTATION] = v.allowedInternal.join(',');
  if (v.requestId) out[REQUEST_ID_ANNOTATION] = v.requestId;
  return out;
}

export function buildSlice(
  namespace: string,
  service: string,
  family: IpFamily,
  ips: readonly string[],
  ports: readonly ValidPort[],
  notes: Record<string, string>,
): Manifest {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: sliceName(service, family),
      namespace,
      labels: { [SERVICE_NAME_LABEL]: service, [MANAGED_BY_LABEL]: MANAGED_BY },
      annotations: { ...notes },
    },
    addressType: family,
    endpoints: ips.map((ip) => ({ addresses: [ip], conditions: { ready: true } })),
    ports: ports.map((p) => ({ name: p.name, port: p.port, protocol: p.protocol })),
  };
}

/** Service first, then slices (IPv4, IPv6), then Endpoints: the create order. */
export function buildManifests(v: ValidExternalService): Manifest[] {
  const notes = annotations(v);
  const out: Manifest[] = [
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: v.name, namespace: v.namespace, annotations: { ...notes } },
      spec: {
        ports: v.ports.map((p) => ({
          ...(p.name ? { name: p.name } : {}),
          protocol: p.protocol,
          port: p.port,
          targetPort: p.port,
        })),
      },
    },
  ];
  if (v.createAs !== 'Endpoints') {
    for (const family of ['IPv4', 'IPv6'] as const) {
      const ips = v.addresses.filter((a) => a.family === family).map((a) => a.canonical);
      if (ips.length) out.push(buildSlice(v.namespace, v.name, family, ips, v.ports, notes));
    }
  }
  if (v.createAs !== 'EndpointSlice') {
    out.push({
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: {
        name: v.name,
        namespace: v.namespace,
        // With both, our own slice is the EndpointSlice; a mirrored copy would duplicate it.
        ...(v.createAs === 'Both' ? { labels: { [SKIP_MIRROR_LABEL]: 'true' } } : {}),
        annotations: { ...notes },
      },
      subsets: [
        {
          addresses: v.addresses.map((a) => ({ ip: a.canonical })),
          ports: v.ports.map((p) => ({
            ...(p.name ? { name: p.name } : {}),
            port: p.port,
            protocol: p.protocol,
          })),
        },
      ],
    });
  }
  return out;
}

/** JSON with sorted keys: the preview's identity, independent of key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

// ---------------------------------------------------------------------------------------------
// Object-level validation: the last check before anything is sent, and the fuzz oracle.

interface PortLike {
  name?: unknown;
  port?: unknown;
  protocol?: unknown;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function portKey(p: PortLike): string {
  return `${typeof p.name === 'string' ? p.name : ''}/${String(p.protocol ?? 'TCP')}`;
}

/**
 * Checks a Service (selector-less) and the endpoints objects that belong to it: every address
 * passes `checkAddress` (internal ones only when the object records the override), slices carry
 * our labels and an addressType matching their addresses, and endpoint ports match the Service's
 * ports by name and protocol (kube-proxy joins them by name).
 */
export function validateManifests(objects: readonly unknown[], facts?: ClusterFacts): FieldError[] {
  const errors: FieldError[] = [];
  const err = (field: string, message: string, code = 'object') =>
    errors.push({ field, message, code });
  const service = objects.find((o) => isRecord(o) && o.kind === 'Service') as Manifest | undefined;
  if (!service || !isRecord(service.metadata)) {
    err('form', 'There is no Service among the objects.');
    return errors;
  }
  const { name, namespace } = service.metadata;
  const nameProblem = typeof name === 'string' ? checkServiceName(name) : { message: 'no name' };
  if (nameProblem) err('name', nameProblem.message, 'name');
  const nsProblem =
    typeof namespace === 'string' ? checkNamespaceName(namespace) : { message: 'no namespace' };
  if (nsProblem) err('namespace', nsProblem.message, 'namespace');
  const spec = isRecord(service.spec) ? service.spec : {};
  if (isRecord(spec.selector) && Object.keys(spec.selector).length) {
    err(
      'form',
      'The Service has a selector; its endpoints are managed by the cluster, not by hand.',
    );
  }
  const svcPorts = Array.isArray(spec.ports) ? (spec.ports as PortLike[]) : [];
  const svcKeys = new Set(svcPorts.map(portKey));
  svcPorts.forEach((p, i) => {
    if (!Number.isInteger(p.port) || (p.port as number) < 1 || (p.port as number) > 65535) {
      err(`ports.${i}.port`, `Service port ${String(p.port)} is out of range.`);
    }
    if (!(PROTOCOLS as readonly unknown[]).includes(p.protocol))
      err(`ports.${i}.protocol`, 'bad protocol');
    if (typeof p.name === 'string' && checkPortName(p.name, `spec.ports[${i}].name`)) {
      err(`ports.${i}.name`, `bad port name ${p.name}`);
    }
  });

  const allowed = (meta: unknown): string[] => {
    const a =
      isRecord(meta) && isRecord(meta.annotations)
        ? meta.annotations[ALLOW_INTERNAL_ANNOTATION]
        : undefined;
    return typeof a === 'string' ? a.split(',').filter(Boolean) : [];
  };
  const checkIp = (ip: unknown, field: string, family: IpFamily | undefined, meta: unknown) => {
    if (typeof ip !== 'string') return err(field, 'An address is not a string.');
    const check = checkAddress(ip, facts?.internalTargets ?? []);
    const ok = allowed(meta);
    for (const p of check.problems) {
      if (p.overridable && check.ip && ok.includes(check.ip.canonical)) continue;
      err(field, p.message, p.code);
    }
    if (check.ip && family && check.ip.family !== family) {
      err(field, `${ip} is not an ${family} address, but the EndpointSlice is of type ${family}.`);
    }
    if (check.ip && check.ip.canonical !== ip) err(field, `${ip} is not written canonically.`);
  };
  const checkPorts = (ports: unknown, where: string) => {
    const list = Array.isArray(ports) ? (ports as PortLike[]) : [];
    const keys = new Set(list.map(portKey));
    list.forEach((p, i) => {
      if (!svcKeys.has(portKey(p))) {
        err(
          `${where}.ports.${i}`,
          `Endpoint port "${String(p.name ?? '')}" (${String(p.protocol ?? 'TCP')}) matches no Service port by name; kube-proxy would never use it.`,
          'port-name-mismatch',
        );
      }
      if (!Number.isInteger(p.port) || (p.port as number) < 1 || (p.port as number) > 65535) {
        err(`${where}.ports.${i}`, `Endpoint port ${String(p.port)} is out of range.`);
      }
    });
    for (const key of svcKeys) {
      if (!keys.has(key)) {
        err(
          `${where}.ports`,
          `Service port "${key.split('/')[0]}" has no endpoint port of the same name; it would route nowhere.`,
          'port-name-mismatch',
        );
      }
    }
  };

  objects.forEach((o, index) => {
    if (o === service) return;
    const where = `objects.${index}`;
    if (!isRecord(o) || !isRecord(o.metadata)) return err(where, 'Not an object.');
    const meta = o.metadata;
    if (meta.namespace !== namespace)
      err(where, 'An endpoints object is in another namespace than its Service.');
    if (o.kind === 'EndpointSlice') {
      const labels = isRecord(meta.labels) ? meta.labels : {};
      if (labels[SERVICE_NAME_LABEL] !== name)
        err(where, 'The EndpointSlice is not labelled with the Service name.');
      if (labels[MANAGED_BY_LABEL] !== MANAGED_BY)
        err(where, 'The EndpointSlice is not marked as managed by Switchboard.');
      if (typeof meta.name !== 'string' || !isDns1123Subdomain(meta.name))
        err(where, 'Bad EndpointSlice name.');
      const family = o.addressType;
      if (family !== 'IPv4' && family !== 'IPv6')
        return err(where, 'Only IPv4 and IPv6 EndpointSlices are written.');
      const eps = Array.isArray(o.endpoints) ? o.endpoints : [];
      eps.forEach((ep: unknown, j: number) => {
        const addrs = isRecord(ep) && Array.isArray(ep.addresses) ? ep.addresses : [];
        if (addrs.length !== 1)
          err(`${where}.endpoints.${j}`, 'Each endpoint has exactly one address.');
        addrs.forEach((a: unknown, k: number) =>
          checkIp(a, `${where}.endpoints.${j}.addresses.${k}`, family, meta),
        );
      });
      checkPorts(o.ports, where);
    } else if (o.kind === 'Endpoints') {
      if (meta.name !== name) err(where, 'The Endpoints object must have the Service name.');
      const subsets = Array.isArray(o.subsets) ? o.subsets : [];
      subsets.forEach((s: unknown, j: number) => {
        if (!isRecord(s)) return err(`${where}.subsets.${j}`, 'Not a subset.');
        const addrs = [
          ...(Array.isArray(s.addresses) ? s.addresses : []),
          ...(Array.isArray(s.notReadyAddresses) ? s.notReadyAddresses : []),
        ];
        addrs.forEach((a: unknown, k: number) =>
          checkIp(
            isRecord(a) ? a.ip : undefined,
            `${where}.subsets.${j}.addresses.${k}`,
            undefined,
            meta,
          ),
        );
        checkPorts(s.ports, `${where}.subsets.${j}`);
      });
    } else {
      err(where, `Unexpected kind ${String(o.kind)}.`);
    }
  });
  return errors;
}
