/**
 * Object-level validation: the last check before anything is sent (create, in-place edit), and
 * the fuzz tests' oracle.
 *
 * Contract: checks a selector-less Service and the endpoint objects that belong to it, as
 * objects rather than as form input, so an object built wrongly is caught even when the form's
 * checks passed. Isomorphic, pure.
 */
import { checkAddress, type IpFamily } from './addresses';
import {
  ALLOW_INTERNAL_ANNOTATION,
  MANAGED_BY,
  MANAGED_BY_LABEL,
  PROTOCOLS,
  SERVICE_NAME_LABEL,
  type ClusterFacts,
  type FieldError,
} from './input';
import type { Manifest } from './manifests';
import { checkNamespaceName, checkPortName, checkServiceName, isDns1123Subdomain } from './names';

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
 * our labels and an addressType matching their addresses and one of the Service's IP families
 * (no `spec.ipFamilies` counts as IPv4, the form's default), and endpoint ports match the Service's
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
  // Without ipFamilies the cluster picks (the form leaves it so for IPv4 only, and checks what the
  // dry run gave, lib/k8s/write/external-service.ts); as an object it counts as IPv4.
  const serviceFamilies: unknown[] = Array.isArray(spec.ipFamilies) ? spec.ipFamilies : ['IPv4'];
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
    const check = checkAddress(ip, facts?.internal);
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
      if (eps.length && !serviceFamilies.includes(family)) {
        err(
          where,
          `The Service has no ${family} family (spec.ipFamilies), so kube-proxy would never use this ${family} EndpointSlice.`,
          'ip-family',
        );
      }
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
