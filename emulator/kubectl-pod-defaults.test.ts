/**
 * Real kubectl sees the apiserver's container defaults: a Deployment made by `kubectl create
 * deployment` and given a bare readiness probe reads back, in `get -o yaml`, with the probe's
 * timings and HTTP action defaulted as on a real cluster; bad finalizer names are refused.
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
