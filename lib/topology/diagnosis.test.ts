import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTopology, buildTopologyWithDiagnoses } from './build';
import {
  REASON_CODES,
  createDiagnosisContext,
  diagnoseAll,
  diagnoseService,
  editDistance,
  isSimilar,
  rankProblems,
  type DiagnosisReason,
  type DnsResults,
  type ReasonCode,
  type ServiceDiagnosis,
} from './diagnosis';
import type { ClusterSnapshot } from './records';
import {
  controllerEndpoints,
  controllerSlices,
  deploymentPods,
  manualEndpoints,
  manualSlice,
  mirroredSlices,
  podRecord,
  seedScenario,
  serviceRecord,
  snapshotOf,
  withControllers,
} from './testing/fixtures';

function diagnose(
  snapshot: ClusterSnapshot,
  ns: string,
  name: string,
  dnsResults?: DnsResults,
): ServiceDiagnosis {
  const svc = snapshot.services.find((s) => s.meta.namespace === ns && s.meta.name === name);
  assert.ok(svc, `service ${ns}/${name}`);
  return diagnoseService(svc, createDiagnosisContext(snapshot, { dnsResults }));
}

function reason(d: ServiceDiagnosis, code: ReasonCode): DiagnosisReason {
  const r = d.reasons.find((x) => x.code === code);
  assert.ok(r, `expected ${code} in [${d.reasons.map((x) => x.code).join(', ')}]`);
  return r;
}

function codes(d: ServiceDiagnosis): ReasonCode[] {
  return d.reasons.map((r) => r.code);
}

/** Every reason must carry proof and a way to see it with kubectl. */
function assertWellFormed(d: ServiceDiagnosis): void {
  for (const r of d.reasons) {
    assert.match(r.code, /^[a-z]+(-[a-z]+)*$/);
    assert.ok(!r.summary.includes('\n'), `${r.code}: one-line summary`);
    assert.ok(r.summary.length > 10, `${r.code}: has a summary`);
    assert.ok(r.evidence.length > 0, `${r.code}: has evidence`);
    assert.ok(r.commands.length > 0, `${r.code}: has commands`);
    for (const c of r.commands) assert.match(c, /^kubectl /);
    for (const e of r.evidence)
      for (const k of ['kind', 'name', 'field', 'value'] as const)
        assert.equal(typeof e[k], 'string');
  }
}

// One fixture per reason code: each returns the snapshot and the Service it is about.
type Fixture = () => { snapshot: ClusterSnapshot; ns: string; name: string; dns?: DnsResults };

const FIXTURES: Record<ReasonCode, Fixture> = {
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

  'endpoints-truncated': () => {
    const svc = serviceRecord('big', 'fleet', { selector: { app: 'fleet' } });
    const pods = deploymentPods('big', 'fleet', 1200, { labels: { app: 'fleet' } });
    return { snapshot: withControllers({ services: [svc], pods }), ns: 'big', name: 'fleet' };
  },
};

describe('diagnosis: one fixture per reason code', () => {
  for (const code of REASON_CODES) {
    it(`reports ${code}`, () => {
      const f = FIXTURES[code]();
      const d = diagnose(f.snapshot, f.ns, f.name, f.dns);
      reason(d, code);
      assertWellFormed(d);
      if (code === 'healthy') assert.deepEqual(codes(d), ['healthy']);
      else assert.ok(!codes(d).includes('healthy'), 'no healthy reason next to a problem');
    });
  }

  it('has a fixture for every code and no code without one', () => {
    assert.deepEqual(Object.keys(FIXTURES).sort(), [...REASON_CODES].sort());
  });
});

describe('diagnosis: details of each reason', () => {
  it('the seed scenario is healthy on both Services', () => {
    const snap = seedScenario();
    for (const d of diagnoseAll(snap)) {
      assert.equal(d.health, 'healthy', `${d.name}: ${codes(d).join(',')}`);
      assert.deepEqual(codes(d), ['healthy']);
    }
    assert.match(
      reason(diagnose(snap, 'default', 'ingress-nginx'), 'healthy').summary,
      /2 ready endpoints/,
    );
  });

  it('no-endpoints names the empty slice and explains the pods (no IP yet)', () => {
    const f = FIXTURES['no-endpoints']();
    const d = diagnose(f.snapshot, f.ns, f.name);
    assert.equal(d.health, 'broken');
    assert.deepEqual(codes(d).slice(0, 2), ['no-endpoints', 'pods-not-ready']);
    const r = reason(d, 'no-endpoints');
    assert.ok(r.evidence.some((e) => e.kind === 'EndpointSlice' && e.value === '[]'));
    assert.ok(
      r.commands.includes(
        'kubectl get endpointslices -n shop -l kubernetes.io/service-name=cart -o wide',
      ),
    );
    const notReady = reason(d, 'pods-not-ready');
    assert.equal(notReady.severity, 'error');
    assert.match(notReady.pods![0]!.why, /waiting \(ContainerCreating\)/);
  });

  it('scale to 0: no endpoints, and the selector matches no pods (no near misses)', () => {
    const svc = serviceRecord('default', 'ingress-nginx', { selector: { app: 'nginx' } });
    const d = diagnose(withControllers({ services: [svc], pods: [] }), 'default', 'ingress-nginx');
    assert.deepEqual(codes(d), ['no-endpoints', 'selector-matches-no-pods']);
    assert.equal(reason(d, 'selector-matches-no-pods').nearMisses, undefined);
  });

  it('no-ready-endpoints: failing readiness probe is the why', () => {
    const f = FIXTURES['no-ready-endpoints']();
    const d = diagnose(f.snapshot, f.ns, f.name);
    assert.deepEqual(codes(d), ['no-ready-endpoints', 'pods-not-ready']);
    assert.match(
      reason(d, 'pods-not-ready').pods![0]!.why,
      /readiness probe failing on container api/,
    );
    assert.equal(reason(d, 'no-ready-endpoints').evidence.length, 2);
  });

  it('pods-not-ready gives the why per pod and is a warning while something is ready', () => {
    const f = FIXTURES['pods-not-ready']();
    const d = diagnose(f.snapshot, f.ns, f.name);
    assert.equal(d.health, 'warning');
    const r = reason(d, 'pods-not-ready');
    assert.equal(r.severity, 'warning');
    const why = new Map(r.pods!.map((p) => [p.name, p.why]));
    assert.match(
      why.get('orders-crash')!,
      /crash-looping \(CrashLoopBackOff: back-off 5m0s.*\), 7 restarts/,
    );
    assert.match(
      why.get('orders-pending')!,
      /not scheduled \(Unschedulable: 0\/2 nodes are available: 2 Insufficient cpu\.\)/,
    );
    assert.ok(r.commands.includes('kubectl describe pod -n shop orders-crash'));
  });

  it('pods-terminating is an error when nothing else is ready, info during a rollout', () => {
    const f = FIXTURES['pods-terminating']();
    const all = diagnose(f.snapshot, f.ns, f.name);
    assert.equal(reason(all, 'pods-terminating').severity, 'error');
    assert.equal(all.health, 'broken');
    assert.equal(codes(all)[0], 'no-ready-endpoints');

    const svc = serviceRecord('shop', 'search', { selector: { app: 'search' } });
    const pods = [
      ...deploymentPods('shop', 'search', 2, { labels: { app: 'search' } }),
      podRecord('shop', 'search-old', { labels: { app: 'search' }, terminating: true }),
    ];
    const rolling = diagnose(withControllers({ services: [svc], pods }), 'shop', 'search');
    assert.equal(rolling.health, 'healthy');
    assert.equal(reason(rolling, 'pods-terminating').severity, 'info');
    assert.deepEqual(codes(rolling), ['pods-terminating', 'healthy']);
  });

  it('target-port-not-served: named port nobody declares is an error; numeric port a warning or info', () => {
    const f = FIXTURES['target-port-not-served']();
    const d = diagnose(f.snapshot, f.ns, f.name);
    const r = reason(d, 'target-port-not-served');
    assert.equal(r.severity, 'error');
    assert.equal(d.health, 'broken');
    assert.match(r.summary, /named port "http", which none of the 2 matched pods declares/);
    assert.ok(r.evidence.some((e) => e.kind === 'Pod' && e.value === 'web:8080/TCP'));

    const numeric = serviceRecord('shop', 'n', {
      selector: { app: 'n' },
      ports: [{ protocol: 'TCP', port: 80, targetPort: 8080 }],
    });
    const pods = deploymentPods('shop', 'n', 1, {
      labels: { app: 'n' },
      containerPorts: [{ containerPort: 80, protocol: 'TCP' }],
    });
    const dn = diagnose(withControllers({ services: [numeric], pods }), 'shop', 'n');
    assert.equal(reason(dn, 'target-port-not-served').severity, 'warning');
    assert.equal(dn.health, 'warning');

    const undeclared = deploymentPods('shop', 'n', 1, { labels: { app: 'n' }, containerPorts: [] });
    const du = diagnose(withControllers({ services: [numeric], pods: undeclared }), 'shop', 'n');
    assert.equal(reason(du, 'target-port-not-served').severity, 'info');
    assert.equal(du.health, 'healthy');

    const partial = [
      ...deploymentPods('shop', 'checkout', 1, {
        labels: { app: 'checkout' },
        containerPorts: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
      }),
      podRecord('shop', 'checkout-old', {
        labels: { app: 'checkout' },
        containerPorts: [{ name: 'web', containerPort: 8080, protocol: 'TCP' }],
      }),
    ];
    const svc = f.snapshot.services[0]!;
    const dp = diagnose(withControllers({ services: [svc], pods: partial }), 'shop', 'checkout');
    assert.equal(reason(dp, 'target-port-not-served').severity, 'warning');
  });

  it('port-name-mismatch quotes both names; matching names (the seed) are fine', () => {
    const f = FIXTURES['port-name-mismatch']();
    const d = diagnose(f.snapshot, f.ns, f.name);
    const r = reason(d, 'port-name-mismatch');
    assert.equal(r.severity, 'error');
    assert.match(r.summary, /"http".*"apache"/);
    assert.ok(
      r.evidence.some(
        (e) => e.kind === 'Service' && e.field === 'spec.ports[0].name' && e.value === 'http',
      ),
    );
    assert.ok(r.evidence.some((e) => e.kind === 'EndpointSlice' && e.value === 'apache'));
    assert.ok(
      !codes(diagnose(seedScenario(), 'default', 'external-web')).includes('port-name-mismatch'),
    );
  });

  it('port-name-mismatch also reads legacy Endpoints when no slice exists', () => {
    const f = FIXTURES['port-name-mismatch']();
    const snap = { ...f.snapshot, endpointSlices: [] };
    const r = reason(diagnose(snap, f.ns, f.name), 'port-name-mismatch');
    assert.ok(r.evidence.some((e) => e.kind === 'Endpoints' && e.value === 'apache'));
  });

  it('selectorless-no-endpoints explains how to add endpoints', () => {
    const f = FIXTURES['selectorless-no-endpoints']();
    const d = diagnose(f.snapshot, f.ns, f.name);
    assert.deepEqual(codes(d), ['selectorless-no-endpoints']);
    assert.match(
      reason(d, 'selectorless-no-endpoints').detail!,
      /kubernetes\.io\/service-name=external-web/,
    );
  });

  it('manual-endpoints-with-selector: a hand-written Endpoints and a foreign slice', () => {
    const f = FIXTURES['manual-endpoints-with-selector']();
    const d = diagnose(f.snapshot, f.ns, f.name);
    const r = reason(d, 'manual-endpoints-with-selector');
    assert.equal(r.severity, 'warning');
    assert.match(r.summary, /will be overwritten/);
    assert.ok(!codes(d).includes('endpoints-slices-disagree'), 'not reported twice');

    const svc = serviceRecord('shop', 'web', { selector: { app: 'web' } });
    const pods = deploymentPods('shop', 'web', 1, { labels: { app: 'web' } });
    const snap = withControllers({ services: [svc], pods });
    snap.endpointSlices.push(
      manualSlice('shop', 'web-extra', 'web', {
        managedBy: 'switchboard.dev',
        endpoints: [{ addresses: ['192.0.2.5'] }],
      }),
    );
    const r2 = reason(diagnose(snap, 'shop', 'web'), 'manual-endpoints-with-selector');
    assert.match(r2.summary, /web-extra/);
    // a controller-written Endpoints (pre-1.33: no managed-by label, but Pod targetRefs) is not manual
    const plain = withControllers({ services: [svc], pods });
    delete plain.endpoints[0]!.meta.labels!['endpoints.kubernetes.io/managed-by'];
    assert.deepEqual(codes(diagnose(plain, 'shop', 'web')), ['healthy']);
  });

  it('endpoints-slices-disagree lists the address only in the slices', () => {
    const f = FIXTURES['endpoints-slices-disagree']();
    const r = reason(diagnose(f.snapshot, f.ns, f.name), 'endpoints-slices-disagree');
    assert.equal(r.severity, 'warning');
    assert.match(r.summary, /1 address only in EndpointSlices/);
  });

  it('endpoints-slices-disagree ignores terminating pods the Endpoints controller leaves out', () => {
    const svc = serviceRecord('shop', 'web', { selector: { app: 'web' } });
    const pods = [
      ...deploymentPods('shop', 'web', 2, { labels: { app: 'web' } }),
      podRecord('shop', 'web-old', { labels: { app: 'web' }, terminating: true }),
    ];
    assert.ok(
      !codes(diagnose(withControllers({ services: [svc], pods }), 'shop', 'web')).includes(
        'endpoints-slices-disagree',
      ),
    );
  });

  it('mirroring-refused: skip-mirror label, and too many addresses in one subset', () => {
    const f = FIXTURES['mirroring-refused']();
    const d = diagnose(f.snapshot, f.ns, f.name);
    const r = reason(d, 'mirroring-refused');
    assert.equal(r.severity, 'error');
    assert.match(r.summary, /skip-mirror=true/);
    assert.match(r.summary, /kube-proxy reads only EndpointSlices/);

    const svc = serviceRecord('legacy', 'farm', {
      ports: [{ name: 'http', protocol: 'TCP', port: 80 }],
    });
    const ips = Array.from(
      { length: 1100 },
      (_, i) => `192.0.${2 + Math.floor(i / 250)}.${(i % 250) + 1}`,
    );
    const ep = manualEndpoints('legacy', 'farm', [
      { addresses: ips, ports: [{ name: 'http', port: 80 }] },
    ]);
    const r2 = reason(
      diagnose(
        snapshotOf({ services: [svc], endpoints: [ep], endpointSlices: mirroredSlices(ep) }),
        'legacy',
        'farm',
      ),
      'mirroring-refused',
    );
    assert.equal(r2.severity, 'warning');
    assert.match(r2.summary, /100 addresses .* not mirrored.*1100 addresses and at most 1000/);
  });

  it('mirroring-refused: an address the mirroring controller skipped as not a valid IP', () => {
    // Leading zeros were accepted by old apiservers; objects from then survive upgrades.
    const svc = serviceRecord('legacy', 'old', {
      ports: [{ name: 'http', protocol: 'TCP', port: 80 }],
    });
    const subset = { ports: [{ name: 'http', port: 80 }] };
    const ep = manualEndpoints('legacy', 'old', [
      { ...subset, addresses: ['10.10.50.53', '010.10.50.54'] },
    ]);
    const mirrored = mirroredSlices(
      manualEndpoints('legacy', 'old', [{ ...subset, addresses: ['10.10.50.53'] }]),
    );
    const d = diagnose(
      snapshotOf({ services: [svc], endpoints: [ep], endpointSlices: mirrored }),
      'legacy',
      'old',
    );
    const r = reason(d, 'mirroring-refused');
    assert.equal(r.severity, 'warning');
    assert.match(r.summary, /1 address is not a valid IP \(010\.10\.50\.54\)/);
    assert.match(r.detail!, /010\.10\.50\.54/);
  });

  it('the apiserver’s own default/kubernetes (skip-mirror, its own slice) is healthy', () => {
    const svc = serviceRecord('default', 'kubernetes', {
      ports: [{ name: 'https', protocol: 'TCP', port: 443, targetPort: 6443 }],
    });
    const ep = manualEndpoints(
      'default',
      'kubernetes',
      [{ addresses: ['192.168.49.2'], ports: [{ name: 'https', port: 6443 }] }],
      {
        labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' },
      },
    );
    const slice = manualSlice('default', 'kubernetes', 'kubernetes', {
      ports: [{ name: 'https', port: 6443 }],
      endpoints: [{ addresses: ['192.168.49.2'] }],
    });
    assert.deepEqual(
      codes(
        diagnose(
          snapshotOf({ services: [svc], endpoints: [ep], endpointSlices: [slice] }),
          'default',
          'kubernetes',
        ),
      ),
      ['healthy'],
    );
  });

  it('endpoints-truncated says how many of how many', () => {
    const f = FIXTURES['endpoints-truncated']();
    const d = diagnose(f.snapshot, f.ns, f.name);
    const r = reason(d, 'endpoints-truncated');
    assert.match(r.summary, /lists 1000 of 1200 addresses/);
    assert.equal(d.health, 'warning');
    assert.ok(!codes(d).includes('endpoints-slices-disagree'));
  });

  it('address checks: loopback, link-local, ClusterIP and foreign pod IP name the culprit', () => {
    const lo = FIXTURES['endpoint-address-loopback']();
    assert.equal(
      reason(diagnose(lo.snapshot, lo.ns, lo.name), 'endpoint-address-loopback').severity,
      'error',
    );
    const ll = FIXTURES['endpoint-address-link-local']();
    assert.match(
      reason(diagnose(ll.snapshot, ll.ns, ll.name), 'endpoint-address-link-local').summary,
      /169\.254\.169\.254/,
    );
    const cip = FIXTURES['endpoint-address-is-cluster-ip']();
    const rc = reason(diagnose(cip.snapshot, cip.ns, cip.name), 'endpoint-address-is-cluster-ip');
    assert.match(rc.summary, /ClusterIP of Service shop\/db/);
    assert.ok(
      rc.evidence.some(
        (e) => e.kind === 'Service' && e.name === 'db' && e.field === 'spec.clusterIP',
      ),
    );
    const fp = FIXTURES['endpoint-address-foreign-pod-ip']();
    const df = diagnose(fp.snapshot, fp.ns, fp.name);
    const rf = reason(df, 'endpoint-address-foreign-pod-ip');
    assert.equal(df.health, 'warning');
    assert.match(rf.summary, /pod payments\/ledger-/);
    assert.ok(
      rf.commands.includes(
        'kubectl get pods --all-namespaces -o wide --field-selector status.podIP=10.244.3.33',
      ),
    );
  });

  it('a node IP shared by hostNetwork pods is not a "foreign pod IP"', () => {
    const hostPods = ['kube-proxy-a', 'node-exporter-a'].map((n) =>
      podRecord('kube-system', n, { ip: '192.168.49.9' }),
    );
    const svc = serviceRecord('shop', 'node-svc', {
      ports: [{ name: 'http', protocol: 'TCP', port: 80 }],
    });
    const slice = manualSlice('shop', 'node-svc-1', 'node-svc', {
      ports: [{ name: 'http', port: 80 }],
      endpoints: [{ addresses: ['192.168.49.9'] }],
    });
    assert.deepEqual(
      codes(
        diagnose(
          snapshotOf({ services: [svc], pods: hostPods, endpointSlices: [slice] }),
          'shop',
          'node-svc',
        ),
      ),
      ['healthy'],
    );
  });

  it('external-name-unresolved only when the server lookup failed', () => {
    const f = FIXTURES['external-name-unresolved']();
    const d = diagnose(f.snapshot, f.ns, f.name, f.dns);
    assert.match(
      reason(d, 'external-name-unresolved').summary,
      /payments\.invalid does not resolve \(ENOTFOUND\)/,
    );
    assert.deepEqual(
      codes(diagnose(f.snapshot, f.ns, f.name)),
      ['healthy'],
      'not looked up: no claim',
    );
    assert.deepEqual(
      codes(diagnose(f.snapshot, f.ns, f.name, { 'payments.invalid.': { ok: true } })),
      ['healthy'],
    );
  });

  it('orders reasons worst-first and derives health from severities', () => {
    for (const code of REASON_CODES) {
      const f = FIXTURES[code]();
      const d = diagnose(f.snapshot, f.ns, f.name, f.dns);
      const ranks = d.reasons.map((r) => ({ error: 0, warning: 1, info: 2 })[r.severity]);
      assert.deepEqual(
        ranks,
        [...ranks].sort((a, b) => a - b),
        `${code}: ${codes(d)}`,
      );
      const expected = d.reasons.some((r) => r.severity === 'error')
        ? 'broken'
        : d.reasons.some((r) => r.severity === 'warning')
          ? 'warning'
          : 'healthy';
      assert.equal(d.health, expected);
    }
  });
});

describe('diagnosis: near misses', () => {
  it('finds a value typo (app: ngnix vs nginx) and puts it in the summary', () => {
    const f = FIXTURES['selector-matches-no-pods']();
    const r = reason(diagnose(f.snapshot, f.ns, f.name), 'selector-matches-no-pods');
    assert.equal(r.nearMisses!.length, 2);
    for (const m of r.nearMisses!) {
      assert.equal(m.match, 'value-typo');
      assert.deepEqual([m.key, m.expected, m.actual], ['app', 'ngnix', 'nginx']);
    }
    assert.match(
      r.summary,
      /app=ngnix matches none of the 2 pods in namespace web \(closest: pod nginx-.* has app=nginx, the selector wants app=ngnix\)/,
    );
    assert.ok(r.commands.includes('kubectl get pods -n web --show-labels'));
  });

  it('finds a key typo, a differing value on a two-key selector, and a missing key', () => {
    const svc = serviceRecord('shop', 'api', { selector: { app: 'api', tier: 'backend' } });
    const pods = [
      podRecord('shop', 'keytypo', { labels: { ap: 'api', tier: 'backend' } }),
      podRecord('shop', 'frontend', { labels: { app: 'api', tier: 'frontend' } }),
      podRecord('shop', 'notier', { labels: { app: 'api' } }),
      podRecord('shop', 'unrelated', { labels: { app: 'db', tier: 'data' } }),
    ];
    const r = reason(
      diagnose(withControllers({ services: [svc], pods }), 'shop', 'api'),
      'selector-matches-no-pods',
    );
    assert.deepEqual(
      r.nearMisses!.map((m) => [m.name, m.match, m.key]),
      [
        ['keytypo', 'key-typo', 'app'],
        ['frontend', 'value-differs', 'tier'],
        ['notier', 'key-missing', 'tier'],
      ],
    );
  });

  it('finds pods that match in another namespace', () => {
    const svc = serviceRecord('shop', 'cart', { selector: { app: 'cart' } });
    const pods = deploymentPods('shop-staging', 'cart', 1, { labels: { app: 'cart' } });
    const r = reason(
      diagnose(withControllers({ services: [svc], pods }), 'shop', 'cart'),
      'selector-matches-no-pods',
    );
    assert.equal(r.nearMisses!.length, 1);
    assert.equal(r.nearMisses![0]!.match, 'other-namespace');
    assert.equal(r.nearMisses![0]!.namespace, 'shop-staging');
  });

  it('does not call unrelated values near misses', () => {
    const svc = serviceRecord('shop', 'web', { selector: { app: 'web' } });
    const pods = [
      podRecord('shop', 'api', { labels: { app: 'api' } }),
      podRecord('shop', 'db', { labels: { app: 'db' } }),
    ];
    assert.equal(
      reason(
        diagnose(withControllers({ services: [svc], pods }), 'shop', 'web'),
        'selector-matches-no-pods',
      ).nearMisses,
      undefined,
    );
  });

  it('editDistance counts a swap as one edit; isSimilar scales with length', () => {
    assert.equal(editDistance('ngnix', 'nginx'), 1);
    assert.equal(editDistance('nginx', 'nginx'), 0);
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.ok(isSimilar('ngnix', 'nginx'));
    assert.ok(isSimilar('v1', 'v2'));
    assert.ok(isSimilar('Frontend', 'frontend'));
    assert.ok(!isSimilar('db', 'ui'));
    assert.ok(!isSimilar('web', 'api'));
    assert.ok(!isSimilar('nginx', 'nginx'));
  });
});

describe('diagnosis: across Services', () => {
  function cluster(): ClusterSnapshot {
    const parts = REASON_CODES.map((code) => FIXTURES[code]());
    const seen = new Set<string>();
    const merged: ClusterSnapshot = {
      namespaces: [],
      nodes: parts[0]!.snapshot.nodes,
      services: [],
      endpointSlices: [],
      endpoints: [],
      pods: [],
    };
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
      merged.pods.push(
        ...s.pods.filter((x) => !merged.pods.some((m) => m.meta.uid === x.meta.uid)),
      );
    }
    return merged;
  }

  it('rankProblems lists every unhealthy Service, broken first, more errors first', () => {
    const all = diagnoseAll(cluster());
    const ranked = rankProblems(all);
    assert.ok(ranked.length > 5);
    assert.ok(ranked.every((d) => d.health === 'broken' || d.health === 'warning'));
    assert.equal(
      ranked.length,
      all.filter((d) => d.health === 'broken' || d.health === 'warning').length,
    );
    const firstWarning = ranked.findIndex((d) => d.health === 'warning');
    assert.ok(firstWarning > 0);
    assert.ok(ranked.slice(firstWarning).every((d) => d.health === 'warning'));
    const errors = ranked
      .slice(0, firstWarning)
      .map((d) => d.reasons.filter((r) => r.severity === 'error').length);
    assert.deepEqual(
      errors,
      [...errors].sort((a, b) => b - a),
    );
  });

  it('buildTopology health equals the diagnosis; diagnoseAll with or without the topology agree', () => {
    const snap = cluster();
    const { topology, diagnoses } = buildTopologyWithDiagnoses(snap);
    const standalone = diagnoseAll(snap);
    const withTopology = diagnoseAll(snap, buildTopology(snap, { diagnose: false }));
    assert.deepEqual(diagnoses, standalone);
    assert.deepEqual(withTopology, standalone);
    for (const s of topology.services) {
      assert.equal(s.health, standalone.find((d) => d.serviceId === s.id)!.health);
    }
    assert.ok(
      buildTopology(snap, { diagnose: false }).services.every((s) => s.health === 'unknown'),
    );
  });
});
