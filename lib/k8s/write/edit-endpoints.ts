import 'server-only';
/**
 * Editing the addresses of an existing selector-less Service in place, with optimistic
 * concurrency: the form sends back the resourceVersions it was shown, every PUT carries them,
 * and a change made meanwhile by anyone else is a conflict — never a silent overwrite.
 *
 * Contract: edits only hand-managed objects (the Service's Endpoints, and EndpointSlices labelled
 * with its name whose managed-by is not a Kubernetes controller); mirrored and controller slices
 * follow by themselves. Addresses kept keep their entries (hostname, nodeName, conditions);
 * ports are never changed here. New addresses pass the same validation as the create form. When
 * a later PUT fails, the earlier ones are put back (with the versions our writes produced, so a
 * third party's change in between is again a conflict, not overwritten).
 */
import { z } from 'zod';
import {
  ALLOW_INTERNAL_ANNOTATION,
  buildSlice,
  MANAGED_BY_LABEL,
  SERVICE_NAME_LABEL,
  checkNamespaceName,
  checkServiceName,
  validateAddresses,
  validateManifests,
  type ClusterFacts,
  type Manifest,
  type ParsedIp,
  type ValidPort,
} from '@/lib/topology/validation';
import { checkAccess, describeDenial } from './access';
import { ok, statusOf, type KubeSend } from './client';
import { READ_ONLY_MESSAGE, type WriteDeps } from './external-service';
import { loadClusterFacts } from './facts';
import { FIELD_MANAGER, itemPath, RESOURCES, type WriteKind } from './resources';
import type { EndpointsForEdit, ObjectRefJson, WriteResult } from './types';

const CONTROLLER_MANAGERS = new Set([
  'endpointslice-controller.k8s.io',
  'endpointslicemirroring-controller.k8s.io',
]);

type Obj = Manifest & {
  metadata: Manifest['metadata'] & { uid?: string; resourceVersion?: string };
};

interface Current {
  service: Obj;
  slices: Obj[];
  endpoints?: Obj;
  versions: Record<string, string>;
  addresses: string[];
  editable: boolean;
  reason?: string;
}

const key = (o: Obj) => `${o.kind}/${o.metadata.name}`;
const rec = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function sliceAddresses(slice: Obj): string[] {
  return arr(slice.endpoints).flatMap((e) =>
    arr(rec(e).addresses).filter((a): a is string => typeof a === 'string'),
  );
}
function endpointsAddresses(endpoints: Obj): string[] {
  return arr(endpoints.subsets).flatMap((s) =>
    [...arr(rec(s).addresses), ...arr(rec(s).notReadyAddresses)]
      .map((a) => rec(a).ip)
      .filter((ip): ip is string => typeof ip === 'string'),
  );
}

async function readCurrent(
  send: KubeSend,
  namespace: string,
  name: string,
): Promise<Current | WriteResult> {
  const svc = await send({ method: 'GET', path: itemPath('Service', namespace, name) });
  if (svc.status === 404) {
    return {
      status: 'conflict',
      message: `Service ${namespace}/${name} does not exist (any more).`,
    };
  }
  if (!ok(svc))
    return { status: 'failed', message: statusOf(svc).message, rolledBack: [], leftBehind: [] };
  const service = svc.body as Obj;
  const selector = encodeURIComponent(`${SERVICE_NAME_LABEL}=${name}`);
  const [slicesRes, endpointsRes] = await Promise.all([
    send({
      method: 'GET',
      path: `${RESOURCES.EndpointSlice.collection(namespace)}?labelSelector=${selector}`,
    }),
    send({ method: 'GET', path: itemPath('Endpoints', namespace, name) }),
  ]);
  if (!ok(slicesRes))
    return {
      status: 'failed',
      message: statusOf(slicesRes).message,
      rolledBack: [],
      leftBehind: [],
    };
  // List items come without kind/apiVersion (as from kube-apiserver).
  const allSlices = (arr(rec(slicesRes.body).items) as Obj[]).map((s) => ({
    ...s,
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice' as const,
  })) as Obj[];
  const slices = allSlices
    .filter((s) => !CONTROLLER_MANAGERS.has(s.metadata.labels?.[MANAGED_BY_LABEL] ?? ''))
    .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  const endpoints = ok(endpointsRes) ? (endpointsRes.body as Obj) : undefined;
  const versions: Record<string, string> = {
    [key(service)]: service.metadata.resourceVersion ?? '',
  };
  for (const o of [...slices, ...(endpoints ? [endpoints] : [])])
    versions[key(o)] = o.metadata.resourceVersion ?? '';
  const addresses = [
    ...new Set([
      ...slices.flatMap(sliceAddresses),
      ...(endpoints ? endpointsAddresses(endpoints) : []),
    ]),
  ];
  const spec = rec(service.spec);
  let reason: string | undefined;
  if (Object.keys(rec(spec.selector)).length)
    reason = 'This Service has a selector: the cluster manages its endpoints.';
  else if (spec.type === 'ExternalName') reason = 'An ExternalName Service has no endpoints.';
  else if (slices.some((s) => s.addressType === 'FQDN'))
    reason = 'FQDN EndpointSlices are not edited here.';
  return { service, slices, endpoints, versions, addresses, editable: !reason, reason };
}

const isCurrent = (c: Current | WriteResult): c is Current => 'service' in c;

export async function readEndpointsForEdit(
  deps: WriteDeps,
  namespace: string,
  name: string,
): Promise<EndpointsForEdit | WriteResult> {
  const problem = checkNamespaceName(namespace) ?? checkServiceName(name);
  if (problem) return { status: 'invalid', errors: [{ field: 'form', message: problem.message }] };
  const current = await readCurrent(deps.send, namespace, name);
  if (!isCurrent(current)) return current;
  return {
    namespace,
    name,
    addresses: current.addresses,
    versions: current.versions,
    editable: current.editable && !deps.readOnly,
    reason: deps.readOnly ? READ_ONLY_MESSAGE : current.reason,
  };
}

export const editRequestSchema = z
  .object({
    namespace: z.string().max(256),
    name: z.string().max(512),
    addresses: z.array(z.string().max(512)).max(100),
    allowInternalTarget: z.boolean().default(false),
    versions: z.record(z.string().max(600), z.string().max(100)),
  })
  .strict();

function servicePorts(service: Obj): ValidPort[] {
  return arr(rec(service.spec).ports).map((p) => {
    const r = rec(p);
    const target = typeof r.targetPort === 'number' ? r.targetPort : undefined;
    return {
      name: typeof r.name === 'string' ? r.name : '',
      port: target ?? (typeof r.port === 'number' ? r.port : 0),
      protocol: (typeof r.protocol === 'string' ? r.protocol : 'TCP') as ValidPort['protocol'],
    };
  });
}

function withAnnotation(o: Obj, allowed: string[]): Obj {
  const annotations = { ...(o.metadata.annotations ?? {}) };
  const mine = allowed.filter((ip) =>
    (o.kind === 'EndpointSlice' ? sliceAddresses(o) : endpointsAddresses(o)).includes(ip),
  );
  if (mine.length) annotations[ALLOW_INTERNAL_ANNOTATION] = mine.join(',');
  else delete annotations[ALLOW_INTERNAL_ANNOTATION];
  return { ...o, metadata: { ...o.metadata, annotations } };
}

/** The new objects: kept entries stay as they were, new addresses are appended. */
function plan(
  current: Current,
  wanted: ParsedIp[],
  allowed: string[],
): { updates: Obj[]; creates: Obj[] } {
  const want = new Set(wanted.map((a) => a.canonical));
  const placed = new Set<string>();
  const updates: Obj[] = [];
  for (const slice of current.slices) {
    const endpoints = arr(slice.endpoints).filter((e) => {
      const addrs = arr(rec(e).addresses) as string[];
      const keep = addrs.every((a) => want.has(a) && !placed.has(a));
      if (keep) addrs.forEach((a) => placed.add(a));
      return keep;
    });
    updates.push({ ...slice, endpoints });
  }
  const creates: Obj[] = [];
  for (const family of ['IPv4', 'IPv6'] as const) {
    const fresh = wanted
      .filter((a) => a.family === family && !placed.has(a.canonical))
      .map((a) => a.canonical);
    if (!fresh.length) continue;
    const target = updates.find((s) => s.addressType === family);
    if (target) {
      target.endpoints = [
        ...arr(target.endpoints),
        ...fresh.map((ip) => ({ addresses: [ip], conditions: { ready: true } })),
      ];
    } else if (current.slices.length || !current.endpoints) {
      // Slices are how this Service is served: a new family gets its own slice.
      const sibling = current.slices[0];
      const ports = sibling ? (arr(sibling.ports) as ValidPort[]) : servicePorts(current.service);
      creates.push(
        buildSlice(
          current.service.metadata.namespace,
          current.service.metadata.name,
          family,
          fresh,
          ports,
          {},
        ) as Obj,
      );
    }
  }
  if (current.endpoints) {
    const eps = current.endpoints;
    type Subset = Record<string, unknown> & { addresses: unknown[]; notReadyAddresses: unknown[] };
    let subsets: Subset[] = arr(eps.subsets).map((s) => {
      const r = rec(s);
      const keep = (list: unknown) => arr(list).filter((a) => want.has(String(rec(a).ip)));
      return { ...r, addresses: keep(r.addresses), notReadyAddresses: keep(r.notReadyAddresses) };
    });
    const present = new Set(
      subsets.flatMap((s) =>
        [...s.addresses, ...s.notReadyAddresses].map((a) => String(rec(a).ip)),
      ),
    );
    const fresh = wanted.filter((a) => !present.has(a.canonical)).map((a) => ({ ip: a.canonical }));
    if (fresh.length) {
      if (subsets.length === 0) {
        subsets = [
          {
            addresses: [],
            notReadyAddresses: [],
            ports: servicePorts(current.service).map((p) => ({
              ...(p.name ? { name: p.name } : {}),
              port: p.port,
              protocol: p.protocol,
            })),
          },
        ];
      }
      subsets = subsets.map((s) => ({ ...s, addresses: [...s.addresses, ...fresh] }));
    }
    // A subset needs at least one address (apiserver rule): drop emptied ones.
    const written = subsets
      .filter((s) => s.addresses.length + s.notReadyAddresses.length > 0)
      .map(({ notReadyAddresses, ...rest }) =>
        notReadyAddresses.length ? { ...rest, notReadyAddresses } : rest,
      );
    updates.push({ ...eps, subsets: written });
  }
  return {
    updates: updates.map((o) => withAnnotation(o, allowed)),
    creates: creates.map((o) => withAnnotation(o, allowed)),
  };
}

export async function editEndpoints(deps: WriteDeps, raw: unknown): Promise<WriteResult> {
  if (deps.readOnly) return { status: 'read-only', message: READ_ONLY_MESSAGE };
  const parsed = editRequestSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      status: 'invalid',
      errors: parsed.error.issues.map((i) => ({
        field: i.path.join('.') || 'form',
        message: i.message,
        code: 'malformed',
      })),
    };
  }
  const request = parsed.data;
  const { namespace, name } = request;
  const current = await readCurrent(deps.send, namespace, name);
  if (!isCurrent(current)) return current;
  if (!current.editable) return { status: 'conflict', message: current.reason ?? 'Not editable.' };
  const focus = `/?focus=${namespace}/${name}`;
  const changed = Object.keys({ ...current.versions, ...request.versions }).filter(
    (k) => current.versions[k] !== request.versions[k],
  );
  if (changed.length) {
    return {
      status: 'conflict',
      message: `Someone changed ${changed.join(', ')} since you opened this form. Nothing was saved; reload to see the current addresses.`,
      focus,
    };
  }
  let facts: ClusterFacts;
  try {
    facts = await loadClusterFacts(deps.send);
  } catch (error) {
    return {
      status: 'failed',
      message: `Could not read the cluster to check the addresses: ${(error as Error).message}`,
      rolledBack: [],
      leftBehind: [],
    };
  }
  const nameProblem = checkServiceName(name) ?? checkNamespaceName(namespace);
  if (nameProblem)
    return { status: 'invalid', errors: [{ field: 'name', message: nameProblem.message }] };
  // A removal may leave a selector-less Service with no endpoints at all: that is the user's call.
  const checked = request.addresses.length
    ? validateAddresses(request.addresses, facts, request.allowInternalTarget)
    : { errors: [], addresses: [], allowedInternal: [] };
  if (checked.errors.length) return { status: 'invalid', errors: checked.errors };
  const wanted = checked.addresses;
  const allowed = checked.allowedInternal;
  const { updates, creates } = plan(current, wanted, allowed);
  const objectErrors = validateManifests([current.service, ...updates, ...creates], facts).filter(
    (e) => e.code !== 'port-name-mismatch',
  );
  if (objectErrors.length) return { status: 'invalid', errors: objectErrors };

  const needs = [
    ...[...new Set(updates.map((o) => o.kind))].map((kind) => ({ verb: 'update' as const, kind })),
    ...[...new Set(creates.map((o) => o.kind))].flatMap((kind) => [
      { verb: 'create' as const, kind },
      { verb: 'delete' as const, kind },
    ]),
  ];
  const denied = (await checkAccess(deps.send, namespace, needs)).filter((a) => !a.allowed);
  if (denied.length) {
    const list = denied.map((a) => ({
      verb: a.verb,
      resource: a.resource,
      group: a.group,
      namespace,
      message: describeDenial(a),
    }));
    return { status: 'forbidden', denied: list, message: list.map((d) => d.message).join(' ') };
  }

  const done: { before: Obj; after: Obj }[] = [];
  const made: ObjectRefJson[] = [];
  const undo = async () => {
    for (const m of [...made].reverse()) {
      await deps
        .send({
          method: 'DELETE',
          path: itemPath(m.kind, namespace, m.name),
          body: { apiVersion: 'v1', kind: 'DeleteOptions', preconditions: { uid: m.uid } },
        })
        .catch(() => undefined);
    }
    const notRestored: string[] = [];
    for (const { before, after } of [...done].reverse()) {
      const restore = {
        ...before,
        metadata: { ...before.metadata, resourceVersion: after.metadata.resourceVersion },
      };
      const res = await deps
        .send({
          method: 'PUT',
          path: `${itemPath(before.kind, namespace, before.metadata.name)}?fieldManager=${FIELD_MANAGER}`,
          body: restore,
        })
        .catch(() => undefined);
      if (!res || !ok(res)) notRestored.push(key(before));
    }
    return notRestored;
  };
  for (const object of updates) {
    const res = await deps
      .send({
        method: 'PUT',
        path: `${itemPath(object.kind as WriteKind, namespace, object.metadata.name)}?fieldManager=${FIELD_MANAGER}`,
        body: {
          ...object,
          metadata: { ...object.metadata, resourceVersion: request.versions[key(object)] },
        },
      })
      .catch((error: Error) => ({ status: 0, body: { message: error.message } }));
    if (!ok(res)) {
      const notRestored = await undo();
      const conflict = res.status === 409;
      const tail = notRestored.length
        ? ` Could not put back ${notRestored.join(', ')}: check them on the map.`
        : '';
      if (conflict) {
        return {
          status: 'conflict',
          message: `${key(object)} was changed by someone else meanwhile; nothing was overwritten.${tail} Reload to see the current addresses.`,
          focus,
        };
      }
      return {
        status: 'failed',
        message: `Updating ${key(object)} failed: ${statusOf(res).message}.${tail}`,
        rolledBack: [],
        leftBehind: [],
      };
    }
    done.push({
      before: current.slices.find((s) => key(s) === key(object)) ?? current.endpoints ?? object,
      after: res.body as Obj,
    });
  }
  for (const object of creates) {
    const res = await deps
      .send({
        method: 'POST',
        path: `${RESOURCES[object.kind as WriteKind].collection(namespace)}?fieldManager=${FIELD_MANAGER}`,
        body: object,
      })
      .catch((error: Error) => ({ status: 0, body: { message: error.message } }));
    const uid = ok(res) ? (rec(rec(res.body).metadata).uid as string | undefined) : undefined;
    if (!uid) {
      const notRestored = await undo();
      const tail = notRestored.length
        ? ` Could not put back ${notRestored.join(', ')}.`
        : ' Earlier changes were put back.';
      return {
        status: res.status === 409 ? 'conflict' : 'failed',
        message: `Creating ${key(object)} failed: ${statusOf(res).message}.${tail}`,
        focus,
        rolledBack: [],
        leftBehind: [],
      } as WriteResult;
    }
    made.push({ kind: object.kind as WriteKind, namespace, name: object.metadata.name, uid });
  }
  return {
    status: 'updated',
    focus,
    updated: [
      ...updates.map((o) => ({ kind: o.kind as WriteKind, namespace, name: o.metadata.name })),
      ...made,
    ],
  };
}
