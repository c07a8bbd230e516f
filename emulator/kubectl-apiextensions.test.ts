/**
 * Real kubectl (1.33 and 1.27) and the CustomResourceDefinition collection: kubectl's validation
 * looks for a CRD whenever it cannot check a kind by OpenAPI (the create-only reviews), so the
 * collection must answer like a cluster with no CRDs; creating one is refused in words that say
 * why, since the embedded cluster serves no custom resources.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startKubectlHarness, type KubectlHarness } from './testing/kubectl-harness';

const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  names: { kind: Widget, plural: widgets, singular: widget }
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema: { openAPIV3Schema: { type: object } }
`;

const SAR = `apiVersion: authorization.k8s.io/v1
kind: SubjectAccessReview
spec:
  user: alice
  resourceAttributes: { verb: list, resource: pods, namespace: default }
`;

for (const minor of [33, 27]) {
  describe(`kubectl 1.${minor} and CustomResourceDefinitions`, () => {
    let k: KubectlHarness;
    before(async () => {
      k = await startKubectlHarness(minor, { kubelet: false });
    });
    after(() => k?.stop());

    it('the collection answers like a cluster with none, by name and short name', async () => {
      for (const name of ['customresourcedefinitions', 'crd']) {
        const r = await k.run('get', name);
        assert.deepEqual([r.code, r.stdout, r.stderr.trim()], [0, '', 'No resources found']);
      }
    });

    it('creating one is refused, saying the embedded cluster serves no custom resources', async () => {
      const r = await k.run('create', '-f', k.file(`crd-${minor}.yaml`, CRD));
      assert.equal(r.code, 1);
      assert.equal(
        r.stderr.trim(),
        'The CustomResourceDefinition "widgets.example.com" is invalid: spec: Forbidden: the embedded cluster serves no custom resources, so it stores no CustomResourceDefinition',
      );
    });

    it('kubectl create -f of a review passes validation and prints the answer', async () => {
      const out = await k.ok('create', '-f', k.file(`sar-${minor}.yaml`, SAR), '-o', 'json');
      const review = JSON.parse(out) as { kind: string; status: { allowed: boolean } };
      assert.equal(review.kind, 'SubjectAccessReview');
      assert.equal(review.status.allowed, false);
    });
  });
}
