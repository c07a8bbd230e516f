// SMD's value checks in its own words: the kind of scalar, list and map a type wants, the value
// printed as fmt prints SMD's unstructured wrapper; null and deduced types always pass.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Json } from './path-element';
import { DEDUCED, SCALAR, type SmdType } from './schema';
import { valueTypeError } from './typed-validate';

const numeric: SmdType = { kind: 'scalar', scalar: 'numeric' };
const string: SmdType = { kind: 'scalar', scalar: 'string' };
const boolean: SmdType = { kind: 'scalar', scalar: 'boolean' };
const map: SmdType = { kind: 'map', relationship: 'separable', element: string };
const list: SmdType = { kind: 'list', relationship: 'atomic', keys: [], element: string };

it('names the wanted kind and prints the value as Go does', () => {
  assert.equal(valueTypeError('abc', numeric), 'expected numeric (int or float), got string');
  assert.equal(
    valueTypeError({ a: 1 }, numeric),
    'expected numeric (int or float), got map[string]interface {}',
  );
  assert.equal(valueTypeError(5, string), 'expected string, got &value.valueUnstructured{Value:5}');
  assert.equal(
    valueTypeError({ b: 'x', a: [1] }, string),
    'expected string, got &value.valueUnstructured{Value:map[string]interface {}{"a":[]interface {}{1}, "b":"x"}}',
  );
  assert.equal(valueTypeError('yes', boolean), 'expected boolean, got &{yes}');
  assert.equal(valueTypeError('x', map), 'expected map, got &{x}');
  assert.equal(valueTypeError(['a', 'b'], map), 'expected map, got &{[a b]}');
  assert.equal(valueTypeError({ k: 'v' }, list), 'expected list, got &{map[k:v]}');
  assert.equal(valueTypeError({}, SCALAR), 'expected any scalar, got &{map[]}');
});

it('prints float64s as %v does', () => {
  assert.equal(valueTypeError(100000000, map), 'expected map, got &{1e+08}');
  assert.equal(valueTypeError(123456, map), 'expected map, got &{123456}');
  assert.equal(valueTypeError(1.5, map), 'expected map, got &{1.5}');
});

it('accepts null, the right kinds, and anything where the type is deduced', () => {
  const cases: [Json, SmdType][] = [
    [null, numeric],
    [3, numeric],
    ['s', string],
    [false, boolean],
    [{}, map],
    [[], list],
    ['x', SCALAR],
    [{ any: ['thing'] }, DEDUCED],
  ];
  for (const [v, t] of cases) assert.equal(valueTypeError(v, t), undefined);
});
