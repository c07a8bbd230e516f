/**
 * Tables for Services and Endpoints: the columns and cells of upstream's printService and
 * printEndpoints (pkg/printers/internalversion/printers.go).
 */
import { translateTimestampSince } from './duration';
import {
  ageCol,
  col,
  formatLabels,
  joinHostPort,
  listWithMore,
  nameCol,
  type Printer,
  type ResourcePrinter,
} from './common';

interface Port {
  name?: string;
  port?: number;
  protocol?: string;
  nodePort?: number;
}
interface Svc {
  spec?: {
    type?: string;
    clusterIP?: string;
    clusterIPs?: string[];
    externalIPs?: string[];
    externalName?: string;
    ports?: Port[];
    selector?: Record<string, string>;
  };
  status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } };
}
interface Address {
  ip?: string;
}
interface Eps {
  subsets?: { addresses?: Address[]; ports?: Port[] }[];
}

export function makePortString(ports: Port[] | undefined): string {
  return (ports ?? [])
    .map((p) =>
      p.nodePort && p.nodePort > 0
        ? `${p.port}:${p.nodePort}/${p.protocol ?? ''}`
        : `${p.port}/${p.protocol ?? ''}`,
    )
    .join(',');
}

function serviceExternalIP(svc: Svc): string {
  const spec = svc.spec ?? {};
  const externalIPs = spec.externalIPs ?? [];
  switch (spec.type) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = (svc.status?.loadBalancer?.ingress ?? [])
        .map((i) => i.ip || i.hostname || '')
        .filter((s) => s !== '');
      const all = [...lb, ...externalIPs];
      return all.length > 0 ? all.join(',') : '<pending>';
    }
    case 'ExternalName':
      return spec.externalName ?? '';
  }
  return '<unknown>';
}

const printService: Printer = (obj, now) => {
  const svc = obj as unknown as Svc;
  const spec = svc.spec ?? {};
  const clusterIPs = spec.clusterIPs ?? (spec.clusterIP ? [spec.clusterIP] : []);
  const ports = makePortString(spec.ports);
  return {
    cells: [
      obj.metadata.name ?? '',
      spec.type ?? '',
      clusterIPs[0] ?? '<none>',
      serviceExternalIP(svc),
      ports || '<none>',
      translateTimestampSince(obj.metadata.creationTimestamp, now),
      formatLabels(spec.selector),
    ],
  };
};

export function formatEndpoints(eps: Eps): string {
  const subsets = eps.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const ss of subsets) {
    const addresses = ss.addresses ?? [];
    const ports = ss.ports ?? [];
    if (ports.length === 0) {
      // Headless services may have no ports: print bare addresses.
      count += addresses.length;
      for (const a of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(a.ip ?? '');
      }
      continue;
    }
    for (const port of ports) {
      count += addresses.length;
      for (const a of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(joinHostPort(a.ip ?? '', port.port ?? 0));
      }
    }
  }
  return listWithMore(list, more, count, max, '<none>');
}

const printEndpoints: Printer = (obj, now) => ({
  cells: [
    obj.metadata.name ?? '',
    formatEndpoints(obj as unknown as Eps),
    translateTimestampSince(obj.metadata.creationTimestamp, now),
  ],
});

export const SERVICE_PRINTERS = {
  services: {
    columns: [
      nameCol(),
      col(
        'Type',
        'type determines how the Service is exposed. Defaults to ClusterIP. Valid options are ExternalName, ClusterIP, NodePort, and LoadBalancer.',
      ),
      col(
        'Cluster-IP',
        'clusterIP is the IP address of the service and is usually assigned randomly.',
      ),
      col(
        'External-IP',
        'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.',
      ),
      col('Port(s)', 'The list of ports that are exposed by this service.'),
      ageCol(),
      col(
        'Selector',
        'Route service traffic to pods with label keys and values matching this selector.',
        1,
      ),
    ],
    print: printService,
  },
  endpoints: {
    columns: [
      nameCol(),
      col('Endpoints', 'Endpoints is the list of endpoints which implement the service.'),
      ageCol(),
    ],
    print: printEndpoints,
  },
} satisfies Record<string, ResourcePrinter>;
