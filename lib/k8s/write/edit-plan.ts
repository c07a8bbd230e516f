import 'server-only';
/**
 * The objects an in-place edit writes: from what is there (lib/k8s/write/edit-current.ts) and
 * the addresses wanted, which objects are updated and which (new address families) created.
 *
 * Contract: pure. Addresses kept keep their entries (hostname, nodeName, conditions); removed
 * ones go; new ones are appended — to the slice of their family, else to a new slice built like
 * the create form's, and to the Endpoints when the Service has one. Ports are never changed.
 * Emptied Endpoints subsets are dropped (the apiserver refuses a subset without addresses). The
 * allow-internal-target annotation on each object lists exactly its own overridden addresses.
 */
import {
  ALLOW_INTERNAL_ANNOTATION,
  buildSlice,
  type ParsedIp,
  type ValidPort,
} from '@/lib/topology/validation';
import {
  arr,
  endpointsAddresses,
  rec,
  sliceAddresses,
  type Current,
  type Obj,
} from './edit-current';

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
/** The objects an edit writes: updates of existing ones first, then creates. */
export interface Planned {
  updates: Obj[];
  creates: Obj[];
}

export function plan(current: Current, wanted: ParsedIp[], allowed: string[]): Planned {
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
          // Owned by the Service, like the slices the create form makes: gone with it.
          current.service.metadata.uid,
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
