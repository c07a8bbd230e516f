/**
 * metadata.managedFields as real kubectl 1.33 and 1.27 see them: each kubectl command records
 * itself under the field manager kubectl sends (kubectl-create, kubectl-client-side-apply,
 * kubectl-label, kubectl-patch or --field-manager, the /scale subresource's entry), fields move
 * to whoever changed them last, `get -o yaml` hides them unless `--show-managed-fields`, a client
 * that sends no fieldManager is named by its User-Agent, and the controllers write under their
 * upstream names. FieldsV1 is checked in upstream's encoding (list-map keys, `.` entries).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { startEmulator } from './server';
import { startKubectlHarness, type KubectlHarness } from './testing/kubectl-harness';

interface Entry {
  manager: string;
  operation: string;
  apiVersion: string;
  time: string;
  fieldsType: string;
  fieldsV1: Record<string, unknown>;
  subresource?: string;
}

const PORT = 'k:{"port":80,"protocol":"TCP"}';

for (const minor of [33, 27]) {
  describe(`kubectl 1.${minor}: managedFields`, () => {
    let k: KubectlHarness;
    before(async () => {
      k = await startKubectlHarness(minor, { readinessDelayMs: 50 });
    });
    after(async () => {
      await k?.stop();
    });

    async function entries(...target: string[]): Promise<Entry[]> {
      const out = await k.ok('get', ...target, '-o', 'yaml', '--show-managed-fields');
      const object = parseYaml(out) as { metadata: { managedFields?: Entry[] } };
      return object.metadata.managedFields ?? [];
    }
    const byManager = (list: Entry[], manager: string, subresource?: string) =>
      list.find((e) => e.manager === manager && e.subresource === subresource);

    it('kubectl create records kubectl-create with the fields it set', async () => {
      await k.ok('create', 'service', 'clusterip', 'web', '--tcp=80:8080');
      const list = await entries('service', 'web');
      assert.deepEqual(
        list.map((e) => e.manager),
        ['kubectl-create'],
      );
      const [entry] = list;
      assert.equal(entry?.operation, 'Update');
      assert.equal(entry?.apiVersion, 'v1');
      assert.equal(entry?.fieldsType, 'FieldsV1');
      assert.match(entry?.time ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      const spec = entry?.fieldsV1['f:spec'] as Record<string, unknown>;
      assert.deepEqual(entry?.fieldsV1['f:metadata'], { 'f:labels': { '.': {}, 'f:app': {} } });
      assert.deepEqual(spec['f:ports'], {
        '.': {},
        [PORT]: { '.': {}, 'f:name': {}, 'f:port': {}, 'f:protocol': {}, 'f:targetPort': {} },
      });
      for (const field of [
        'f:selector',
        'f:sessionAffinity',
        'f:type',
        'f:internalTrafficPolicy',
      ]) {
        assert.deepEqual(spec[field], {}, field);
      }
      assert.equal(spec['.'], undefined, 'spec exists in the empty Service: not added');
      const plain = await k.ok('get', 'service', 'web', '-o', 'yaml');
      assert.doesNotMatch(plain, /managedFields/);
    });

    it('a patch by another manager takes the field it changes; kubectl label adds its own entry', async () => {
      await k.ok(
        'patch',
        'service',
        'web',
        '--field-manager',
        'other',
        '-p',
        '{"spec":{"ports":[{"port":80,"targetPort":9090}]}}',
      );
      await k.ok('label', 'service', 'web', 'team=a');
      const list = await entries('service', 'web');
      // Ordered by time, then manager name (writes within one second sort by name).
      assert.deepEqual(list.map((e) => e.manager).sort(), [
        'kubectl-create',
        'kubectl-label',
        'other',
      ]);
      assert.equal(list[0]?.manager, 'kubectl-create');
      const create = byManager(list, 'kubectl-create');
      const ports = (create?.fieldsV1['f:spec'] as Record<string, unknown>)['f:ports'];
      assert.deepEqual(ports, {
        '.': {},
        [PORT]: { '.': {}, 'f:name': {}, 'f:port': {}, 'f:protocol': {} },
      });
      assert.deepEqual(byManager(list, 'other')?.fieldsV1, {
        'f:spec': { 'f:ports': { [PORT]: { 'f:targetPort': {} } } },
      });
      assert.deepEqual(byManager(list, 'kubectl-label')?.fieldsV1, {
        'f:metadata': { 'f:labels': { 'f:team': {} } },
      });
    });

    it('client-side apply, /scale and the controllers each record their writer', async () => {
      const manifest = k.file(
        'deploy.yaml',
        [
          'apiVersion: apps/v1',
          'kind: Deployment',
          'metadata: {name: api, labels: {app: api}}',
          'spec:',
          '  replicas: 1',
          '  selector: {matchLabels: {app: api}}',
          '  template:',
          '    metadata: {labels: {app: api}}',
          '    spec: {containers: [{name: api, image: nginx}]}',
          '',
        ].join('\n'),
      );
      await k.ok('apply', '--validate=false', '-f', manifest);
      await k.ok('scale', 'deployment', 'api', '--replicas=2');
      const list = await entries('deployment', 'api');
      const csa = byManager(list, 'kubectl-client-side-apply');
      assert.ok(csa, JSON.stringify(list));
      const metadata = csa.fieldsV1['f:metadata'] as Record<string, Record<string, unknown>>;
      assert.deepEqual(metadata['f:annotations'], {
        '.': {},
        'f:kubectl.kubernetes.io/last-applied-configuration': {},
      });
      const spec = csa.fieldsV1['f:spec'] as Record<string, unknown>;
      assert.equal(spec['f:replicas'], undefined, 'the scale took spec.replicas');
      const template = spec['f:template'] as Record<string, Record<string, unknown>>;
      assert.deepEqual(Object.keys(template['f:spec']?.['f:containers'] ?? {}), [
        'k:{"name":"api"}',
      ]);
      const scale = list.find((e) => e.subresource === 'scale');
      assert.deepEqual(scale?.fieldsV1, { 'f:spec': { 'f:replicas': {} } });
      assert.equal(scale?.apiVersion, 'apps/v1');
      // The deployment controller writes the revision annotation and the status.
      const kcm = byManager(list, 'kube-controller-manager');
      assert.deepEqual(kcm?.fieldsV1, {
        'f:metadata': { 'f:annotations': { 'f:deployment.kubernetes.io/revision': {} } },
      });
      const rs = parseYaml(
        await k.ok('get', 'rs', '-l', 'app=api', '-o', 'yaml', '--show-managed-fields'),
      ) as { items: { metadata: { managedFields: Entry[] } }[] };
      assert.ok(rs.items.length > 0);
      assert.ok(
        rs.items.every((item) =>
          item.metadata.managedFields.some((e) => e.manager === 'kube-controller-manager'),
        ),
      );
    });

    it('a client sending no fieldManager is recorded by its User-Agent program name', async () => {
      const plain = await startEmulator({ port: 0, minorVersion: minor, insecureHttp: true });
      try {
        const res = await fetch(`${plain.url}/api/v1/namespaces/default/configmaps`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${plain.adminToken}`,
            'content-type': 'application/json',
            'user-agent': 'my-tool/1.2 (linux/amd64)',
          },
          body: JSON.stringify({ metadata: { name: 'cfg' }, data: { a: '1' } }),
        });
        assert.equal(res.status, 201);
        const created = (await res.json()) as { metadata: { managedFields: Entry[] } };
        assert.deepEqual(
          created.metadata.managedFields.map((e) => [e.manager, e.fieldsV1]),
          [['my-tool', { 'f:data': { '.': {}, 'f:a': {} } }]],
        );
      } finally {
        await plain.stop();
      }
    });
  });
}
