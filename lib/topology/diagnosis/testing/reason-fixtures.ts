/**
 * One small cluster per reason code, each built to show that code and (as far as the rules allow)
 * nothing else: the diagnosis tests start from these. Test-only.
 *
 * Contract: every ReasonCode has exactly one fixture (tested in ../index.test.ts).
 */
import { emptySnapshot, type ClusterSnapshot } from '../../records';
import {
  controllerEndpoints,
  controllerSlices,
  manualEndpoints,
  manualSlice,
  mirroredSlices,
} from '../../testing/endpoints';
import { deploymentPods, podRecord, serviceRecord } from '../../testing/objects';
import { CONTROLLER_MANAGED_BY } from '../../routing';
import { seedScenario, snapshotOf, withControllers } from '../../testing/snapshots';
import { REASON_CODES, type ReasonCode } from '../codes';
import type { DnsResults } from '../types';
import { WORKLOAD_FIXTURES } from './workload-fixtures';

/** One fixture per reason code: each returns the snapshot and the Service it is about. */
export type Fixture = () => {
  snapshot: ClusterSnapshot;
  ns: string;
  name: string;
  dns?: DnsResults;
};

export const FIXTURES: Record<ReasonCode, Fixture> = {
  ...WORKLOAD_FIXTURES,
  healthy: () => ({ snapshot: seedScenario(), ns: 'default', name: 'ingress-nginx' }),

  'no-endpoints': () => {
    // Pods created but the kubelet has not given them an IP yet: the controller writes an empty slice.
    const svc = serviceRecord('shop', 'cart', { selector: { app: 'cart' } });
    const pods = deploymentPods('shop', 'cart', 2, {
      labels: { app: 'cart' },
      ready: false,
      ip: null,
      phase: 'Pending',
      containers: [
        {
          name: 'cart',
          ready: false,
          restartCount: 0,
          state: 'waiting',
          reason: 'ContainerCreating',
        },
      ],
    });
    return { snapshot: withControllers({ services: [svc], pods }), ns: 'shop', name: 'cart' };
  },

  'selectorless-no-endpoints': () => {
    const svc = serviceRecord('default', 'external-web', {
      ports: [{ name: 'apache', protocol: 'TCP', port: 80, targetPort: 80 }],
    });
    return { snapshot: snapshotOf({ services: [svc] }), ns: 'default', name: 'external-web' };
  },

  'no-ready-endpoints': () => {
    const svc = serviceRecord('shop', 'api', { selector: { app: 'api' } });
    const pods = deploymentPods('shop', 'api', 2, {
      labels: { app: 'api' },
      ready: false,
      readyReason: 'ContainersNotReady',
      readyMessage: 'containers with unready status: [api]',
      containers: [{ name: 'api', ready: false, restartCount: 0, state: 'running' }],
    });
    return { snapshot: withControllers({ services: [svc], pods }), ns: 'shop', name: 'api' };
  },

  'external-name-unresolved': () => {
    const svc = serviceRecord('shop', 'payments', {
      type: 'ExternalName',
      externalName: 'payments.invalid',
    });
    return {
      snapshot: snapshotOf({ services: [svc] }),
      ns: 'shop',
      name: 'payments',
      dns: { 'payments.invalid': { ok: false, error: 'ENOTFOUND' } },
    };
  },

  'selector-matches-no-pods': () => {
    const svc = serviceRecord('web', 'frontend', { selector: { app: 'ngnix' } });
    const pods = deploymentPods('web', 'nginx', 2, { labels: { app: 'nginx' } });
    return { snapshot: withControllers({ services: [svc], pods }), ns: 'web', name: 'frontend' };
  },

  'pods-not-ready': () => {
    const svc = serviceRecord('shop', 'orders', { selector: { app: 'orders' } });
    const ok = podRecord('shop', 'orders-ok', { labels: { app: 'orders' } });
    const crash = podRecord('shop', 'orders-crash', {
      labels: { app: 'orders' },
      ready: false,
      containers: [
        {
          name: 'orders',
          ready: false,
          restartCount: 7,
          state: 'waiting',
          reason: 'CrashLoopBackOff',
          message: 'back-off 5m0s restarting failed container',
        },
      ],
    });
    const pending = podRecord('shop', 'orders-pending', {
      labels: { app: 'orders' },
      ready: false,
      scheduled: false,
      readyReason: 'Unschedulable',
      readyMessage: '0/2 nodes are available: 2 Insufficient cpu.',
      containers: [{ name: 'orders', ready: false, restartCount: 0, state: 'waiting' }],
    });
    return {
      snapshot: withControllers({ services: [svc], pods: [ok, crash, pending] }),
      ns: 'shop',
      name: 'orders',
    };
  },

  'pods-terminating': () => {
    const svc = serviceRecord('shop', 'search', { selector: { app: 'search' } });
    const pods = deploymentPods('shop', 'search', 2, {
      labels: { app: 'search' },
      terminating: true,
    });
    return { snapshot: withControllers({ services: [svc], pods }), ns: 'shop', name: 'search' };
  },

  'target-port-not-served': () => {
    const svc = serviceRecord('shop', 'checkout', {
      selector: { app: 'checkout' },
      ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 'http' }],
    });
    const pods = deploymentPods('shop', 'checkout', 2, {
      labels: { app: 'checkout' },
      containerPorts: [{ name: 'web', containerPort: 8080, protocol: 'TCP' }],
    });
    return { snapshot: withControllers({ services: [svc], pods }), ns: 'shop', name: 'checkout' };
  },

  'endpoints-without-port': () => {
    // What someone who may list Services and EndpointSlices only sees of a Service whose named
    // targetPort the pods do not declare: the controller's slice lists them with ports: [], and
    // the pods that would say why are not visible (target-port-not-served is the cause, seen
    // with the pods).
    const svc = serviceRecord('shop', 'invoices', {
      selector: { app: 'invoices' },
      ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 'http-api' }],
    });
    const slice = manualSlice('shop', 'invoices-7xk2p', 'invoices', {
      managedBy: CONTROLLER_MANAGED_BY,
      ports: [],
      endpoints: ['a', 'b'].map((x, i) => ({
        addresses: [`10.244.9.${i + 1}`],
        ready: true,
        serving: true,
        terminating: false,
        targetRef: { kind: 'Pod', namespace: 'shop', name: `invoices-5d6f7-${x}` },
      })),
    });
    return {
      snapshot: {
        ...snapshotOf({ services: [svc], endpointSlices: [slice] }),
        visibility: { Service: true, EndpointSlice: true },
      },
      ns: 'shop',
      name: 'invoices',
    };
  },

  'not-judged': () => {
    // A selector-less Service whose hand-made slice routes, seen by someone who may not list
    // EndpointSlices; there is no v1 Endpoints.
    const svc = serviceRecord('payments', 'fraud-scoring', {
      ports: [{ name: 'grpc', protocol: 'TCP', port: 9000 }],
    });
    return {
      snapshot: {
        ...snapshotOf({ services: [svc] }),
        visibility: { Service: true, Endpoints: true, Pod: true },
      },
      ns: 'payments',
      name: 'fraud-scoring',
    };
  },

  'port-name-mismatch': () => {
    const svc = serviceRecord('default', 'external-web', {
      ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 80 }],
    });
    const ep = manualEndpoints('default', 'external-web', [
      { addresses: ['10.10.50.53'], ports: [{ name: 'apache', port: 80, protocol: 'TCP' }] },
    ]);
    return {
      snapshot: snapshotOf({
        services: [svc],
        endpoints: [ep],
        endpointSlices: mirroredSlices(ep),
      }),
      ns: 'default',
      name: 'external-web',
    };
  },

  'mirroring-refused': () => {
    const svc = serviceRecord('legacy', 'vm-pool', {
      ports: [{ name: 'http', protocol: 'TCP', port: 80 }],
    });
    const ep = manualEndpoints(
      'legacy',
      'vm-pool',
      [{ addresses: ['192.0.2.10', '192.0.2.11'], ports: [{ name: 'http', port: 80 }] }],
      { labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
    );
    return {
      snapshot: snapshotOf({
        services: [svc],
        endpoints: [ep],
        endpointSlices: mirroredSlices(ep),
      }),
      ns: 'legacy',
      name: 'vm-pool',
    };
  },

  'endpoint-address-loopback': () => {
    // The apiserver rejects loopback in Endpoints/EndpointSlices, but IPv4-mapped forms and
    // non-conforming API servers let it through; a hand-made slice is where it would come from.
    const svc = serviceRecord('dev', 'local-db', {
      ports: [{ name: 'pg', protocol: 'TCP', port: 5432 }],
    });
    const slice = manualSlice('dev', 'local-db-1', 'local-db', {
      addressType: 'IPv6',
      ports: [{ name: 'pg', port: 5432 }],
      endpoints: [{ addresses: ['::ffff:127.0.0.1'] }],
    });
    return {
      snapshot: snapshotOf({ services: [svc], endpointSlices: [slice] }),
      ns: 'dev',
      name: 'local-db',
    };
  },

  'endpoint-address-link-local': () => {
    const svc = serviceRecord('dev', 'metadata', {
      ports: [{ name: 'http', protocol: 'TCP', port: 80 }],
    });
    const slice = manualSlice('dev', 'metadata-1', 'metadata', {
      managedBy: 'switchboard.dev',
      ports: [{ name: 'http', port: 80 }],
      endpoints: [{ addresses: ['169.254.169.254'] }],
    });
    return {
      snapshot: snapshotOf({ services: [svc], endpointSlices: [slice] }),
      ns: 'dev',
      name: 'metadata',
    };
  },

  'endpoint-address-is-cluster-ip': () => {
    const target = serviceRecord('shop', 'db', { selector: { app: 'db' }, clusterIP: '10.96.7.7' });
    const alias = serviceRecord('shop', 'db-alias', {
      ports: [{ name: 'pg', protocol: 'TCP', port: 5432 }],
    });
    const ep = manualEndpoints('shop', 'db-alias', [
      { addresses: ['10.96.7.7'], ports: [{ name: 'pg', port: 5432 }] },
    ]);
    const pods = deploymentPods('shop', 'db', 1, { labels: { app: 'db' } });
    const snap = withControllers({ services: [target, alias], pods, endpoints: [ep] });
    snap.endpointSlices.push(...mirroredSlices(ep));
    return { snapshot: snap, ns: 'shop', name: 'db-alias' };
  },

  'endpoint-address-foreign-pod-ip': () => {
    const payments = deploymentPods('payments', 'ledger', 1, {
      labels: { app: 'ledger' },
      ip: '10.244.3.33',
    });
    const svc = serviceRecord('shop', 'ledger', {
      ports: [{ name: 'http', protocol: 'TCP', port: 80 }],
    });
    const ep = manualEndpoints('shop', 'ledger', [
      { addresses: ['10.244.3.33'], ports: [{ name: 'http', port: 80 }] },
    ]);
    return {
      snapshot: snapshotOf({
        services: [svc],
        pods: payments,
        endpoints: [ep],
        endpointSlices: mirroredSlices(ep),
      }),
      ns: 'shop',
      name: 'ledger',
    };
  },

  'endpoint-target-missing': () => {
    const svc = serviceRecord('shop', 'web', { selector: { app: 'web' } });
    const live = deploymentPods('shop', 'web', 2, { labels: { app: 'web' } });
    const gone = podRecord('shop', 'web-deleted', { labels: { app: 'web' } });
    // The slice still lists a pod that has been deleted from the cache (controller lag).
    const slices = controllerSlices(svc, [...live, gone]);
    return {
      snapshot: snapshotOf({
        services: [svc],
        pods: live,
        endpointSlices: slices,
        endpoints: [controllerEndpoints(svc, [...live, gone])],
      }),
      ns: 'shop',
      name: 'web',
    };
  },

  'endpoint-family-unused': () => {
    // A selector-less Service pointed at an IPv6 server on an IPv4-only Service.
    const svc = serviceRecord('ext', 'v6-db', {
      clusterIP: '10.96.44.4',
      ports: [{ name: 'pg', protocol: 'TCP', port: 5432 }],
    });
    const slice = manualSlice('ext', 'v6-db-ipv6', 'v6-db', {
      addressType: 'IPv6',
      managedBy: 'switchboard.dev',
      ports: [{ name: 'pg', port: 5432 }],
      endpoints: [{ addresses: ['2001:db8::10'] }],
    });
    return {
      snapshot: snapshotOf({ services: [svc], endpointSlices: [slice] }),
      ns: 'ext',
      name: 'v6-db',
    };
  },

  'manual-endpoints-with-selector': () => {
    const svc = serviceRecord('shop', 'cache', {
      selector: { app: 'cache' },
      ports: [{ name: 'redis', protocol: 'TCP', port: 6379 }],
    });
    const pods = deploymentPods('shop', 'cache', 1, {
      labels: { app: 'cache' },
      containerPorts: [{ name: 'redis', containerPort: 6379, protocol: 'TCP' }],
    });
    // Someone just applied a hand-written Endpoints of the same name (no managed-by, no targetRef).
    const ep = manualEndpoints('shop', 'cache', [
      { addresses: ['192.0.2.50'], ports: [{ name: 'redis', port: 6379 }] },
    ]);
    return {
      snapshot: snapshotOf({
        services: [svc],
        pods,
        endpoints: [ep],
        endpointSlices: controllerSlices(svc, pods),
      }),
      ns: 'shop',
      name: 'cache',
    };
  },

  'endpoints-slices-disagree': () => {
    const svc = serviceRecord('shop', 'web', { selector: { app: 'web' } });
    const pods = deploymentPods('shop', 'web', 3, { labels: { app: 'web' } });
    // v1 Endpoints is one sync behind: it still lists only the first two pods.
    return {
      snapshot: snapshotOf({
        services: [svc],
        pods,
        endpointSlices: controllerSlices(svc, pods),
        endpoints: [controllerEndpoints(svc, pods.slice(0, 2))],
      }),
      ns: 'shop',
      name: 'web',
    };
  },

  'some-endpoints-not-ready': () => {
    // A selector-less Service over two hand-listed hosts, one of them listed as not ready.
    const svc = serviceRecord('legacy', 'mainframe-bridge', {
      ports: [{ name: 'tn3270', protocol: 'TCP', port: 23 }],
    });
    const ep = manualEndpoints('legacy', 'mainframe-bridge', [
      {
        addresses: ['192.0.2.20'],
        notReadyAddresses: ['192.0.2.21'],
        ports: [{ name: 'tn3270', port: 23 }],
      },
    ]);
    return {
      snapshot: snapshotOf({
        services: [svc],
        endpoints: [ep],
        endpointSlices: mirroredSlices(ep),
      }),
      ns: 'legacy',
      name: 'mainframe-bridge',
    };
  },

  'endpoints-truncated': () => {
    const svc = serviceRecord('big', 'fleet', { selector: { app: 'fleet' } });
    const pods = deploymentPods('big', 'fleet', 1200, { labels: { app: 'fleet' } });
    return { snapshot: withControllers({ services: [svc], pods }), ns: 'big', name: 'fleet' };
  },
};

/**
 * One snapshot holding every fixture's Service at once (the first of each namespace/name), for
 * tests across Services: ranking, and the map's health against the diagnosis.
 */
export function allReasonsCluster(): ClusterSnapshot {
  const parts = REASON_CODES.map((code) => FIXTURES[code]());
  const seen = new Set<string>();
  const merged: ClusterSnapshot = { ...emptySnapshot(), nodes: parts[0]!.snapshot.nodes };
  // Fixtures reuse names (e.g. shop/web); keep the first of each Service.
  for (const p of parts) {
    const key = `${p.ns}/${p.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const s = p.snapshot;
    const svcs = s.services.filter(
      (x) =>
        !merged.services.some(
          (m) => m.meta.namespace === x.meta.namespace && m.meta.name === x.meta.name,
        ),
    );
    merged.services.push(...svcs);
    const names = new Set(svcs.map((x) => `${x.meta.namespace}/${x.meta.name}`));
    merged.endpointSlices.push(
      ...s.endpointSlices.filter((x) => names.has(`${x.meta.namespace}/${x.serviceName}`)),
    );
    merged.endpoints.push(
      ...s.endpoints.filter((x) => names.has(`${x.meta.namespace}/${x.meta.name}`)),
    );
    merged.pods.push(...s.pods.filter((x) => !merged.pods.some((m) => m.meta.uid === x.meta.uid)));
    for (const kind of ['deployments', 'replicaSets', 'statefulSets', 'daemonSets'] as const) {
      const list: { meta: { uid: string } }[] = merged[kind];
      for (const w of s[kind]) if (!list.some((m) => m.meta.uid === w.meta.uid)) list.push(w);
    }
  }
  return merged;
}
