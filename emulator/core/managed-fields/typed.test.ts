/**
 * The typed operations over a schema (structured-merge-diff typed/ toset_test.go,
 * compare_test.go, merge_test.go, remove_test.go cases, black-box): which fields a value sets,
 * what changed between two values, the applied configuration merged over a live object, and
 * removal of owned fields. The schema is a small Service-like struct with a list map keyed by
 * port+protocol (protocol defaulted), a set of strings, an atomic list, a free-form string map,
 * an atomic map and an open (deduced) field.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FieldSet, toFieldsV1 } from './field-set';
import { fieldElement as f, keyElement as k, pathString, type Json } from './path-element';
import { DEDUCED, SCALAR, type SmdType, type StructField } from './schema';
import { compare, toFieldSet, TypeErrors } from './typed-sets';
import { ensureNamedFieldsAreMembers, merge, removeItems } from './typed-merge';

const struct = (fields: Record<string, SmdType | StructField>): SmdType => ({
  kind: 'map',
  relationship: 'separable',
  fields: new Map(Object.entries(fields).map(([name, t]) => [name, 'kind' in t ? { type: t } : t])),
});
const strings: SmdType = { kind: 'map', relationship: 'separable', element: SCALAR };
const port = struct({
  port: SCALAR,
  protocol: { type: SCALAR, default: 'TCP' },
  targetPort: SCALAR,
  name: SCALAR,
});
const TYPE = struct({
  metadata: struct({ name: SCALAR, labels: strings }),
  spec: struct({
    ports: { kind: 'list', relationship: 'associative', keys: ['port', 'protocol'], element: port },
    finalizers: { kind: 'list', relationship: 'associative', keys: [], element: SCALAR },
    args: { kind: 'list', relationship: 'atomic', keys: [], element: SCALAR },
    selector: { kind: 'map', relationship: 'atomic', element: SCALAR },
    extra: DEDUCED,
    type: SCALAR,
  }),
});

const paths = (set: FieldSet) => set.paths().map(pathString);

test('toFieldSet: leaves, list-map items by key (defaulted key fields), sets, atomics', () => {
  const value: Json = {
    metadata: { name: 'web', labels: { app: 'web' } },
    spec: {
      ports: [{ port: 80, targetPort: 8080 }],
      finalizers: ['a'],
      args: ['x', 'y'],
      selector: { app: 'web' },
      extra: { deep: { x: 1 }, list: [1, 2] },
    },
  };
  const set = toFieldSet(value, TYPE, true);
  assert.deepEqual(toFieldsV1(set), {
    'f:metadata': { 'f:labels': { 'f:app': {} }, 'f:name': {} },
    'f:spec': {
      'f:args': {},
      'f:extra': { 'f:deep': { '.': {}, 'f:x': {} }, 'f:list': {} },
      'f:finalizers': { 'v:"a"': {} },
      'f:ports': {
        'k:{"port":80,"protocol":"TCP"}': { '.': {}, 'f:port': {}, 'f:targetPort': {} },
      },
      'f:selector': {},
    },
  });
});

test('toFieldSet: an applied configuration may not repeat keys or name undeclared fields', () => {
  const dup: Json = { spec: { ports: [{ port: 80 }, { port: 80, protocol: 'TCP' }] } };
  assert.throws(
    () => toFieldSet(dup, TYPE, true),
    (e: unknown) =>
      e instanceof TypeErrors &&
      e.message === '.spec.ports: duplicate entries for key [port=80,protocol="TCP"]',
  );
  // Stored objects may carry duplicates: the items are owned together.
  const stored = toFieldSet(dup, TYPE, false);
  assert.deepEqual(paths(stored), ['.spec.ports[port=80,protocol="TCP"]']);
  assert.throws(
    () => toFieldSet({ spec: { nope: 1 } }, TYPE, true),
    /\.spec\.nope: field not declared in schema/,
  );
  assert.throws(
    () => toFieldSet({ spec: { ports: [{ targetPort: 1 }] } }, TYPE, true),
    /element 0: associative list with keys has an element that omits key field "port"/,
  );
});

test('compare: added, modified and removed fields (compare_test.go)', () => {
  const live: Json = {
    metadata: { labels: { app: 'web', tier: 'x' } },
    spec: { ports: [{ port: 80, targetPort: 80 }, { port: 443 }], type: 'ClusterIP', args: ['a'] },
  };
  const next: Json = {
    metadata: { labels: { app: 'web', team: 'y' } },
    spec: {
      ports: [{ port: 80, targetPort: 8080 }],
      type: 'ClusterIP',
      args: ['a', 'b'],
      selector: {},
    },
  };
  const c = compare(live, next, TYPE);
  assert.deepEqual(paths(c.added), ['.metadata.labels.team', '.spec.selector']);
  assert.deepEqual(paths(c.modified), [
    '.spec.args',
    '.spec.ports[port=80,protocol="TCP"].targetPort',
  ]);
  assert.deepEqual(paths(c.removed), [
    '.metadata.labels.tier',
    '.spec.ports[port=443,protocol="TCP"]',
    '.spec.ports[port=443,protocol="TCP"].port',
  ]);
});

test('compare: from nothing, every field is added, maps and lists themselves included', () => {
  const c = compare(
    undefined,
    { metadata: { labels: { a: 'b' } }, spec: { ports: [{ port: 1 }] } },
    TYPE,
  );
  assert.deepEqual(toFieldsV1(c.added), {
    'f:metadata': { '.': {}, 'f:labels': { '.': {}, 'f:a': {} } },
    'f:spec': {
      '.': {},
      'f:ports': { '.': {}, 'k:{"port":1,"protocol":"TCP"}': { '.': {}, 'f:port': {} } },
    },
  });
  assert.ok(c.modified.empty() && c.removed.empty());
  const same = compare({ spec: { type: 'A' } }, { spec: { type: 'A' } }, TYPE);
  assert.ok(same.added.empty() && same.modified.empty() && same.removed.empty());
});

test('merge: the configuration laid over the live object, list maps item by item (merge_test.go)', () => {
  const live: Json = {
    metadata: { labels: { a: '1' } },
    spec: {
      ports: [{ port: 80, targetPort: 80 }, { port: 443 }],
      args: ['x'],
      selector: { a: '1', b: '2' },
    },
  };
  const config: Json = {
    metadata: { labels: { b: '2' } },
    spec: { ports: [{ port: 80, targetPort: 8080 }], args: ['y'], selector: { c: '3' } },
  };
  assert.deepEqual(merge(live, config, TYPE), {
    metadata: { labels: { a: '1', b: '2' } },
    spec: {
      ports: [{ port: 80, targetPort: 8080 }, { port: 443 }],
      args: ['y'],
      selector: { c: '3' },
    },
  });
});

test('merge: items the configuration adds follow its order, live-only items keep their place', () => {
  const live: Json = { spec: { finalizers: ['a', 'b', 'c'] } };
  const config: Json = { spec: { finalizers: ['d', 'b'] } };
  assert.deepEqual(merge(live, config, TYPE), { spec: { finalizers: ['a', 'd', 'b', 'c'] } });
});

test('removeItems drops owned fields, list items and emptied containers (remove_test.go)', () => {
  const value: Json = {
    metadata: { labels: { a: '1', b: '2' } },
    spec: { ports: [{ port: 80, targetPort: 1 }, { port: 443 }], finalizers: ['x', 'y'] },
  };
  const set = FieldSet.of(
    [f('metadata'), f('labels'), f('a')],
    [f('metadata'), f('labels'), f('b')],
    [
      f('spec'),
      f('ports'),
      k([
        ['port', 443],
        ['protocol', 'TCP'],
      ]),
    ],
    [
      f('spec'),
      f('ports'),
      k([
        ['port', 80],
        ['protocol', 'TCP'],
      ]),
      f('targetPort'),
    ],
  );
  assert.deepEqual(removeItems(value, set, TYPE), {
    spec: { ports: [{ port: 80 }], finalizers: ['x', 'y'] },
  });
});

test('ensureNamedFieldsAreMembers: struct fields on the way to a leaf become members', () => {
  const set = FieldSet.of([
    f('spec'),
    f('ports'),
    k([
      ['port', 1],
      ['protocol', 'TCP'],
    ]),
    f('name'),
  ]);
  const out = ensureNamedFieldsAreMembers(set, TYPE);
  assert.deepEqual(paths(out), ['.spec', '.spec.ports', '.spec.ports[port=1,protocol="TCP"].name']);
});

test('toFieldSet: a named field that is null or an empty map is itself a member', () => {
  const set = toFieldSet({ metadata: { labels: {} }, spec: { type: null, ports: [] } }, TYPE, true);
  assert.deepEqual(paths(set), ['.metadata.labels', '.spec.type']);
});
