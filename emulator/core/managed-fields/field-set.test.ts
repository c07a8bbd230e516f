/**
 * Field sets, path elements and the FieldsV1 encoding, with cases ported black-box from
 * structured-merge-diff (fieldpath/set_test.go, serialize_test.go, serialize-pe_test.go,
 * path_test.go): set algebra, SMD's element order, the wire form of each element type and
 * round trips of FieldsV1 objects as the apiserver stores them.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FieldSet, fieldsV1ToSet, toFieldsV1 } from './field-set';
import {
  comparePathElements,
  fieldElement as f,
  indexElement as i,
  keyElement as k,
  parsePathElement,
  pathString,
  valueElement as v,
  type Path,
} from './path-element';

const paths = (set: FieldSet) => set.paths().map(pathString);

test('path elements serialize as SMD writes them (serialize-pe.go)', () => {
  assert.equal(f('spec').id, 'f:spec');
  assert.equal(
    k([
      ['protocol', 'TCP'],
      ['port', 80],
    ]).id,
    'k:{"port":80,"protocol":"TCP"}',
  );
  assert.equal(k([['name', 'a<b>&']]).id, 'k:{"name":"a\\u003cb\\u003e\\u0026"}');
  assert.equal(v('foo').id, 'v:"foo"');
  assert.equal(v(3).id, 'v:3');
  assert.equal(v(true).id, 'v:true');
  assert.equal(i(2).id, 'i:2');
  for (const pe of [
    f('a'),
    k([
      ['port', 80],
      ['protocol', 'TCP'],
    ]),
    v('x'),
    v(1.5),
    i(0),
  ]) {
    assert.deepEqual(parsePathElement(pe.id), pe);
  }
  assert.equal(parsePathElement('z:whatever'), undefined);
  assert.throws(() => parsePathElement('fspec'), /missing colon/);
  assert.throws(() => parsePathElement('k:[1]'), /key must be an object/);
  assert.throws(() => parsePathElement('i:x'), /invalid index/);
});

test('element order: fields, keys, values, indices; values by type then value', () => {
  const sorted = [i(1), v('b'), k([['name', 'x']]), f('b'), v(2), f('a'), i(0), v('a')].sort(
    comparePathElements,
  );
  assert.deepEqual(
    sorted.map((pe) => pe.id),
    ['f:a', 'f:b', 'k:{"name":"x"}', 'v:2', 'v:"a"', 'v:"b"', 'i:0', 'i:1'],
  );
});

test('human form of paths, as conflicts print them (path.go String)', () => {
  const path: Path = [
    f('spec'),
    f('ports'),
    k([
      ['port', 80],
      ['protocol', 'TCP'],
    ]),
    f('targetPort'),
  ];
  assert.equal(pathString(path), '.spec.ports[port=80,protocol="TCP"].targetPort');
  assert.equal(
    pathString([f('spec'), f('finalizers'), v('kubernetes')]),
    '.spec.finalizers[="kubernetes"]',
  );
  assert.equal(pathString([f('spec'), f('args'), i(3)]), '.spec.args[3]');
});

test('insert, has and members vs parents (set_test.go TestSetInsertHas)', () => {
  const set = FieldSet.of([f('spec'), f('replicas')], [f('metadata'), f('labels'), f('app')]);
  assert.ok(set.has([f('spec'), f('replicas')]));
  assert.ok(!set.has([f('spec')]), 'a parent is not a member by being a parent');
  assert.ok(!set.has([f('spec'), f('replicas'), f('x')]));
  assert.ok(!set.has([]));
  assert.ok(FieldSet.of().empty());
  assert.ok(!set.empty());
});

test('union, intersection, difference (set_test.go TestSetUnion/Intersection/Difference)', () => {
  const a = FieldSet.of([f('a')], [f('b'), f('c')], [f('b'), f('d')], [f('x')]);
  const b = FieldSet.of([f('b'), f('c')], [f('b')], [f('e')], [f('x'), f('y')]);
  assert.deepEqual(paths(a.union(b)), ['.a', '.b', '.e', '.x', '.b.c', '.b.d', '.x.y']);
  assert.deepEqual(paths(a.intersection(b)), ['.b.c']);
  assert.deepEqual(paths(a.difference(b)), ['.a', '.x', '.b.d']);
  assert.deepEqual(paths(b.difference(a)), ['.b', '.e', '.x.y']);
  // RecursiveDifference also drops what lies below a member of the other set.
  assert.deepEqual(paths(b.recursiveDifference(FieldSet.of([f('x')]))), ['.b', '.e', '.b.c']);
  assert.deepEqual(paths(a.recursiveDifference(FieldSet.of([f('b')]))), ['.a', '.x']);
  assert.ok(a.union(b).equals(b.union(a)));
  assert.ok(!a.equals(b));
  assert.equal(a.difference(FieldSet.of()), a, 'an unchanged set is handed back as is');
});

test('isSubsetOf; a union with a subset hands back the same set (so its FieldsV1 is reused)', () => {
  const a = FieldSet.of([f('a')], [f('b'), f('c')], [f('b'), f('d')]);
  const sub = FieldSet.of([f('b'), f('c')]);
  assert.ok(sub.isSubsetOf(a));
  assert.ok(!a.isSubsetOf(sub));
  assert.ok(!FieldSet.of([f('b')]).isSubsetOf(a), '.b is only a parent in a');
  assert.ok(new FieldSet().isSubsetOf(sub));
  assert.equal(a.union(sub), a);
  assert.deepEqual(paths(sub.union(a)), paths(a));
});

test('leaves keeps members without children (set_test.go TestSetLeaves)', () => {
  const set = FieldSet.of([f('a')], [f('a'), f('b')], [f('c')], [f('d'), f('e')]);
  assert.deepEqual(paths(set.leaves()), ['.c', '.a.b', '.d.e']);
});

test('FieldsV1: `.` marks a node that is itself a member; round trip (serialize_test.go)', () => {
  const port: Path = [
    f('spec'),
    f('ports'),
    k([
      ['port', 80],
      ['protocol', 'TCP'],
    ]),
  ];
  const set = FieldSet.of(
    [f('metadata'), f('labels')],
    [f('metadata'), f('labels'), f('app')],
    [f('spec'), f('ports')],
    port,
    [...port, f('port')],
    [...port, f('targetPort')],
    [f('spec'), f('finalizers'), v('kubernetes')],
    [f('spec'), f('args'), i(0)],
  );
  const wire = toFieldsV1(set);
  assert.equal(
    JSON.stringify(wire),
    JSON.stringify({
      'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
      'f:spec': {
        'f:args': { 'i:0': {} },
        'f:finalizers': { 'v:"kubernetes"': {} },
        'f:ports': {
          '.': {},
          'k:{"port":80,"protocol":"TCP"}': { '.': {}, 'f:port': {}, 'f:targetPort': {} },
        },
      },
    }),
  );
  assert.ok(fieldsV1ToSet(wire).equals(set));
  assert.ok(fieldsV1ToSet(JSON.parse(JSON.stringify(wire))).equals(set));
});

test('FieldsV1 parsing: leaves, unknown element types, malformed input', () => {
  const set = fieldsV1ToSet({ 'f:data': { 'f:a': {}, 'f:b': {} }, 'x:future': {} });
  assert.deepEqual(paths(set), ['.data.a', '.data.b']);
  assert.ok(fieldsV1ToSet({}).empty());
  assert.throws(() => fieldsV1ToSet([]), /must be an object/);
  assert.throws(() => fieldsV1ToSet({ 'f:a': 'x' }), /must be an object/);
  assert.throws(() => fieldsV1ToSet({ nocolon: {} }), /missing colon/);
});
