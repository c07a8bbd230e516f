/**
 * Real kubectl against values of the wrong JSON type: a patch that gives a list field an object
 * is the decoder's 422 on `patch` (encoding/json's words for a merge patch, the unstructured
 * converter's for a strategic one), never an internal error, and the object is left as it was;
 * `kubectl apply --server-side` of a wrongly typed field is structured-merge-diff's typed-patch
 * error, not a conflict.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startKubectlHarness, type KubectlHarness } from './testing/kubectl-harness';

const PATCH = '{"subsets":[{"notReadyAddresses":{"ip":"10.30.0.16"},"ports":[{"port":8443}]}]}';

describe('kubectl patch with a wrongly typed list', () => {
  let k: KubectlHarness;
  before(async () => {
    k = await startKubectlHarness(33, {
      kubelet: false,
      controllers: () => [],
      seed: (store) => {
        store.create('namespaces', {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: 'legacy' },
        });
        store.create('endpoints', {
          apiVersion: 'v1',
          kind: 'Endpoints',
          metadata: { name: 'mainframe-bridge', namespace: 'legacy' },
          subsets: [{ addresses: [{ ip: '10.30.0.15' }], ports: [{ port: 8443 }] }],
        });
      },
    });
  });
  after(() => k.stop());

  const unchanged = async () =>
    assert.equal(
      await k.ok(
        'get',
        'endpoints',
        'mainframe-bridge',
        '-n',
        'legacy',
        '-o',
        'jsonpath={.subsets}',
      ),
      '[{"addresses":[{"ip":"10.30.0.15"}],"ports":[{"port":8443,"protocol":"TCP"}]}]',
    );

  it('--type=merge: 422 with encoding/json’s message and the Go slice type', async () => {
    const r = await k.run(
      'patch',
      'endpoints',
      'mainframe-bridge',
      '-n',
      'legacy',
      '--type=merge',
      '-p',
      PATCH,
    );
    assert.notEqual(r.code, 0, r.stdout);
    assert.doesNotMatch(r.stderr, /Internal error|forEach/);
    assert.match(
      r.stderr,
      /The request is invalid: patch: Invalid value: .*json: cannot unmarshal object into Go struct field EndpointSubset\.subsets\.notReadyAddresses of type \[\]v1\.EndpointAddress/,
    );
    await unchanged();
  });

  it('strategic (the default): 422 with the converter’s message, quoting the patch as Go prints it', async () => {
    const r = await k.run('patch', 'endpoints', 'mainframe-bridge', '-n', 'legacy', '-p', PATCH);
    assert.notEqual(r.code, 0, r.stdout);
    assert.match(
      r.stderr,
      /The request is invalid: patch: Invalid value: "map\[subsets:\[map\[notReadyAddresses:map\[ip:10\.30\.0\.16\] ports:\[map\[port:8443\]\]\]\]\]": cannot restore slice from map/,
    );
    await unchanged();
  });
});

const MANIFEST = (replicas: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: typed
  namespace: default
spec:
  replicas: ${replicas}
  selector: { matchLabels: { app: typed } }
  template:
    metadata: { labels: { app: typed } }
    spec: { containers: [{ name: c, image: nginx }] }
`;

describe('kubectl apply --server-side of a wrongly typed field', () => {
  let k: KubectlHarness;
  before(async () => {
    k = await startKubectlHarness(33, { kubelet: false, controllers: () => [] });
  });
  after(() => k.stop());

  it("is structured-merge-diff's typed-patch error, before any conflict, and nothing changes", async () => {
    await k.ok('apply', '--server-side', '-f', k.file('typed-ok.yaml', MANIFEST('1')));
    const r = await k.run(
      'apply',
      '--server-side',
      '--field-manager=other',
      '-f',
      k.file('typed-bad.yaml', MANIFEST('"abc"')),
    );
    assert.notEqual(r.code, 0, r.stdout);
    assert.doesNotMatch(r.stderr, /conflict/i);
    assert.match(
      r.stderr,
      /failed to create typed patch object \(default\/typed; apps\/v1, Kind=Deployment\): \.spec\.replicas: expected numeric \(int or float\), got string/,
    );
    const managers = await k.ok(
      'get',
      'deployment',
      'typed',
      '-o',
      'jsonpath={.spec.replicas} {.metadata.managedFields[*].manager}',
    );
    assert.equal(managers, '1 kubectl');
  });
});
