/**
 * The field manager's Apply, with cases ported black-box from upstream: structured-merge-diff's
 * merge tests (multiple appliers sharing and conflicting over a field, list-map items and set
 * members an applier stops applying, a field an updater took surviving its applier, force
 * taking fields from several managers, a struct pruned with its last field) and
 * staging/src/k8s.io/apimachinery/pkg/util/managedfields/internal's fieldmanager_test.go
 * (stripped fields, no-op applies keep the time, a forced apply leaves the loser's time),
 * lastappliedmanager_test.go and lastappliedupdater_test.go (the client-side apply upgrade).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isApiError } from '../errors';
import type { KubeObject } from '../types';
import { applyManagedFields, LAST_APPLIED, type ApplyWrite } from './apply-manager';
import { updateManagedFields } from './field-manager';
import { DEDUCED, SCALAR, type KindSchema, type SmdType } from './schema';

const struct = (fields: Record<string, SmdType>, element?: SmdType): SmdType => ({
  kind: 'map',
  relationship: 'separable',
  fields: new Map(Object.entries(fields).map(([k, type]) => [k, { type }])),
  ...(element ? { element } : {}),
});
const strings: SmdType = { kind: 'map', relationship: 'separable', element: SCALAR };
const meta = struct(
  {
    name: SCALAR,
    namespace: SCALAR,
    uid: SCALAR,
    resourceVersion: SCALAR,
    generation: SCALAR,
    creationTimestamp: SCALAR,
    labels: strings,
    annotations: strings,
    managedFields: DEDUCED,
  },
  DEDUCED,
);
const port: SmdType = struct({ port: SCALAR, protocol: SCALAR, targetPort: SCALAR });
const KIND: KindSchema = {
  type: struct({
    apiVersion: SCALAR,
    kind: SCALAR,
    metadata: meta,
    spec: struct({
      replicas: SCALAR,
      image: SCALAR,
      ports: { kind: 'list', relationship: 'associative', keys: ['port'], element: port },
      finalizers: { kind: 'list', relationship: 'associative', keys: [], element: SCALAR },
      template: struct({ a: SCALAR, b: SCALAR }),
    }),
    status: struct({ ready: SCALAR }),
  }),
  empty: { metadata: {}, spec: {}, status: {} },
};

const T1 = '2026-01-01T00:00:01Z';
const T2 = '2026-01-01T00:00:02Z';
const T3 = '2026-01-01T00:00:03Z';

function cfg(spec: Record<string, unknown>, metadata: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Thing', metadata: { name: 'x', ...metadata }, spec };
}

function applyAs(
  manager: string,
  time: string,
  live: KubeObject | undefined,
  config: KubeObject,
  force = false,
): KubeObject {
  const write: ApplyWrite = {
    manager,
    force,
    apiVersion: 'v1',
    statusIsSubresource: true,
    time: () => time,
  };
  const out = applyManagedFields(live, config, write, KIND);
  out.metadata.resourceVersion ??= '1';
  return out;
}

function updateAs(manager: string, time: string, live: KubeObject, next: KubeObject): KubeObject {
  const write = { manager, apiVersion: 'v1', statusIsSubresource: true, time: () => time };
  updateManagedFields(live, next, write, KIND);
  return next;
}

type Entry = { manager: string; operation: string; time?: string; fieldsV1: unknown };
const entries = (o: KubeObject) => (o.metadata.managedFields ?? []) as Entry[];
const owners = (o: KubeObject) => entries(o).map((e) => `${e.manager}/${e.operation}`);

function conflictOf(fn: () => unknown): { message: string; causes: unknown } {
  try {
    fn();
  } catch (error) {
    if (isApiError(error) && error.code === 409) {
      return { message: error.message, causes: error.status.details?.causes };
    }
    throw error;
  }
  assert.fail('expected a conflict');
}

test('two appliers of the same value share the field; a different value conflicts (multiple_appliers_test.go)', () => {
  const a = applyAs('a', T1, undefined, cfg({ replicas: 1 }));
  const b = applyAs('b', T2, a, cfg({ replicas: 1 }));
  // b changed nothing, so upstream stamps no time on its entry (it sorts first).
  assert.deepEqual(owners(b), ['b/Apply', 'a/Apply']);
  assert.equal(entries(b)[0]?.time, undefined);
  const c = conflictOf(() => applyAs('c', T3, b, cfg({ replicas: 2 })));
  assert.equal(
    c.message,
    'Apply failed with 2 conflicts: conflicts with "a":\n- .spec.replicas\nconflicts with "b":\n- .spec.replicas',
  );
  // One of the sharers dropping the field leaves it to the other.
  const { spec: _s, ...nothing } = cfg({});
  const d = applyAs('a', T3, b, nothing);
  assert.equal((d.spec as { replicas?: number }).replicas, 1);
  assert.deepEqual(owners(d), ['b/Apply']);
});

test('force takes a field from every owner; their entries keep their time', () => {
  const a = applyAs('a', T1, undefined, cfg({ replicas: 1, image: 'i' }));
  const b = updateAs('b', T2, a, { ...cfg({ replicas: 1, image: 'j' }), metadata: a.metadata });
  const forced = applyAs('c', T3, b, cfg({ image: 'k', replicas: 2 }), true);
  assert.deepEqual(forced.spec, { replicas: 2, image: 'k' });
  assert.deepEqual(
    entries(forced).map((e) => [e.manager, e.time, e.fieldsV1]),
    [['c', T3, { 'f:spec': { 'f:image': {}, 'f:replicas': {} } }]],
  );
});

test('a list-map item and a set member the applier stops applying are removed (multiple_appliers / set tests)', () => {
  const first = cfg({
    ports: [
      { port: 80, targetPort: 8080 },
      { port: 443, targetPort: 8443 },
    ],
    finalizers: ['a', 'b'],
  });
  const a = applyAs('a', T1, undefined, first);
  const b = applyAs(
    'a',
    T2,
    a,
    cfg({ ports: [{ port: 80, targetPort: 8080 }], finalizers: ['a'] }),
  );
  assert.deepEqual(b.spec, { ports: [{ port: 80, targetPort: 8080 }], finalizers: ['a'] });
  assert.deepEqual(entries(b)[0]?.fieldsV1, {
    'f:spec': {
      'f:finalizers': { 'v:"a"': {} },
      'f:ports': { 'k:{"port":80}': { '.': {}, 'f:port': {}, 'f:targetPort': {} } },
    },
  });
});

test('a field an updater changed survives its applier dropping it (TestApplyCanTransferFieldOwnershipToController)', () => {
  const a = applyAs('a', T1, undefined, cfg({ replicas: 1, image: 'i' }));
  const b = updateAs('hpa', T2, a, { ...cfg({ replicas: 5, image: 'i' }), metadata: a.metadata });
  const c = applyAs('a', T3, b, cfg({ image: 'i' }));
  assert.deepEqual(c.spec, { replicas: 5, image: 'i' });
  assert.deepEqual(owners(c), ['a/Apply', 'hpa/Update']);
});

test('a struct the applier no longer applies is pruned with its fields (EnsureNamedFieldsAreMembers)', () => {
  const a = applyAs('a', T1, undefined, cfg({ image: 'i', template: { a: '1', b: '2' } }));
  const b = applyAs('a', T2, a, cfg({ image: 'i' }));
  assert.deepEqual(b.spec, { image: 'i' });
  const c = applyAs('a', T3, a, cfg({ image: 'i', template: { a: '1' } }));
  assert.deepEqual(c.spec, { image: 'i', template: { a: '1' } });
});

test('identity and bookkeeping metadata are never owned (TestApplyStripsFields)', () => {
  const { spec: _spec, ...config } = cfg(
    {},
    {
      namespace: 'ns',
      uid: 'u',
      resourceVersion: '5',
      generation: 2,
      creationTimestamp: '2020-01-01T00:00:00Z',
    },
  );
  const a = applyAs('a', T1, undefined, config);
  assert.equal(a.metadata.managedFields, undefined);
});

test('an apply that changes nothing keeps the applier time (TestNoOpChanges)', () => {
  const a = applyAs('a', T1, undefined, cfg({ replicas: 1 }));
  const b = applyAs('a', T2, a, cfg({ replicas: 1 }));
  assert.deepEqual(b.metadata.managedFields, a.metadata.managedFields);
  assert.equal(entries(b)[0]?.time, T1);
});

test('a configuration carrying managedFields is refused (TestApplyFailsWithManagedFields)', () => {
  assert.throws(
    () => applyAs('a', T1, undefined, cfg({}, { managedFields: [] })),
    /metadata\.managedFields must be nil/,
  );
});

test('a configuration with repeated keys is the typed-patch error (500, no reason)', () => {
  try {
    applyAs('a', T1, undefined, cfg({ ports: [{ port: 80 }, { port: 80 }] }, { namespace: 'ns' }));
    assert.fail('expected an error');
  } catch (error) {
    assert.ok(isApiError(error));
    assert.equal(error.code, 500);
    assert.equal(error.status.reason, undefined);
    assert.equal(
      error.message,
      'failed to create typed patch object (ns/x; /v1, Kind=Thing): .spec.ports: duplicate entries for key [port=80]',
    );
  }
});

function clientSideApplied(spec: Record<string, unknown>): KubeObject {
  const applied = cfg(spec);
  const annotation = JSON.stringify(applied);
  const object = cfg(spec, { annotations: { [LAST_APPLIED]: annotation } });
  const live = { ...object, metadata: { ...object.metadata, resourceVersion: '1' } };
  return updateAs(
    'kubectl-client-side-apply',
    T1,
    { ...live, spec: {}, metadata: { name: 'x' } },
    live,
  );
}

test('kubectl upgrades from client-side apply: vouched-for fields are no conflict (lastappliedmanager_test.go)', () => {
  const live = clientSideApplied({ replicas: 1, image: 'i' });
  const upgraded = applyAs('kubectl', T2, live, cfg({ replicas: 2, image: 'i' }));
  assert.equal((upgraded.spec as { replicas: number }).replicas, 2);
  const annotation = upgraded.metadata.annotations?.[LAST_APPLIED] ?? '';
  assert.equal(
    annotation,
    '{"apiVersion":"v1","kind":"Thing","metadata":{"name":"x"},"spec":{"image":"i","replicas":2}}\n',
  );
  // Another manager than kubectl gets the conflict, and the annotation is left alone.
  const other = conflictOf(() => applyAs('not-kubectl', T2, live, cfg({ replicas: 2 })));
  assert.equal(
    other.message,
    'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using v1: .spec.replicas',
  );
});

test('a value changed since the last client-side apply is still a conflict for kubectl', () => {
  const live = clientSideApplied({ replicas: 1, image: 'i' });
  const edited = updateAs('kubectl-edit', T2, live, {
    ...live,
    metadata: { ...live.metadata },
    spec: { replicas: 3, image: 'i' },
  });
  const c = conflictOf(() => applyAs('kubectl', T3, edited, cfg({ replicas: 2, image: 'j' })));
  assert.equal(
    c.message,
    'Apply failed with 1 conflict: conflict with "kubectl-edit" using v1: .spec.replicas',
  );
});
