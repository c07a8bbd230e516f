/**
 * Server-side apply over real HTTP, with cases ported black-box from upstream's
 * test/integration/apiserver/apply/apply_test.go (creates, no-op re-apply keeps the
 * resourceVersion, uid on a missing object, fieldManager required, version mismatch, conflict
 * then force, managedFields after an update, empty managers dropped, a removed container port,
 * shared and exclusively owned fields unset, ownership handed to a controller, list-map keys
 * defaulted) and the exact Status of a conflict.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningEmulator } from '../../server';
import { call, startCore, type JsonResponse } from '../testing/support';

let em: RunningEmulator;
let base: string;

before(async () => {
  em = await startCore();
  base = em.url;
});
after(() => em.stop());

const APPLY = { 'content-type': 'application/apply-patch+yaml' };
const MERGE = { 'content-type': 'application/merge-patch+json' };

function apply(
  path: string,
  body: unknown,
  query = 'fieldManager=apply_test',
): Promise<JsonResponse> {
  return call(base, 'PATCH', `${path}?${query}`, JSON.stringify(body), APPLY);
}

type Entry = {
  manager: string;
  operation: string;
  fieldsV1: Record<string, unknown>;
  time?: string;
};
const managed = (r: JsonResponse) => (r.body.metadata?.managedFields ?? []) as Entry[];
const rv = (r: JsonResponse) => r.body.metadata?.resourceVersion;

const cm = (name: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'default', ...((extra.metadata as object) ?? {}) },
  ...(extra.data ? { data: extra.data } : {}),
});
const cmPath = (name: string) => `/api/v1/namespaces/default/configmaps/${name}`;

function deployment(name: string, spec: Record<string, unknown> = {}, containers?: unknown[]) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: { app: 'nginx' } },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'nginx' } },
      template: {
        metadata: { labels: { app: 'nginx' } },
        spec: { containers: containers ?? [{ name: 'nginx', image: 'nginx:latest' }] },
      },
      ...spec,
    },
  };
}
const deployPath = (name: string) => `/apis/apps/v1/namespaces/default/deployments/${name}`;

describe('server-side apply (apply_test.go)', () => {
  it('TestApplyAlsoCreates: creates pods and services; another manager re-applies without conflict', async () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'test-pod' },
      spec: { containers: [{ name: 'test-container', image: 'test-image' }] },
    };
    const svc = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'test-svc' },
      spec: { ports: [{ port: 8080, protocol: 'UDP' }] },
    };
    for (const [path, body] of [
      ['/api/v1/namespaces/default/pods/test-pod', pod],
      ['/api/v1/namespaces/default/services/test-svc', svc],
    ] as const) {
      const created = await apply(path, body);
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal((await call(base, 'GET', path)).status, 200);
      const again = await apply(path, body, 'fieldManager=apply_test_2');
      assert.equal(again.status, 200, JSON.stringify(again.body));
    }
  });

  it('TestNoOpUpdateSameResourceVersion: an unchanged re-apply writes nothing', async () => {
    const body = cm('noop', { data: { key: 'value' } });
    const first = await apply(cmPath('noop'), body);
    assert.equal(first.status, 201);
    const second = await apply(cmPath('noop'), body);
    assert.equal(second.status, 200);
    assert.equal(rv(second), rv(first));
    assert.deepEqual(second.body.metadata?.managedFields, first.body.metadata?.managedFields);
  });

  it('TestCreateOnApplyFailsWithUID: a uid on a missing object is a conflict', async () => {
    const r = await apply('/api/v1/namespaces/default/pods/test-pod-uid', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'test-pod-uid', uid: '88e00824-7f0e-11e8-94a1-c8d3ffb15800' },
      spec: { containers: [{ name: 'test-container', image: 'test-image' }] },
    });
    assert.equal(r.status, 409);
    assert.equal(
      r.body.message,
      'Operation cannot be fulfilled on pods "test-pod-uid": uid mismatch: the provided object specified uid 88e00824-7f0e-11e8-94a1-c8d3ffb15800, and no existing object was found',
    );
  });

  it('TestApplyRequiresFieldManager, and force only on apply (ValidatePatchOptions)', async () => {
    const r = await apply(cmPath('needs-manager'), cm('needs-manager'), '');
    assert.equal(r.status, 422);
    assert.equal(
      r.body.message,
      'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
    );
    assert.equal((await apply(cmPath('needs-manager'), cm('needs-manager'))).status, 201);
    const forced = await call(base, 'PATCH', `${cmPath('needs-manager')}?force=true`, {}, MERGE);
    assert.equal(forced.status, 422);
    assert.equal(
      forced.body.message,
      'PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch',
    );
  });

  it('TestApplyFailsWithVersionMismatch: another apiVersion is a 400', async () => {
    assert.equal((await apply(deployPath('mismatch'), deployment('mismatch'))).status, 201);
    const r = await apply(deployPath('mismatch'), {
      ...deployment('mismatch'),
      apiVersion: 'extensions/v1beta',
    });
    assert.equal(r.status, 400);
    assert.equal(r.body.message, 'invalid object type: extensions/v1beta, Kind=Deployment');
  });

  it('TestApplyUpdateApplyConflictForced: an update takes replicas, re-apply conflicts, force wins', async () => {
    const obj = deployment('deployment');
    assert.equal((await apply(deployPath('deployment'), obj)).status, 201);
    const patched = await call(
      base,
      'PATCH',
      `${deployPath('deployment')}?fieldManager=kubectl-edit`,
      { spec: { replicas: 5 } },
      MERGE,
    );
    assert.equal(patched.status, 200);
    const r = await apply(deployPath('deployment'), obj);
    assert.equal(r.status, 409);
    assert.deepEqual(r.body, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'Apply failed with 1 conflict: conflict with "kubectl-edit" using apps/v1: .spec.replicas',
      reason: 'Conflict',
      details: {
        causes: [
          {
            reason: 'FieldManagerConflict',
            message: 'conflict with "kubectl-edit" using apps/v1',
            field: '.spec.replicas',
          },
        ],
      },
      code: 409,
    });
    const forced = await apply(deployPath('deployment'), obj, 'fieldManager=apply_test&force=true');
    assert.equal(forced.status, 200);
    assert.equal((forced.body.spec as { replicas: number }).replicas, 3);
    assert.deepEqual(
      managed(forced).map((e) => `${e.manager}/${e.operation}`),
      ['apply_test/Apply'],
    );
  });

  it('TestApplyManagedFields: the applier keeps what the updater did not take', async () => {
    const body = cm('test-cm', {
      metadata: { labels: { 'test-label': 'test' } },
      data: { key: 'value' },
    });
    assert.equal((await apply(cmPath('test-cm'), body)).status, 201);
    const updated = await call(
      base,
      'PATCH',
      `${cmPath('test-cm')}?fieldManager=updater`,
      { data: { key: 'new value' } },
      MERGE,
    );
    assert.equal(updated.status, 200);
    const got = await call(base, 'GET', cmPath('test-cm'));
    const entries = managed(got);
    assert.deepEqual(
      entries.map((e) => [e.manager, e.operation, e.fieldsV1]),
      [
        ['apply_test', 'Apply', { 'f:metadata': { 'f:labels': { 'f:test-label': {} } } }],
        ['updater', 'Update', { 'f:data': { 'f:key': {} } }],
      ],
    );
    assert.match(entries[0]?.time ?? '', /Z$/);
  });

  it('TestApplyRemovesEmptyManagedFields: an apply that sets nothing records no entry', async () => {
    const body = cm('empty-cm');
    assert.equal((await apply(cmPath('empty-cm'), body)).status, 201);
    assert.equal((await apply(cmPath('empty-cm'), body)).status, 200);
    const got = await call(base, 'GET', cmPath('empty-cm'));
    assert.equal(got.body.metadata?.managedFields, undefined);
  });

  it('TestApplyRemoveContainerPort: a port the applier drops is removed', async () => {
    const withPort = deployment('ports', {}, [
      { name: 'nginx', image: 'nginx:latest', ports: [{ containerPort: 80, protocol: 'TCP' }] },
    ]);
    assert.equal((await apply(deployPath('ports'), withPort)).status, 201);
    const r = await apply(deployPath('ports'), deployment('ports'));
    assert.equal(r.status, 200);
    const spec = r.body.spec as { template: { spec: { containers: { ports?: unknown[] }[] } } };
    assert.equal(spec.template.spec.containers[0]?.ports, undefined);
  });

  it('TestApplyUnsetSharedFields / TestApplyUnsetExclusivelyOwnedFields', async () => {
    const body = cm('shared', { data: { a: '1', b: '2' } });
    assert.equal((await apply(cmPath('shared'), body, 'fieldManager=one')).status, 201);
    assert.equal((await apply(cmPath('shared'), body, 'fieldManager=two')).status, 200);
    // `one` drops both keys: b is still applied by `two`, so it stays; a too.
    const dropped = await apply(cmPath('shared'), cm('shared'), 'fieldManager=one');
    assert.deepEqual(dropped.body.data, { a: '1', b: '2' });
    // `two` keeps only a: b, owned by nobody else any more, goes.
    const r = await apply(cmPath('shared'), cm('shared', { data: { a: '1' } }), 'fieldManager=two');
    assert.deepEqual(r.body.data, { a: '1' });
  });

  it('TestApplyCanTransferFieldOwnershipToController: a field an updater took stays when dropped', async () => {
    assert.equal((await apply(deployPath('handover'), deployment('handover'))).status, 201);
    const scaled = await call(
      base,
      'PATCH',
      `${deployPath('handover')}?fieldManager=controller`,
      { spec: { replicas: 4 } },
      MERGE,
    );
    assert.equal(scaled.status, 200);
    const { replicas: _r, ...spec } = deployment('handover').spec;
    const r = await apply(deployPath('handover'), { ...deployment('handover'), spec });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal((r.body.spec as { replicas: number }).replicas, 4);
  });

  it('TestDefaultMissingKeys: a port without protocol is keyed as TCP and conflicts as such', async () => {
    const svc = (targetPort: number) => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'keys' },
      spec: { selector: { app: 'x' }, ports: [{ port: 80, targetPort }] },
    });
    const path = '/api/v1/namespaces/default/services/keys';
    const created = await apply(path, svc(8080), 'fieldManager=first');
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const spec = managed(created)[0]?.fieldsV1['f:spec'] as Record<string, Record<string, unknown>>;
    assert.ok(spec['f:ports']?.['k:{"port":80,"protocol":"TCP"}']);
    const r = await apply(path, svc(9090), 'fieldManager=second');
    assert.equal(r.status, 409);
    assert.equal(
      r.body.message,
      'Apply failed with 1 conflict: conflict with "first": .spec.ports[port=80,protocol="TCP"].targetPort',
    );
  });

  it('conflicts with several managers are listed per manager, sorted', async () => {
    const path = cmPath('many');
    assert.equal(
      (await apply(path, cm('many', { data: { a: '1', b: '1', c: '1' } }), 'fieldManager=zed'))
        .status,
      201,
    );
    await call(base, 'PATCH', `${path}?fieldManager=bee`, { data: { a: '2', b: '2' } }, MERGE);
    const r = await apply(
      path,
      cm('many', { data: { a: '3', b: '3', c: '3' } }),
      'fieldManager=ant',
    );
    assert.equal(r.status, 409);
    assert.equal(
      r.body.message,
      'Apply failed with 3 conflicts: conflicts with "bee" using v1:\n- .data.a\n- .data.b\nconflicts with "zed":\n- .data.c',
    );
    const causes = (r.body.details as { causes: { field: string; message: string }[] }).causes;
    assert.deepEqual(causes.map((c) => `${c.message} ${c.field}`).sort(), [
      'conflict with "bee" using v1 .data.a',
      'conflict with "bee" using v1 .data.b',
      'conflict with "zed" .data.c',
    ]);
  });

  it('the applied configuration may not carry managedFields, and must fit the schema', async () => {
    const withManaged = await apply(cmPath('bad'), {
      ...cm('bad'),
      metadata: { name: 'bad', managedFields: [] },
    });
    assert.equal(withManaged.status, 400);
    assert.equal(withManaged.body.message, 'metadata.managedFields must be nil');
    const dup = await apply('/api/v1/namespaces/default/services/dup', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'dup', namespace: 'default' },
      spec: { ports: [{ port: 80 }, { port: 80, protocol: 'TCP' }] },
    });
    assert.equal(dup.status, 500);
    assert.equal(
      dup.body.message,
      'failed to create typed patch object (default/dup; /v1, Kind=Service): .spec.ports: duplicate entries for key [port=80,protocol="TCP"]',
    );
  });

  it('applies /status: the applier owns status only', async () => {
    const path = '/api/v1/namespaces/default/services/status-apply';
    const svc = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'status-apply' },
      spec: { type: 'LoadBalancer', selector: { app: 'x' }, ports: [{ port: 80 }] },
    };
    assert.equal((await apply(path, svc)).status, 201);
    const r = await apply(
      `${path}/status`,
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'status-apply' },
        status: { loadBalancer: { ingress: [{ ip: '192.0.2.10' }] } },
      },
      'fieldManager=lb-controller',
    );
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const entry = managed(r).find((e) => e.manager === 'lb-controller') as Entry & {
      subresource?: string;
    };
    assert.equal(entry.subresource, 'status');
    assert.deepEqual(Object.keys(entry.fieldsV1), ['f:status']);
  });
});
