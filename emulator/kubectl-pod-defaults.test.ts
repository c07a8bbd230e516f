/**
 * Real kubectl sees the apiserver's container defaults: a Deployment made by `kubectl create
 * deployment` and given a bare readiness probe reads back, in `get -o yaml`, with the probe's
 * timings and HTTP action defaulted as on a real cluster; volume sources read back with their
 * defaults (defaultMode 420, a source-less volume an emptyDir); a bad probe and a strategic merge
 * patch adding a nameless init container are refused in upstream's words; bad finalizer names are
 * refused. A Pod's missing requests are copied from its limits and, with hostNetwork, its ports get
 * host ports (SetDefaults_Pod); a Deployment's template gets neither, except host ports on 1.27.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startKubectlHarness, type KubectlHarness } from './testing/kubectl-harness';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: default}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: nginx
        image: nginx
        readinessProbe: {httpGet: {port: 80}}
`;

describe('kubectl get -o yaml shows probe defaults', () => {
  let k: KubectlHarness;
  before(async () => {
    k = await startKubectlHarness(33, { kubelet: false, controllers: () => [] });
  });
  after(() => k.stop());

  it('a Deployment’s template container, as a real cluster writes it', async () => {
    await k.ok('create', '-f', k.file('deploy.yaml', DEPLOYMENT));
    const yaml = await k.ok('get', 'deploy', 'web', '-o', 'yaml');
    const container = yaml.slice(
      yaml.indexOf('      containers:'),
      yaml.indexOf('      dnsPolicy:'),
    );
    assert.equal(
      container,
      [
        '      containers:',
        '      - image: nginx',
        '        imagePullPolicy: Always',
        '        name: nginx',
        '        readinessProbe:',
        '          failureThreshold: 3',
        '          httpGet:',
        '            path: /',
        '            port: 80',
        '            scheme: HTTP',
        '          periodSeconds: 10',
        '          successThreshold: 1',
        '          timeoutSeconds: 1',
        '        resources: {}',
        '        terminationMessagePath: /dev/termination-log',
        '        terminationMessagePolicy: File',
        '',
      ].join('\n'),
    );
    assert.match(yaml, /\n {6}schedulerName: default-scheduler\n {6}securityContext: \{\}\n/);
  });

  it('volume sources get their defaults', async () => {
    await k.ok(
      'create',
      '-f',
      k.file(
        'vol.yaml',
        DEPLOYMENT.replace('name: web', 'name: vols').replaceAll('app: web', 'app: vols') +
          '      volumes:\n      - name: scratch\n      - name: conf\n        configMap: {name: settings}\n',
      ),
    );
    const volumes = await k.ok(
      'get',
      'deploy',
      'vols',
      '-o',
      'jsonpath={.spec.template.spec.volumes}',
    );
    assert.deepEqual(JSON.parse(volumes), [
      { name: 'scratch', emptyDir: {} },
      { name: 'conf', configMap: { name: 'settings', defaultMode: 420 } },
    ]);
  });

  it('a liveness probe with two handlers and successThreshold 2 is refused', async () => {
    const bad = DEPLOYMENT.replace('name: web', 'name: probed').replace(
      'readinessProbe: {httpGet: {port: 80}}',
      'livenessProbe: {httpGet: {port: 80}, tcpSocket: {port: 80}, successThreshold: 2}',
    );
    const r = await k.run('apply', '-f', k.file('probed.yaml', bad));
    assert.notEqual(r.code, 0);
    assert.match(
      r.stderr,
      /The Deployment "probed" is invalid: \n\* spec\.template\.spec\.containers\[0\]\.livenessProbe\.tcpSocket: Forbidden: may not specify more than 1 handler type\n\* spec\.template\.spec\.containers\[0\]\.livenessProbe\.successThreshold: Invalid value: 2: must be 1/,
    );
  });

  it('kubectl patch (strategic) adding an init container without a name: 422 Required value', async () => {
    const r = await k.run(
      'patch',
      'deploy',
      'web',
      '-p',
      '{"spec":{"template":{"spec":{"initContainers":[{"image":"x"}]}}}}',
    );
    assert.notEqual(r.code, 0);
    assert.match(
      r.stderr,
      /The Deployment "web" is invalid: spec\.template\.spec\.initContainers\[0\]\.name: Required value/,
    );
  });

  it('a ConfigMap with a finalizer that is not fully qualified is refused', async () => {
    const r = await k.run('create', 'configmap', 'c', '--dry-run=server', '-o', 'name');
    assert.equal(r.code, 0, r.stderr);
    const bad = await k.run(
      'create',
      '-f',
      k.file(
        'cm.yaml',
        'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: default, finalizers: [nofqdn]}\n',
      ),
    );
    assert.notEqual(bad.code, 0);
    assert.match(
      bad.stderr,
      /metadata\.finalizers\[0\]: Invalid value: "nofqdn": name is neither a standard finalizer name nor is it fully qualified/,
    );
  });
});

const HOST_POD_SPEC = `
  hostNetwork: true
  containers:
  - name: app
    image: nginx
    ports: [{containerPort: 8080}]
    resources: {limits: {cpu: 500m, memory: 128Mi}, requests: {memory: 64Mi}}
`;
const HOST_POD = `apiVersion: v1
kind: Pod
metadata: {name: host, namespace: default}
spec:${HOST_POD_SPEC}`;
const HOST_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: {name: host, namespace: default}
spec:
  selector: {matchLabels: {app: host}}
  template:
    metadata: {labels: {app: host}}
    spec:${HOST_POD_SPEC.replaceAll('\n  ', '\n      ')}`;
const CONTAINER = '{.spec.containers[0].resources} {.spec.containers[0].ports}';
const TEMPLATE_CONTAINER =
  '{.spec.template.spec.containers[0].resources} {.spec.template.spec.containers[0].ports}';

for (const minor of [27, 33])
  describe(`kubectl sees SetDefaults_Pod's Pod-only defaults (1.${minor})`, () => {
    let k: KubectlHarness;
    before(async () => {
      k = await startKubectlHarness(minor, { kubelet: false, controllers: () => [] });
    });
    after(() => k.stop());

    it('a Pod: requests from limits, host ports from container ports', async () => {
      await k.ok('create', '-f', k.file('host-pod.yaml', HOST_POD));
      const [resources, ports] = (
        await k.ok('get', 'pod', 'host', '-o', `jsonpath=${CONTAINER}`)
      ).split(' ');
      assert.deepEqual(JSON.parse(resources ?? ''), {
        limits: { cpu: '500m', memory: '128Mi' },
        requests: { cpu: '500m', memory: '64Mi' },
      });
      assert.deepEqual(JSON.parse(ports ?? ''), [
        { containerPort: 8080, hostPort: 8080, protocol: 'TCP' },
      ]);
    });

    it(`a Deployment's template: no requests; host ports ${minor < 28 ? 'too' : 'not'}`, async () => {
      await k.ok('create', '-f', k.file('host-deploy.yaml', HOST_DEPLOYMENT));
      const [resources, ports] = (
        await k.ok('get', 'deploy', 'host', '-o', `jsonpath=${TEMPLATE_CONTAINER}`)
      ).split(' ');
      assert.deepEqual(JSON.parse(resources ?? ''), {
        limits: { cpu: '500m', memory: '128Mi' },
        requests: { memory: '64Mi' },
      });
      assert.deepEqual(JSON.parse(ports ?? ''), [
        { containerPort: 8080, protocol: 'TCP', ...(minor < 28 ? { hostPort: 8080 } : {}) },
      ]);
    });

    it('a negative cpu limit is refused on the limit and on the request copied from it', async () => {
      const bad = HOST_POD.replace('name: host', 'name: negative').replace('cpu: 500m', 'cpu: -1');
      const r = await k.run('create', '-f', k.file('negative.yaml', bad));
      assert.notEqual(r.code, 0);
      assert.match(
        r.stderr,
        /The Pod "negative" is invalid: \n\* spec\.containers\[0\]\.resources\.limits\[cpu\]: Invalid value: "-1": must be greater than or equal to 0\n\* spec\.containers\[0\]\.resources\.requests\[cpu\]: Invalid value: "-1": must be greater than or equal to 0/,
      );
    });
  });
