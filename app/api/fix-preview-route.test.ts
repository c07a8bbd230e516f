/**
 * `POST /api/services/<ns>/<name>/fix-preview` called directly (no Next server) against the
 * embedded cluster, each cause made with real kubectl: scale to zero, a selector typo, a
 * targetPort the pods do not declare, a bad-image rollout. Each answer is the field-level diff
 * of the object the suggested fix changes, and afterwards the object is exactly as it was (same
 * resourceVersion, same value): a dry run changes nothing. The guard and the body are checked
 * before the cluster; a cause with no fix now is a conflict. Read-only mode is in
 * fix-preview-read-only.test.ts (the connection is read once per process).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FixPreview } from '@/lib/api/write-results';
import type { ServiceDiagnosis } from '@/lib/topology/diagnosis';
import type { EmbeddedCluster } from '../../e2e/harness';
import { GET as diagnosisRoute } from './services/[namespace]/[name]/diagnosis/route';
import { POST as fixPreview } from './services/[namespace]/[name]/fix-preview/route';
import { startDashboardCluster, stopDashboard } from './testing/dashboard';
import { call, eventually, expectJson, expectProblem, SAME_ORIGIN } from './testing/routes';

let cluster: EmbeddedCluster;
let dir: string;

before(async () => {
  cluster = await startDashboardCluster('seed');
  dir = mkdtempSync(join(tmpdir(), 'fix-preview-'));
});

after(async () => {
  await stopDashboard(cluster);
  rmSync(dir, { recursive: true, force: true });
});

async function kubectl(...args: string[]): Promise<string> {
  const r = await cluster.kubectl(...args);
  assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

const jsonpath = (kind: string, ns: string, name: string, path: string) =>
  kubectl('get', kind, name, '-n', ns, '-o', `jsonpath={${path}}`);

async function diagnosis(ns: string, name: string): Promise<ServiceDiagnosis> {
  const path = `/api/services/${ns}/${name}/diagnosis`;
  return expectJson<ServiceDiagnosis>(
    await call(diagnosisRoute, path, {}, { namespace: ns, name }),
  );
}

async function untilFix(ns: string, name: string, code: string): Promise<void> {
  await eventually(`${ns}/${name}: ${code} with a fix`, async () =>
    (await diagnosis(ns, name)).reasons.some((r) => r.code === code && r.fix),
  );
}

function preview(ns: string, name: string, body: unknown, headers = SAME_ORIGIN) {
  return call(
    fixPreview,
    `/api/services/${ns}/${name}/fix-preview`,
    { method: 'POST', headers, body },
    { namespace: ns, name },
  );
}

/** Previews `code`'s fix for Service ns/svc and checks that `kind/name` is untouched after. */
async function previewUnchanged(
  ns: string,
  svc: string,
  code: string,
  object: { kind: string; name: string; field: string },
): Promise<FixPreview> {
  const { kind, name, field } = object;
  const rv = await jsonpath(kind, ns, name, '.metadata.resourceVersion');
  const value = await jsonpath(kind, ns, name, field);
  const result = await expectJson<FixPreview>(await preview(ns, svc, { code }));
  assert.equal(result.status, 'fix-preview');
  assert.equal(result.code, code);
  assert.deepEqual(
    { ...result.target, kind: result.target.kind.toLowerCase(), resourceVersion: undefined },
    { kind, namespace: ns, name, resourceVersion: undefined },
  );
  assert.equal(result.target.resourceVersion, rv);
  assert.equal(await jsonpath(kind, ns, name, '.metadata.resourceVersion'), rv, 'nothing written');
  assert.equal(await jsonpath(kind, ns, name, field), value, 'the field is as it was');
  return result;
}

const change = (result: FixPreview, path: string) => result.changes.find((c) => c.path === path);

describe('fix-preview route: the dry run of a suggested fix, nothing changed', () => {
  before(async () => {
    const manifest = join(dir, 'fp-api.yaml');
    writeFileSync(
      manifest,
      `apiVersion: apps/v1
kind: Deployment
metadata: {name: fp-api, namespace: default}
spec:
  replicas: 2
  selector: {matchLabels: {app: fp-api}}
  template:
    metadata: {labels: {app: fp-api}}
    spec: {containers: [{name: api, image: nginx:1.27, ports: [{containerPort: 80}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: fp-api, namespace: default}
spec:
  selector: {app: fp-api}
  ports: [{port: 80, targetPort: 80}]
`,
    );
    await kubectl('apply', '-f', manifest);
    await untilHealthy('default', 'fp-api');
  });

  async function untilHealthy(ns: string, name: string) {
    await eventually(`${ns}/${name} healthy`, async () =>
      (await diagnosis(ns, name)).reasons.some((r) => r.code === 'healthy'),
    );
  }

  it('refusals before the cluster: foreign request 403, a body without a code 422', async () => {
    await expectProblem(
      await preview('default', 'fp-api', { code: 'healthy' }, {
        'content-type': 'application/json',
      } as typeof SAME_ORIGIN),
      'foreign-request',
      403,
    );
    await expectProblem(await preview('default', 'fp-api', { fix: 'x' }), 'invalid', 422);
    await expectProblem(
      await preview('default', 'fp-api', { code: 'scaled-to-zero' }),
      'conflict',
      409,
    );
    await expectProblem(
      await preview('default', 'nope', { code: 'scaled-to-zero' }),
      'not-found',
      404,
    );
  });

  it('selector typo: the merge patch of spec.selector, Service unchanged', async () => {
    await kubectl('patch', 'service', 'fp-api', '-p', '{"spec":{"selector":{"app":"fp-apx"}}}');
    await untilFix('default', 'fp-api', 'selector-matches-no-pods');
    const result = await previewUnchanged('default', 'fp-api', 'selector-matches-no-pods', {
      kind: 'service',
      name: 'fp-api',
      field: '.spec.selector.app',
    });
    assert.deepEqual(change(result, 'spec.selector.app'), {
      path: 'spec.selector.app',
      before: '"fp-apx"',
      after: '"fp-api"',
    });
    assert.equal(result.changes.length, 1, JSON.stringify(result.changes));
    assert.match(result.command, /^kubectl patch service fp-api -n default --type=merge /);
    await kubectl('patch', 'service', 'fp-api', '-p', '{"spec":{"selector":{"app":"fp-api"}}}');
    await untilHealthy('default', 'fp-api');
  });

  it('targetPort: the JSON patch of spec.ports[0].targetPort, Service unchanged', async () => {
    await kubectl(
      'patch',
      'service',
      'fp-api',
      '--type=json',
      '-p',
      '[{"op":"replace","path":"/spec/ports/0/targetPort","value":8080}]',
    );
    await untilFix('default', 'fp-api', 'target-port-not-served');
    const result = await previewUnchanged('default', 'fp-api', 'target-port-not-served', {
      kind: 'service',
      name: 'fp-api',
      field: '.spec.ports[0].targetPort',
    });
    assert.deepEqual(change(result, 'spec.ports[0].targetPort'), {
      path: 'spec.ports[0].targetPort',
      before: '8080',
      after: '80',
    });
    await kubectl(
      'patch',
      'service',
      'fp-api',
      '--type=json',
      '-p',
      '[{"op":"replace","path":"/spec/ports/0/targetPort","value":80}]',
    );
    await untilHealthy('default', 'fp-api');
  });

  it('scale to zero: spec.replicas 0 → 2 (the last applied count), Deployment unchanged', async () => {
    await kubectl('scale', 'deployment/fp-api', '--replicas=0');
    await untilFix('default', 'fp-api', 'scaled-to-zero');
    const result = await previewUnchanged('default', 'fp-api', 'scaled-to-zero', {
      kind: 'deployment',
      name: 'fp-api',
      field: '.spec.replicas',
    });
    assert.deepEqual(result.changes, [{ path: 'spec.replicas', before: '0', after: '2' }]);
    assert.equal(result.command, 'kubectl scale deployment/fp-api -n default --replicas=2');
    assert.equal(result.target.kind, 'Deployment');
  });

  it('rollout undo: the previous template back, as kubectl builds it; Deployment unchanged', async () => {
    const image = await jsonpath(
      'deployment',
      'default',
      'nginx-deployment',
      '.spec.template.spec.containers[0].image',
    );
    await kubectl(
      'set',
      'image',
      'deployment/nginx-deployment',
      'nginx-container=nginx:image-pull-error',
    );
    await untilFix('default', 'ingress-nginx', 'rollout-stuck');
    const result = await previewUnchanged('default', 'ingress-nginx', 'rollout-stuck', {
      kind: 'deployment',
      name: 'nginx-deployment',
      field: '.spec.template.spec.containers[0].image',
    });
    assert.deepEqual(change(result, 'spec.template.spec.containers[0].image'), {
      path: 'spec.template.spec.containers[0].image',
      before: '"nginx:image-pull-error"',
      after: JSON.stringify(image),
    });
    assert.ok(
      !result.changes.some((c) => c.path.includes('pod-template-hash')),
      'the pod-template-hash label is not carried back',
    );
    assert.equal(result.note, undefined);
    await kubectl('rollout', 'undo', 'deployment/nginx-deployment', '--to-revision=1');
    await untilHealthy('default', 'ingress-nginx');
  });
});
