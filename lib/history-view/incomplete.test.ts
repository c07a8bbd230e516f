import { test } from 'node:test';
import assert from 'node:assert/strict';
import { incompleteNote } from './incomplete';

test('a whole answer says nothing; an incomplete one says how many changes are missing', () => {
  assert.equal(incompleteNote(undefined), null);
  assert.equal(incompleteNote({}), null);
  assert.equal(incompleteNote({ unrebuiltChanges: 0 }), null);
  assert.match(incompleteNote({ unrebuiltChanges: 1 })!, /missing: 1 recorded change could not/);
  assert.match(incompleteNote({ unrebuiltChanges: 3 })!, /missing: 3 recorded changes could not/);
});
