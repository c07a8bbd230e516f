import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonPieces, jsonStream } from './json-pieces';

test('pieces concatenate to exactly JSON.stringify', async () => {
  const value = {
    a: [1, 'two', null, { x: [1, 2, { deep: [3] }] }, undefined],
    b: { skip: undefined, s: 'q"\n', n: 1.5, t: true },
    big: Array.from({ length: 5000 }, (_, i) => ({ i, name: `item-${i}` })),
    empty: [],
    obj: {},
  };
  for (const size of [1, 100, 64 * 1024])
    assert.equal([...jsonPieces(value, size)].join(''), JSON.stringify(value));
  const pieces = [...jsonPieces(value, 1000)];
  assert.ok(pieces.length > 10, 'big arrays are split');
  const text = await new Response(jsonStream(value, 1000)).text();
  assert.deepEqual(JSON.parse(text), JSON.parse(JSON.stringify(value)));
});
