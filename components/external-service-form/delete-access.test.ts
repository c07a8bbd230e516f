import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AccessReport } from '@/lib/api/write-results';
import { deleteOffer } from './delete-access';

const refused: AccessReport = {
  namespace: 'team-a',
  readOnly: false,
  allowed: false,
  denied: [
    {
      verb: 'delete',
      resource: 'services',
      group: '',
      namespace: 'team-a',
      message: 'You may not delete services in namespace team-a.',
    },
  ],
};

test('refused: not offered, and the panel says why in words', () => {
  assert.deepEqual(deleteOffer(refused, null), {
    offered: false,
    note: 'You cannot delete it: You may not delete services in namespace team-a.',
  });
  // A refusal the check gave no words for still says what was refused.
  const bare = deleteOffer({ ...refused, denied: [] }, null);
  assert.equal(bare.offered, false);
  assert.match(bare.note ?? '', /namespace team-a/);
});

test('read-only: not offered, and says so', () => {
  const offer = deleteOffer(
    { namespace: 'team-a', readOnly: true, allowed: false, denied: [] },
    null,
  );
  assert.equal(offer.offered, false);
  assert.match(offer.note ?? '', /read-only/);
});

test('allowed, or not yet checked: offered with nothing to say', () => {
  const allowed: AccessReport = { ...refused, allowed: true, denied: [] };
  assert.deepEqual(deleteOffer(allowed, null), { offered: true, note: null });
  assert.deepEqual(deleteOffer(null, null), { offered: true, note: null });
});

test('the check itself failed: still offered (the dialog and the server check again), with a note', () => {
  const offer = deleteOffer(null, 'The dashboard did not answer: network down');
  assert.equal(offer.offered, true);
  assert.equal(
    offer.note,
    'Could not check whether you may delete it: The dashboard did not answer: network down',
  );
});
