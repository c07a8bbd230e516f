/**
 * The manifests as kubectl renders them (`kubectl kustomize deploy/overlays/<each>`, real kubectl):
 * every container hardened, probes and ports as the image serves them, and RBAC least privilege —
 * the read rules are exactly the kinds the hub watches (lib/k8s/kinds.ts), no wildcard, no
 * Secrets, no write verb in read-only, the writer verbs exactly as the write form needs them,
 * and the sign-in overlays: the review APIs, impersonation of users and groups only where writes
 * impersonate (oidc, proxy), no write on any object, the UI on the pod's interface, settings the
 * server accepts (the Host names people use among them), and port 3000 open only to selected pods
 * (the proxy's in sign-in-proxy, the ingress controller's in oidc and token), selectors marked
 * EDIT.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { authSettingsFromEnv } from '../lib/auth/settings';
import { hostPolicy, isAllowedHost } from '../lib/http/allowed-hosts';
import { WATCHED_KINDS } from '../lib/k8s/kinds';
import {
  boundRules,
  OVERLAYS,
  overlayDir,
  render,
  SIGN_IN_OVERLAYS,
  type Manifest,
  type Overlay,
  type Rule,
} from './testing/render';

const READ_VERBS = new Set(['get', 'list', 'watch']);
const WRITE_VERBS = ['create', 'delete', 'patch', 'update'];
const WRITE_RESOURCES = ['endpoints', 'endpointslices', 'services'];

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const rendered = new Map<Overlay, Manifest[]>();
const isSignIn = (overlay: Overlay) => (SIGN_IN_OVERLAYS as readonly string[]).includes(overlay);
const one = (overlay: Overlay, kind: string, name = 'switchboard'): Obj => {
  const found = rendered.get(overlay)!.find((o) => o.kind === kind && o.metadata.name === name);
  assert.ok(found, `${overlay} renders ${kind} ${name}`);
  return found as Obj;
};
const envOf = (container: Obj) =>
  Object.fromEntries(
    (container.env as { name: string; value: string }[]).map((e) => [e.name, e.value]),
  );
const key = (r: Rule, resource: string) => `${(r.apiGroups ?? [])[0] ?? ''}/${resource}`;

before(async () => {
  for (const overlay of OVERLAYS) rendered.set(overlay, await render(overlay));
});

for (const overlay of OVERLAYS) {
  describe(`overlay ${overlay}`, () => {
    it('renders the base: Namespace, ServiceAccount, Deployment, Service, PDB, NetworkPolicy', () => {
      for (const kind of ['Namespace', 'ServiceAccount', 'Deployment', 'Service'])
        one(overlay, kind);
      one(overlay, 'PodDisruptionBudget');
      one(overlay, 'NetworkPolicy');
      for (const o of rendered.get(overlay)!) {
        if (!['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'RoleBinding'].includes(o.kind)) {
          assert.equal(o.metadata.namespace, 'switchboard', `${o.kind} ${o.metadata.name}`);
        }
      }
    });

    it('hardens every container and the pod', () => {
      const deployment = one(overlay, 'Deployment');
      assert.equal(deployment.spec.replicas, 2);
      const pod = deployment.spec.template.spec;
      assert.equal(pod.serviceAccountName, 'switchboard');
      assert.equal(pod.automountServiceAccountToken, true);
      assert.equal(pod.securityContext.runAsNonRoot, true);
      assert.equal(pod.securityContext.runAsUser, 65532);
      assert.equal(pod.securityContext.seccompProfile.type, 'RuntimeDefault');
      assert.ok(pod.terminationGracePeriodSeconds > 20, 'grace period above the 20 s drain');
      const emptyDirs = new Set(
        (pod.volumes as Obj[]).filter((v) => v.emptyDir).map((v) => v.name as string),
      );
      const containers = [...(pod.initContainers ?? []), ...pod.containers] as Obj[];
      assert.ok(containers.length > 0);
      for (const c of containers) {
        const sc = c.securityContext;
        assert.equal(sc.runAsNonRoot, true, c.name);
        assert.equal(sc.runAsUser, 65532, c.name);
        assert.equal(sc.allowPrivilegeEscalation, false, c.name);
        assert.equal(sc.readOnlyRootFilesystem, true, c.name);
        assert.deepEqual(sc.capabilities.drop, ['ALL'], c.name);
        assert.equal(sc.capabilities.add, undefined, c.name);
        assert.equal(sc.seccompProfile.type, 'RuntimeDefault', c.name);
        assert.equal(sc.privileged ?? false, false, c.name);
        for (const part of ['requests', 'limits']) {
          assert.ok(c.resources?.[part]?.memory, `${c.name} ${part}.memory`);
        }
        assert.ok(c.resources.requests.cpu, `${c.name} requests.cpu`);
        const mounts = new Map((c.volumeMounts as Obj[]).map((m) => [m.mountPath, m.name]));
        for (const path of ['/tmp', '/app/.next/cache']) {
          assert.ok(emptyDirs.has(mounts.get(path)), `${c.name}: an emptyDir at ${path}`);
        }
      }
    });

    it('serves the UI on loopback (on the pod with sign-in) and probes /healthz, /readyz on the metrics port', () => {
      const c = one(overlay, 'Deployment').spec.template.spec.containers[0] as Obj;
      const env = envOf(c);
      assert.equal(env.HOSTNAME, isSignIn(overlay) ? '0.0.0.0' : '127.0.0.1');
      assert.equal(env.PORT, '3000');
      assert.equal(env.SWITCHBOARD_METRICS_PORT, '9090');
      assert.equal(env.SWITCHBOARD_METRICS_HOST, '0.0.0.0');
      assert.equal(env.NEXT_MANUAL_SIG_HANDLE, '1');
      assert.equal(
        env.SWITCHBOARD_READ_ONLY,
        overlay === 'writer' || overlay === 'writer-cluster-wide' || isSignIn(overlay)
          ? undefined
          : '1',
      );
      const metrics = (c.ports as Obj[]).find((p) => p.name === 'metrics');
      assert.equal(metrics?.containerPort, 9090);
      assert.deepEqual(c.livenessProbe.httpGet, { path: '/healthz', port: 'metrics' });
      assert.deepEqual(c.readinessProbe.httpGet, { path: '/readyz', port: 'metrics' });
      const service = one(overlay, 'Service');
      assert.ok((service.spec.ports as Obj[]).some((p) => p.name === 'metrics' && p.port === 9090));
      assert.equal(one(overlay, 'PodDisruptionBudget').spec.minAvailable, 1);
    });

    it('binds no wildcard, no Secrets, no non-resource URLs, no escalation verbs', () => {
      const rules = boundRules(rendered.get(overlay)!);
      assert.ok(rules.length > 0);
      for (const { role, rule } of rules) {
        const all = [...(rule.apiGroups ?? []), ...(rule.resources ?? []), ...rule.verbs];
        assert.ok(!all.some((v) => v.includes('*')), `${role}: ${JSON.stringify(rule)}`);
        assert.ok(!(rule.resources ?? []).includes('secrets'), `${role} grants secrets`);
        assert.equal(rule.nonResourceURLs, undefined, role);
        for (const verb of ['escalate', 'bind', 'deletecollection']) {
          assert.ok(!rule.verbs.includes(verb), `${role}: ${verb}`);
        }
      }
      // Nothing in the overlay is a role that could be bound later with more than this.
      for (const o of rendered.get(overlay)!) {
        if (o.kind !== 'ClusterRole' && o.kind !== 'Role') continue;
        for (const rule of (o.rules as Rule[]) ?? []) {
          assert.ok(!JSON.stringify(rule).includes('*'), `${o.metadata.name}: wildcard`);
        }
      }
    });

    it('reads exactly the kinds the hub watches, cluster-wide', () => {
      const read = boundRules(rendered.get(overlay)!).filter(
        ({ scope, rule }) => scope === '' && rule.verbs.every((v) => READ_VERBS.has(v)),
      );
      const granted = new Map<string, Set<string>>();
      for (const { rule } of read) {
        for (const resource of rule.resources ?? []) {
          const verbs = granted.get(key(rule, resource)) ?? new Set();
          for (const v of rule.verbs) verbs.add(v);
          granted.set(key(rule, resource), verbs);
        }
      }
      const watched = WATCHED_KINDS.map((k) => `${k.group}/${k.resource}`).sort();
      for (const kind of watched) {
        assert.deepEqual([...(granted.get(kind) ?? [])].sort(), ['get', 'list', 'watch'], kind);
      }
      const extra = [...granted.keys()].filter((k) => !watched.includes(k));
      const allowedExtra =
        overlay.startsWith('writer') || isSignIn(overlay) ? ['networking.k8s.io/servicecidrs'] : [];
      assert.deepEqual(extra, allowedExtra);
    });
  });
}

const writeGrants = (overlay: Overlay) =>
  boundRules(rendered.get(overlay)!).filter(({ rule }) =>
    rule.verbs.some((v) => !READ_VERBS.has(v)),
  );

it('read-only grants no verb beyond get, list and watch', () => {
  assert.deepEqual(writeGrants('read-only'), []);
});

for (const [overlay, scopes] of [
  ['writer', ['default', 'shop']],
  ['writer-cluster-wide', ['']],
] as const) {
  it(`${overlay} writes Services, Endpoints, EndpointSlices only, ${scopes.join(', ') || 'cluster-wide'}`, () => {
    const grants = writeGrants(overlay);
    assert.deepEqual([...new Set(grants.map((g) => g.scope))].sort(), [...scopes]);
    for (const scope of scopes) {
      const here = grants.filter((g) => g.scope === scope);
      const verbs = new Set(here.flatMap((g) => g.rule.verbs));
      assert.deepEqual([...verbs].sort(), WRITE_VERBS, scope);
      const resources = here.flatMap((g) => g.rule.resources ?? []).sort();
      assert.deepEqual(resources, WRITE_RESOURCES, scope);
      for (const g of here) {
        assert.deepEqual(
          [...g.rule.verbs].sort(),
          WRITE_VERBS,
          `${scope}: ${JSON.stringify(g.rule)}`,
        );
      }
    }
  });
}

const REVIEWS = [
  { apiGroups: ['authentication.k8s.io'], resources: ['tokenreviews'], verbs: ['create'] },
  { apiGroups: ['authorization.k8s.io'], resources: ['subjectaccessreviews'], verbs: ['create'] },
];
const IMPERSONATE_PEOPLE = {
  apiGroups: [''],
  resources: ['users', 'groups'],
  verbs: ['impersonate'],
};

for (const overlay of SIGN_IN_OVERLAYS) {
  const mode = overlay.replace('sign-in-', '');
  const impersonates = mode !== 'token';
  it(`${overlay}: the review APIs${impersonates ? ', impersonation of users and groups' : ''} and no write on any object`, () => {
    const grants = writeGrants(overlay);
    assert.ok(
      grants.every((g) => g.scope === ''),
      'all cluster-wide',
    );
    const sorted = (rules: object[]) => rules.map((r) => JSON.stringify(r)).sort();
    assert.deepEqual(
      sorted(grants.map((g) => g.rule)),
      sorted(impersonates ? [...REVIEWS, IMPERSONATE_PEOPLE] : REVIEWS),
    );
  });

  it(`${overlay}: the server accepts its settings (mode ${mode}) and its UI port is admitted`, () => {
    const deployment = one(overlay, 'Deployment');
    const env = envOf(deployment.spec.template.spec.containers[0] as Obj);
    assert.equal(authSettingsFromEnv(env).mode, mode);
    assert.equal(env.SWITCHBOARD_SESSION_KEY_FILE !== undefined, mode !== 'proxy');
    const mounts = new Map(
      (deployment.spec.template.spec.containers[0].volumeMounts as Obj[]).map((m) => [m.name, m]),
    );
    for (const volume of deployment.spec.template.spec.volumes as Obj[]) {
      if (!volume.secret) continue;
      assert.equal(mounts.get(volume.name)?.readOnly, true, volume.name);
    }
    const ports = (one(overlay, 'NetworkPolicy').spec.ingress as Obj[]).flatMap((r) =>
      (r.ports as Obj[]).map((p) => p.port),
    );
    assert.deepEqual(ports.sort(), [3000, 9090]);
  });

  it(`${overlay}: the name people use passes the Host check`, () => {
    const env = envOf(one(overlay, 'Deployment').spec.template.spec.containers[0] as Obj);
    const policy = hostPolicy({
      bindHost: env.HOSTNAME,
      publicUrl: env.SWITCHBOARD_PUBLIC_URL,
      allowedHosts: env.SWITCHBOARD_ALLOWED_HOSTS,
    });
    assert.equal(isAllowedHost('switchboard.example.com', policy), true);
    assert.equal(isAllowedHost('evil.example', policy), false);
  });
}

// Who may reach the UI port in each sign-in overlay: the proxy (its headers name the person) or
// the ingress controller (oidc and token sign people in themselves, but port 3000 is plain HTTP
// behind the Ingress's HTTPS). The selectors are examples, so each must be marked EDIT.
const UI_PEERS: Record<(typeof SIGN_IN_OVERLAYS)[number], string> = {
  'sign-in-oidc': 'ingress-nginx',
  'sign-in-proxy': 'oauth2-proxy',
  'sign-in-token': 'ingress-nginx',
};

for (const overlay of SIGN_IN_OVERLAYS) {
  it(`${overlay}: port 3000 only from selected pods (${UI_PEERS[overlay]}), marked EDIT; 9090 as the base has it`, async () => {
    const rules = one(overlay, 'NetworkPolicy').spec.ingress as Obj[];
    const ui = rules.filter((r) => (r.ports as Obj[]).some((p) => p.port === 3000));
    assert.equal(ui.length, 1);
    assert.deepEqual(
      ui[0]!.ports.map((p: Obj) => p.port),
      [3000],
    );
    assert.ok(Array.isArray(ui[0]!.from) && ui[0]!.from.length > 0, 'a from list');
    for (const peer of ui[0]!.from as Obj[]) {
      // An empty matchLabels selects every namespace (or pod): as open as no `from` at all.
      assert.ok(Object.keys(peer.podSelector?.matchLabels ?? {}).length > 0, JSON.stringify(peer));
      assert.ok(
        Object.keys(peer.namespaceSelector?.matchLabels ?? {}).length > 0,
        JSON.stringify(peer),
      );
      assert.equal(peer.ipBlock, undefined);
      assert.equal(
        peer.namespaceSelector.matchLabels['kubernetes.io/metadata.name'],
        UI_PEERS[overlay],
      );
    }
    const metrics = rules.filter((r) => (r.ports as Obj[]).some((p) => p.port === 9090));
    assert.deepEqual(metrics, [{ ports: [{ protocol: 'TCP', port: 9090 }] }]);
    const source = await readFile(join(overlayDir(overlay), 'kustomization.yaml'), 'utf8');
    for (const selector of ['namespaceSelector', 'podSelector']) {
      const marked = new RegExp(`${selector}:\\n\\s*matchLabels: .*# EDIT`);
      assert.match(source, marked, `${overlay}: its ${selector} is marked EDIT`);
    }
  });
}

it('sign-in-proxy: trusted proxies narrower than a /16', () => {
  const env = envOf(one('sign-in-proxy', 'Deployment').spec.template.spec.containers[0] as Obj);
  const { proxy } = authSettingsFromEnv(env);
  assert.ok(proxy!.trustedProxies.every(([range, bits]) => range.kind() === 'ipv4' && bits > 16));
});

it('without sign-in the UI port is not admitted by the NetworkPolicy', () => {
  for (const overlay of OVERLAYS.filter((o) => !isSignIn(o))) {
    const ports = (one(overlay, 'NetworkPolicy').spec.ingress as Obj[]).flatMap((r) =>
      (r.ports as Obj[]).map((p) => p.port),
    );
    assert.deepEqual(ports, [9090], overlay);
  }
});
