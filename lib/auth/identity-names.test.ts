/** The one rule for names a sign-in may hand the dashboard, in every mode. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { groupNames, isReservedGroup, reservedName } from './identity-names';

test('group names: strings only, no empty name, no repeat, in order', () => {
  assert.deepEqual(groupNames(['', 'team-a', 7, 'team-a', 'system:authenticated']), [
    'team-a',
    'system:authenticated',
  ]);
});

test('every system: name is reserved but the group system:authenticated', () => {
  for (const group of ['system:masters', 'system:nodes', 'system:serviceaccounts']) {
    assert.equal(isReservedGroup(group), true, group);
  }
  assert.equal(isReservedGroup('system:authenticated'), false);
  assert.equal(isReservedGroup('systems:x'), false);
  assert.equal(
    reservedName({ username: 'system:authenticated', groups: [] }),
    'system:authenticated',
  );
  assert.equal(reservedName({ username: 'alice', groups: ['system:authenticated'] }), undefined);
  assert.equal(reservedName({ username: 'alice', groups: ['a', 'system:nodes'] }), 'system:nodes');
});
