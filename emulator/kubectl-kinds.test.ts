/**
 * Real kubectl 1.33 and 1.27 against the kinds served beside Services and workloads: ConfigMap,
 * ServiceAccount, StatefulSet, DaemonSet, the RBAC kinds, NetworkPolicy and
 * PodDisruptionBudget. `create` through kubectl's generators (protobuf bodies on 1.33, JSON on
 * 1.27), `get -o wide` tables, `apply -f` with client validation on (OpenAPI v3 on 1.33, the
 * protobuf OpenAPI v2 on 1.27) and server-side unknown-field checks, validation messages, and
 * `describe`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startKubectlHarness, tableRows, type KubectlHarness } from './testing/kubectl-harness';

const MANIFESTS = `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  replicas: 2
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers:
      - {name: pg, image: 'postgres:16', ports: [{containerPort: 5432}]}
  volumeClaimTemplates:
  - metadata: {name: data}
    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      nodeSelector: {kubernetes.io/os: linux}
      containers:
      - {name: agent, image: 'busybox:1.36'}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-allow}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
  - from:
    - podSelector: {matchLabels: {app: web}}
    - ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}
    ports:
    - port: 5432
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: db-pdb}
spec:
  maxUnavailable: 25%
  selector: {matchLabels: {app: db}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data: {mode: fast}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: config-reader}
rules:
- apiGroups: ['']
  resources: [configmaps]
  verbs: [get, list, watch]
`;

const words = (line: string | undefined) => (line ?? '').trim().split(/\s+/);

for (const minor of [33, 27]) {
  describe(`kubectl 1.${minor} with the RBAC, config, set and policy kinds`, () => {
    let k: KubectlHarness;
    before(async () => {
      k = await startKubectlHarness(minor, { readinessDelayMs: 50 });
    });
    after(async () => {
      await k?.stop();
    });

    it('discovers the kinds with their short names', async () => {
      const rows = tableRows(await k.ok('api-resources'));
      const find = (name: string) => rows.find((r) => r[0] === name);
      assert.deepEqual(find('configmaps'), ['configmaps', 'cm', 'v1', 'true', 'ConfigMap']);
      assert.deepEqual(find('serviceaccounts'), [
        'serviceaccounts',
        'sa',
        'v1',
        'true',
        'ServiceAccount',
      ]);
      assert.deepEqual(find('statefulsets'), [
        'statefulsets',
        'sts',
        'apps/v1',
        'true',
        'StatefulSet',
      ]);
      assert.deepEqual(find('daemonsets'), ['daemonsets', 'ds', 'apps/v1', 'true', 'DaemonSet']);
      assert.deepEqual(find('networkpolicies'), [
        'networkpolicies',
        'netpol',
        'networking.k8s.io/v1',
        'true',
        'NetworkPolicy',
      ]);
      assert.deepEqual(find('poddisruptionbudgets'), [
        'poddisruptionbudgets',
        'pdb',
        'policy/v1',
        'true',
        'PodDisruptionBudget',
      ]);
      assert.deepEqual(find('clusterrolebindings'), [
        'clusterrolebindings',
        'rbac.authorization.k8s.io/v1',
        'false',
        'ClusterRoleBinding',
      ]);
    });

    it('creates each kind with kubectl create', async () => {
      const created = [
        await k.ok('create', 'configmap', 'app-config', '--from-literal=a=1', '--from-literal=b=2'),
        await k.ok('create', 'serviceaccount', 'builder'),
        await k.ok('create', 'role', 'pod-reader', '--verb=get,list', '--resource=pods'),
        await k.ok('create', 'clusterrole', 'node-reader', '--verb=get', '--resource=nodes'),
        await k.ok('create', 'clusterrole', 'aggregated', '--aggregation-rule=team=view'),
        await k.ok(
          'create',
          'rolebinding',
          'read-pods',
          '--role=pod-reader',
          '--user=alice',
          '--group=team-a',
          '--serviceaccount=default:builder',
        ),
        await k.ok(
          'create',
          'clusterrolebinding',
          'read-nodes',
          '--clusterrole=node-reader',
          '--user=bob',
        ),
        await k.ok('create', 'deployment', 'web', '--image=nginx:1.27'),
        await k.ok(
          'create',
          'poddisruptionbudget',
          'web-pdb',
          '--selector=app=web',
          '--min-available=1',
        ),
      ].join('');
      for (const line of [
        'configmap/app-config created',
        'serviceaccount/builder created',
        'role.rbac.authorization.k8s.io/pod-reader created',
        'clusterrole.rbac.authorization.k8s.io/node-reader created',
        'clusterrole.rbac.authorization.k8s.io/aggregated created',
        'rolebinding.rbac.authorization.k8s.io/read-pods created',
        'clusterrolebinding.rbac.authorization.k8s.io/read-nodes created',
        'deployment.apps/web created',
        'poddisruptionbudget.policy/web-pdb created',
      ])
        assert.ok(created.includes(line), line);
      const binding = JSON.parse(await k.ok('get', 'rolebinding', 'read-pods', '-o', 'json'));
      assert.deepEqual(binding.roleRef, {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'Role',
        name: 'pod-reader',
      });
      assert.deepEqual(binding.subjects, [
        { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'alice' },
        { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'team-a' },
        { kind: 'ServiceAccount', name: 'builder', namespace: 'default' },
      ]);
    });

    it('prints the get -o wide tables', async () => {
      const cm = tableRows(await k.ok('get', 'cm', 'app-config'));
      assert.deepEqual(cm[0], ['NAME', 'DATA', 'AGE']);
      assert.deepEqual(cm[1]?.slice(0, 2), ['app-config', '2']);
      const sa = tableRows(await k.ok('get', 'sa', 'builder'));
      assert.deepEqual(sa[0], ['NAME', 'SECRETS', 'AGE']);
      assert.deepEqual(sa[1]?.slice(0, 2), ['builder', '0']);
      const roles = (await k.ok('get', 'role', 'pod-reader', '-o', 'wide')).split('\n');
      assert.deepEqual(words(roles[0]), ['NAME', 'CREATED', 'AT']);
      assert.match(roles[1] ?? '', /^pod-reader\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      const rb = (await k.ok('get', 'rolebinding', 'read-pods', '-o', 'wide')).split('\n');
      assert.deepEqual(words(rb[0]), ['NAME', 'ROLE', 'AGE', 'USERS', 'GROUPS', 'SERVICEACCOUNTS']);
      assert.match(
        rb[1] ?? '',
        /^read-pods\s+Role\/pod-reader\s+\S+\s+alice\s+team-a\s+default\/builder$/,
      );
      const crb = (await k.ok('get', 'clusterrolebinding', 'read-nodes', '-o', 'wide')).split('\n');
      assert.match(crb[1] ?? '', /^read-nodes\s+ClusterRole\/node-reader\s+\S+\s+bob\s*$/);
      const pdb = tableRows(await k.ok('get', 'pdb', 'web-pdb'));
      assert.deepEqual(pdb[0], [
        'NAME',
        'MIN AVAILABLE',
        'MAX UNAVAILABLE',
        'ALLOWED DISRUPTIONS',
        'AGE',
      ]);
      assert.deepEqual(pdb[1]?.slice(0, 4), ['web-pdb', '1', 'N/A', '0']);
    });

    it('applies manifests of every kind with validation on, and again unchanged', async () => {
      const path = k.file('kinds.yaml', MANIFESTS);
      const first = await k.ok('apply', '-f', path);
      for (const line of [
        'statefulset.apps/db created',
        'daemonset.apps/agent created',
        'networkpolicy.networking.k8s.io/db-allow created',
        'poddisruptionbudget.policy/db-pdb created',
        'configmap/settings created',
        'role.rbac.authorization.k8s.io/config-reader created',
      ])
        assert.ok(first.includes(line), `${line} in\n${first}`);
      const again = await k.ok('apply', '-f', path);
      for (const line of [
        'statefulset.apps/db unchanged',
        'daemonset.apps/agent unchanged',
        'configmap/settings unchanged',
        'role.rbac.authorization.k8s.io/config-reader unchanged',
      ])
        assert.ok(again.includes(line), `${line} in\n${again}`);

      const sts = tableRows(await k.ok('get', 'sts', 'db', '-o', 'wide'));
      assert.deepEqual(sts[0], ['NAME', 'READY', 'AGE', 'CONTAINERS', 'IMAGES']);
      assert.deepEqual(
        [sts[1]?.[0], sts[1]?.[1], sts[1]?.[3], sts[1]?.[4]],
        ['db', '0/2', 'pg', 'postgres:16'],
      );
      const ds = tableRows(await k.ok('get', 'ds', 'agent', '-o', 'wide'));
      assert.deepEqual(ds[0], [
        'NAME',
        'DESIRED',
        'CURRENT',
        'READY',
        'UP-TO-DATE',
        'AVAILABLE',
        'NODE SELECTOR',
        'AGE',
        'CONTAINERS',
        'IMAGES',
        'SELECTOR',
      ]);
      assert.deepEqual(ds[1]?.slice(0, 7), [
        'agent',
        '0',
        '0',
        '0',
        '0',
        '0',
        'kubernetes.io/os=linux',
      ]);
      assert.deepEqual(ds[1]?.slice(8), ['agent', 'busybox:1.36', 'app=agent']);
      const np = tableRows(await k.ok('get', 'netpol', 'db-allow'));
      assert.deepEqual(np[0], ['NAME', 'POD-SELECTOR', 'AGE']);
      assert.deepEqual(np[1]?.slice(0, 2), ['db-allow', 'app=db']);
      const policy = JSON.parse(await k.ok('get', 'netpol', 'db-allow', '-o', 'json'));
      assert.deepEqual(policy.spec.policyTypes, ['Ingress']);
      assert.deepEqual(policy.spec.ingress[0].ports, [{ port: 5432, protocol: 'TCP' }]);
    });

    it('refuses unknown fields and invalid objects with the apiserver messages', async () => {
      const typo = k.file(
        'typo.yaml',
        'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: typo}\ndata: {a: b}\nimmutible: true\n',
      );
      const unknown = await k.run('apply', '-f', typo);
      assert.notEqual(unknown.code, 0);
      assert.match(unknown.stderr, /unknown field "immutible"/);

      const badRole = k.file(
        'bad-role.yaml',
        'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: bad}\nrules:\n- nonResourceURLs: [/healthz]\n  verbs: [get]\n',
      );
      const role = await k.run('apply', '-f', badRole);
      assert.match(
        role.stderr,
        /The Role "bad" is invalid: rules\[0\]\.nonResourceURLs: Invalid value: \[\]string\{"\/healthz"\}: namespaced rules cannot apply to non-resource URLs/,
      );
      const patched = await k.run(
        'patch',
        'rolebinding',
        'read-pods',
        '--type=merge',
        '-p',
        '{"roleRef":{"name":"other"}}',
      );
      assert.match(
        patched.stderr,
        /The RoleBinding "read-pods" is invalid: roleRef: Invalid value: rbac\.RoleRef\{APIGroup:"rbac\.authorization\.k8s\.io", Kind:"Role", Name:"other"\}: cannot change roleRef/,
      );
      const sts = await k.run(
        'patch',
        'sts',
        'db',
        '--type=merge',
        '-p',
        '{"spec":{"serviceName":"x"}}',
      );
      assert.match(
        sts.stderr,
        /The StatefulSet "db" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden/,
      );
      const both = k.file(
        'pdb.yaml',
        'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: both}\nspec: {minAvailable: 1, maxUnavailable: 1}\n',
      );
      const pdb = await k.run('apply', '-f', both);
      assert.match(
        pdb.stderr,
        /spec: Invalid value: policy\.PodDisruptionBudgetSpec\{.*\}: minAvailable and maxUnavailable cannot be both set/,
      );
    });

    it('has the default ServiceAccount in every namespace (the ServiceAccount controller)', async () => {
      const rows = tableRows(await k.ok('get', 'serviceaccounts', '-A'));
      assert.deepEqual(rows[0], ['NAMESPACE', 'NAME', 'SECRETS', 'AGE']);
      for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease'])
        assert.ok(
          rows.some((r) => r[0] === ns && r[1] === 'default'),
          `default/${ns}`,
        );
    });

    it('scales a StatefulSet through its scale subresource', async () => {
      assert.match(
        await k.ok('scale', 'sts', 'db', '--replicas=3'),
        /statefulset\.apps\/db scaled/,
      );
      assert.equal(await k.ok('get', 'sts', 'db', '-o', 'jsonpath={.spec.replicas}'), '3');
    });

    it('describes each kind', async () => {
      // kubectl walks the data map in Go's random order, so each key is matched on its own.
      const configMap = await k.ok('describe', 'configmap', 'app-config');
      assert.match(configMap, /Data\n====\n/);
      assert.match(configMap, /\na:\n----\n1\n/);
      assert.match(configMap, /\nb:\n----\n2\n/);
      assert.match(
        await k.ok('describe', 'sa', 'builder'),
        /Name:\s+builder[\s\S]*Tokens:\s+<none>/,
      );
      const role = await k.ok('describe', 'role', 'pod-reader');
      assert.match(role, /PolicyRule:[\s\S]*pods\s+\[\]\s+\[\]\s+\[get list\]/);
      const binding = await k.ok('describe', 'rolebinding', 'read-pods');
      assert.match(binding, /Role:\n\s+Kind:\s+Role\n\s+Name:\s+pod-reader/);
      assert.match(binding, /ServiceAccount\s+builder\s+default/);
      // The StatefulSet controller creates db-0 and, OrderedReady, waits for it to be Ready
      // before db-1; this cluster has no Nodes, so db-0 stays Pending and the set stays at one.
      await k.ok('wait', '--for=jsonpath={.status.replicas}=1', 'sts/db', '--timeout=35s');
      assert.match(await k.ok('describe', 'sts', 'db'), /Replicas:\s+3 desired \| 1 total/);
      assert.match(
        await k.ok('describe', 'ds', 'agent'),
        /Node-Selector:\s+kubernetes\.io\/os=linux/,
      );
      assert.match(
        await k.ok('describe', 'netpol', 'db-allow'),
        /IPBlock:\n\s+CIDR: 10\.0\.0\.0\/8\n\s+Except: 10\.1\.0\.0\/16/,
      );
      assert.match(await k.ok('describe', 'pdb', 'db-pdb'), /Max unavailable:\s+25%/);
    });
  });
}
