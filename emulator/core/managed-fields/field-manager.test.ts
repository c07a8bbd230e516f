/**
 * The field manager's Update, with cases ported black-box from upstream
 * (staging/src/k8s.io/apimachinery/pkg/util/managedfields/internal: managedfieldsupdater_test.go,
 * fieldmanager_test.go, stripmeta and reset-fields behaviour): which entry a write creates or
 * merges into, when its time moves, how ownership moves between managers, which managedFields a
 * request starts from, and the encoding of the entries.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deepFreeze } from '../store-context';
import type { KubeObject } from '../types';
import { updateManagedFields, type ManagedWrite } from './field-manager';
import { DEDUCED, SCALAR, type KindSchema, type SmdType } from './schema';

const struct = (fields: Record<string, SmdType>, element?: SmdType): SmdType => ({
  kind: 'map',
  relationship: 'separable',
  fields: new Map(Object.entries(fields).map(([k, type]) => [k, { type }])),
  ...(element ? { element } : {}),
});
const strings: SmdType = { kind: 'map', relationship: 'separable', element: SCALAR };
const meta = struct(
  { name: SCALAR, labels: strings, annotations: strings, managedFields: DEDUCED },
  DEDUCED,
);
const KIND: KindSchema = {
  type: struct({
    apiVersion: SCALAR,
    kind: SCALAR,
    metadata: meta,
    spec: struct({ replicas: SCALAR, image: SCALAR }),
    status: struct({ ready: SCALAR }),
  }),
  empty: { metadata: {}, spec: {}, status: {} },
};

function write(
  manager: string | undefined,
  time: string,
  extra: Partial<ManagedWrite> = {},
): ManagedWrite {
  return { manager, apiVersion: 'apps/v1', time: () => time, statusIsSubresource: true, ...extra };
}

function obj(spec: Record<string, unknown>, metadata: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', uid: 'u', resourceVersion: '1', ...metadata },
    spec,
  };
}

/** Runs a write like the store: `next` gets the live object's managedFields unless it has its own. */
function run(live: KubeObject | undefined, next: KubeObject, w: ManagedWrite): KubeObject {
  updateManagedFields(live, next, w, KIND);
  return next;
}

const T1 = '2026-01-01T00:00:01Z';
const T2 = '2026-01-01T00:00:02Z';
const T3 = '2026-01-01T00:00:03Z';

test('a create records the writer: fields set, identity and bookkeeping metadata stripped', () => {
  const created = run(
    undefined,
    obj({ replicas: 1 }, { labels: { a: 'b' }, creationTimestamp: 'x' }),
    write('kubectl-create', T1),
  );
  assert.deepEqual(created.metadata.managedFields, [
    {
      manager: 'kubectl-create',
      operation: 'Update',
      apiVersion: 'apps/v1',
      time: T1,
      fieldsType: 'FieldsV1',
      fieldsV1: {
        'f:metadata': { 'f:labels': { '.': {}, 'f:a': {} } },
        'f:spec': { 'f:replicas': {} },
      },
    },
  ]);
});

test('updates by the same manager merge into one entry and move its time (managedfieldsupdater_test.go)', () => {
  const a = run(undefined, obj({ replicas: 1 }), write('m', T1));
  const b = run(
    a,
    obj({ replicas: 1, image: 'x' }, { managedFields: a.metadata.managedFields }),
    write('m', T2),
  );
  assert.equal(b.metadata.managedFields?.length, 1);
  const [entry] = b.metadata.managedFields as Record<string, unknown>[];
  assert.equal(entry?.time, T2);
  assert.deepEqual(entry?.fieldsV1, { 'f:spec': { 'f:image': {}, 'f:replicas': {} } });
});

test('a writer re-setting fields it owns keeps its fields, encoded as upstream re-encodes them, and moves its time', () => {
  // As the store does: what it stores is frozen, and the next write carries the stored entries.
  const a = deepFreeze(run(undefined, obj({ replicas: 1, image: 'x' }), write('m', T1)));
  const b = run(
    a,
    obj({ replicas: 2, image: 'x' }, { managedFields: a.metadata.managedFields }),
    write('m', T2),
  );
  const [entry] = b.metadata.managedFields as Record<string, unknown>[];
  assert.equal(entry?.time, T2);
  assert.equal(JSON.stringify(entry?.fieldsV1), '{"f:spec":{"f:image":{},"f:replicas":{}}}');
  // Stored entries in a client's own key order come back in upstream's (SMD) order once the
  // writer's entry changes, never in the order the client sent.
  const live = deepFreeze(
    obj(
      { replicas: 1, image: 'x' },
      {
        managedFields: [
          {
            manager: 'm',
            operation: 'Update',
            apiVersion: 'apps/v1',
            time: T1,
            fieldsType: 'FieldsV1',
            fieldsV1: { 'f:spec': { 'f:replicas': {}, 'f:image': {} } },
          },
        ],
      },
    ),
  );
  const c = run(live, obj({ replicas: 2, image: 'x' }), write('m', T2));
  const [reencoded] = c.metadata.managedFields as Record<string, unknown>[];
  assert.equal(JSON.stringify(reencoded?.fieldsV1), '{"f:spec":{"f:image":{},"f:replicas":{}}}');
  assert.equal(reencoded?.time, T2);
});

test('a write that changes nothing keeps every entry and its time (TestNoUpdateBeforeFirstApply-like no-op)', () => {
  const a = run(undefined, obj({ replicas: 1 }), write('m', T1));
  const b = run(a, obj({ replicas: 1 }), write('m', T2));
  assert.deepEqual(b.metadata.managedFields, a.metadata.managedFields);
  const c = run(a, obj({ replicas: 1 }), write('other', T3));
  assert.deepEqual(
    c.metadata.managedFields,
    a.metadata.managedFields,
    'no entry for a writer that took nothing',
  );
});

test('an Update takes the fields it changes from their owner, never conflicts; the old owner keeps its time', () => {
  const a = run(undefined, obj({ replicas: 1, image: 'x' }), write('creator', T1));
  const b = run(a, obj({ replicas: 3, image: 'x' }), write('scaler', T2));
  const entries = b.metadata.managedFields as Record<string, unknown>[];
  assert.deepEqual(
    entries.map((e) => [e.manager, e.time, e.fieldsV1]),
    [
      ['creator', T1, { 'f:spec': { 'f:image': {} } }],
      ['scaler', T2, { 'f:spec': { 'f:replicas': {} } }],
    ],
  );
  // Setting a field to the value it already has takes nothing.
  const c = run(b, obj({ replicas: 3, image: 'x' }), write('third', T3));
  assert.deepEqual(c.metadata.managedFields, entries);
});

test('removing a field removes it from its owners; an entry left with nothing disappears', () => {
  const a = run(undefined, obj({ replicas: 1 }), write('creator', T1));
  const b = run(a, obj({ image: 'y' }), write('editor', T2));
  assert.deepEqual(
    (b.metadata.managedFields as Record<string, unknown>[]).map((e) => e.manager),
    ['editor'],
  );
  const c = run(b, obj({}), write(undefined, T3));
  assert.equal(c.metadata.managedFields, undefined, 'nobody owns anything: no managedFields');
});

test('entries are keyed by manager, apiVersion and subresource; /status owns only status', () => {
  const a = run(undefined, obj({ replicas: 1 }), write('kcm', T1));
  const withStatus = { ...obj({ replicas: 1 }), status: { ready: 1 }, metadata: { ...a.metadata } };
  const b = run(a, withStatus, write('kcm', T2, { subresource: 'status' }));
  const entries = b.metadata.managedFields as Record<string, unknown>[];
  assert.deepEqual(
    entries.map((e) => [e.manager, e.subresource, e.fieldsV1]),
    [
      ['kcm', undefined, { 'f:spec': { 'f:replicas': {} } }],
      ['kcm', 'status', { 'f:status': { 'f:ready': {} } }],
    ],
  );
  // The main resource never owns status, even on create.
  const created = run(undefined, { ...obj({}), status: { ready: 0 } }, write('c', T1));
  assert.equal(created.metadata.managedFields, undefined);
});

test('the request may carry managedFields; [] or [{}] resets them; a subresource ignores them', () => {
  const a = run(undefined, obj({ replicas: 1 }), write('creator', T1));
  const edited = [
    {
      manager: 'someone',
      operation: 'Update',
      apiVersion: 'apps/v1',
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:spec': { 'f:replicas': {} } },
    },
  ];
  const b = run(a, obj({ replicas: 1 }, { managedFields: edited }), write('editor', T2));
  assert.deepEqual(b.metadata.managedFields, edited);
  for (const reset of [[], [{}]]) {
    const c = run(a, obj({ replicas: 1 }, { managedFields: reset }), write('editor', T2));
    assert.equal(c.metadata.managedFields, undefined, JSON.stringify(reset));
  }
  const invalid = [{ manager: 'x', operation: 'Bogus', fieldsType: 'FieldsV1' }];
  const d = run(a, obj({ replicas: 1 }, { managedFields: invalid }), write('editor', T2));
  assert.deepEqual(d.metadata.managedFields, a.metadata.managedFields, 'invalid: the stored ones');
  const e = run(
    a,
    { ...obj({ replicas: 1 }, { managedFields: edited }), status: { ready: 1 } },
    write('k', T2, { subresource: 'status' }),
  );
  assert.deepEqual(
    (e.metadata.managedFields as Record<string, unknown>[]).map((x) => x.manager),
    ['creator', 'k'],
  );
});

test('entries are ordered by operation, time, manager (sortEncodedManagedFields)', () => {
  const managedFields = [
    {
      manager: 'b',
      operation: 'Update',
      apiVersion: 'apps/v1',
      time: T2,
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:spec': { 'f:image': {} } },
    },
    {
      manager: 'z',
      operation: 'Update',
      apiVersion: 'apps/v1',
      time: T1,
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:metadata': { 'f:labels': { 'f:x': {} } } },
    },
    {
      manager: 'a',
      operation: 'Apply',
      apiVersion: 'apps/v1',
      time: T3,
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:spec': { 'f:replicas': {} } },
    },
  ];
  const live = obj({ replicas: 1, image: 'i' }, { labels: { x: '1' }, managedFields });
  const next = run(
    live,
    obj({ replicas: 1, image: 'i' }, { labels: { x: '1', y: '2' } }),
    write('b', T3),
  );
  assert.deepEqual(
    (next.metadata.managedFields as Record<string, unknown>[]).map(
      (e) => `${e.operation}:${e.manager}`,
    ),
    ['Apply:a', 'Update:z', 'Update:b'],
  );
});
