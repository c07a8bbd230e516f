/**
 * `kubectl apply --server-side` as real kubectl 1.33 and 1.27 drive it: create, an unchanged
 * re-apply that writes nothing (same resourceVersion), a re-apply that drops a field (removed),
 * a conflict after another manager changed a field (`kubectl patch --field-manager`, and
 * `kubectl scale` through /scale) printed word for word, `--force-conflicts` taking the field
 * over, `--show-managed-fields`, `--dry-run=server` and `diff --server-side`, and the upgrade
 * from client-side `kubectl apply` (a changed value the last-applied annotation still vouches
 * for is no conflict; the annotation follows).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { startKubectlHarness, type KubectlHarness } from './testing/kubectl-harness';

interface Entry {
  manager: string;
  operation: string;
  apiVersion: string;
  time?: string;
  fieldsV1: Record<string, unknown>;
  subresource?: string;
}
interface Got {
  metadata: {
    resourceVersion: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    managedFields?: Entry[];
  };
  spec: { ports: { port: number; targetPort: number }[]; replicas?: number };
}

const PORT = 'k:{"port":80,"protocol":"TCP"}';

/** What kubectl prints after the server's conflict message (k8s.io/kubectl/pkg/cmd/apply). */
const ADVICE = [
  'Please review the fields above--they currently have other managers. Here',
  'are the ways you can resolve this warning:',
  '* If you intend to manage all of these fields, please re-run the apply',
  '  command with the `--force-conflicts` flag.',
  '* If you do not intend to manage all of the fields, please edit your',
  '  manifest to remove references to the fields that should keep their',
  '  current managers.',
  '* You may co-own fields by updating your manifest to match the existing',
  "  value; in this case, you'll become the manager if the other manager(s)",
  '  stop managing the field (remove it from their configuration).',
  'See https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts',
  '',
].join('\n');

function service(name: string, targetPort: number, labels?: Record<string, string>): string {
  const meta = labels
    ? `metadata:\n  name: ${name}\n  labels: ${JSON.stringify(labels)}`
    : `metadata:\n  name: ${name}`;
  return [
    'apiVersion: v1',
    'kind: Service',
    meta,
    'spec:',
    '  selector: {app: web}',
    '  ports:',
    '  - port: 80',
    `    targetPort: ${targetPort}`,
    '',
  ].join('\n');
}

for (const minor of [33, 27]) {
  describe(`kubectl 1.${minor}: apply --server-side`, () => {
    let k: KubectlHarness;
    before(async () => {
      k = await startKubectlHarness(minor, { readinessDelayMs: 50 });
    });
    after(async () => {
      await k?.stop();
    });

    async function get(...target: string[]): Promise<Got> {
      return parseYaml(await k.ok('get', ...target, '-o', 'yaml', '--show-managed-fields')) as Got;
    }
    const managers = (got: Got) =>
      (got.metadata.managedFields ?? []).map((e) => `${e.manager}/${e.operation}`);

    it('creates, re-applies unchanged without a write, and removes a field it stops applying', async () => {
      const first = k.file('web.yaml', service('web', 8080, { tier: 'front' }));
      assert.equal(
        await k.ok('apply', '--server-side', '-f', first),
        'service/web serverside-applied\n',
      );
      const created = await get('service', 'web');
      assert.deepEqual(managers(created), ['kubectl/Apply']);
      const [entry] = created.metadata.managedFields ?? [];
      assert.equal(entry?.apiVersion, 'v1');
      assert.match(entry?.time ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      assert.deepEqual(entry?.fieldsV1, {
        'f:metadata': { 'f:labels': { 'f:tier': {} } },
        'f:spec': {
          'f:ports': { [PORT]: { '.': {}, 'f:port': {}, 'f:targetPort': {} } },
          'f:selector': {},
        },
      });
      // Hidden unless asked for.
      assert.doesNotMatch(await k.ok('get', 'service', 'web', '-o', 'yaml'), /managedFields/);

      await k.ok('apply', '--server-side', '-f', first);
      const again = await get('service', 'web');
      assert.equal(again.metadata.resourceVersion, created.metadata.resourceVersion);

      const dropped = k.file('web-2.yaml', service('web', 8080));
      await k.ok('apply', '--server-side', '-f', dropped);
      const after = await get('service', 'web');
      assert.equal(after.metadata.labels, undefined, 'the label kubectl no longer applies is gone');
      assert.notEqual(after.metadata.resourceVersion, created.metadata.resourceVersion);
    });

    it('a field another manager changed is a conflict, printed word for word; --force-conflicts takes it', async () => {
      const manifest = k.file('conflict.yaml', service('conflict', 8080));
      await k.ok('apply', '--server-side', '-f', manifest);
      await k.ok(
        'patch',
        'service',
        'conflict',
        '--field-manager',
        'kubectl-edit',
        '-p',
        '{"spec":{"ports":[{"port":80,"targetPort":9090}]}}',
      );
      const refused = await k.run('apply', '--server-side', '-f', manifest);
      assert.equal(refused.code, 1);
      assert.equal(refused.stdout, '');
      assert.equal(
        refused.stderr,
        'error: Apply failed with 1 conflict: conflict with "kubectl-edit" using v1: ' +
          `.spec.ports[port=80,protocol="TCP"].targetPort\n${ADVICE}`,
      );
      assert.equal((await get('service', 'conflict')).spec.ports[0]?.targetPort, 9090);

      await k.ok('apply', '--server-side', '--force-conflicts', '-f', manifest);
      const forced = await get('service', 'conflict');
      assert.equal(forced.spec.ports[0]?.targetPort, 8080);
      // kubectl-edit owned only targetPort: its entry is gone with it.
      assert.deepEqual(managers(forced), ['kubectl/Apply']);
    });

    it('kubectl scale owns replicas through /scale; re-applying them conflicts with that entry', async () => {
      const manifest = k.file(
        'api.yaml',
        [
          'apiVersion: apps/v1',
          'kind: Deployment',
          'metadata: {name: api}',
          'spec:',
          '  replicas: 1',
          '  selector: {matchLabels: {app: api}}',
          '  template:',
          '    metadata: {labels: {app: api}}',
          '    spec: {containers: [{name: api, image: nginx}]}',
          '',
        ].join('\n'),
      );
      await k.ok('apply', '--server-side', '-f', manifest);
      await k.ok('scale', 'deployment', 'api', '--replicas=3');
      const refused = await k.run('apply', '--server-side', '-f', manifest);
      assert.equal(
        refused.stderr,
        'error: Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" ' +
          `using apps/v1: .spec.replicas\n${ADVICE}`,
      );
      await k.ok('apply', '--server-side', '--force-conflicts', '-f', manifest);
      const forced = await get('deployment', 'api');
      assert.equal(forced.spec.replicas, 1);
      assert.ok(!forced.metadata.managedFields?.some((e) => e.subresource === 'scale'));
    });

    it('--dry-run=server stores nothing; diff --server-side shows what an apply would change', async () => {
      const first = k.file('dry.yaml', service('dry', 8080));
      assert.match(
        await k.ok('apply', '--server-side', '--dry-run=server', '-f', first),
        /service\/dry serverside-applied \(server dry run\)/,
      );
      assert.equal((await k.run('get', 'service', 'dry')).code, 1);
      await k.ok('apply', '--server-side', '-f', first);
      const diff = await k.run(
        'diff',
        '--server-side',
        '-f',
        k.file('dry-2.yaml', service('dry', 9090)),
      );
      assert.equal(diff.code, 1, diff.stderr);
      const changed = diff.stdout.split('\n').filter((l) => /^[-+] /.test(l));
      assert.deepEqual(changed, ['-    targetPort: 8080', '+    targetPort: 9090']);
    });

    it('upgrades from client-side apply: a value last-applied vouches for is no conflict', async () => {
      await k.ok('apply', '-f', k.file('up-1.yaml', service('up', 8080)));
      await k.ok('apply', '--server-side', '-f', k.file('up-2.yaml', service('up', 9090)));
      const upgraded = await get('service', 'up');
      assert.equal(upgraded.spec.ports[0]?.targetPort, 9090);
      const applied = JSON.parse(
        upgraded.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration'] ?? '',
      ) as Got;
      assert.equal(applied.spec.ports[0]?.targetPort, 9090, 'the annotation follows the apply');
      const kubectl = upgraded.metadata.managedFields?.find((e) => e.manager === 'kubectl');
      assert.equal(kubectl?.operation, 'Apply');
      // A later client-side apply computes its patch from the updated annotation.
      assert.match(
        await k.ok('apply', '-f', k.file('up-3.yaml', service('up', 7070))),
        /service\/up configured/,
      );
      assert.equal((await get('service', 'up')).spec.ports[0]?.targetPort, 7070);
    });
  });
}
