// A DELETE whose options body has a field of the wrong JSON type is the decoder's 400 and
// deletes nothing, one object or a collection; the message is encoding/json's.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningEmulator } from '../../server';
import { call, deployment, endpoints, namespace, startCore } from '../testing/support';
import { deleteOptionsTypeMismatch } from './delete-options-types';

describe('deleteOptionsTypeMismatch', () => {
  it('names the field and Go type as encoding/json does', () => {
    assert.equal(
      deleteOptionsTypeMismatch({ gracePeriodSeconds: 'x' }),
      'json: cannot unmarshal string into Go struct field DeleteOptions.gracePeriodSeconds of type int64',
    );
    assert.equal(
      deleteOptionsTypeMismatch({ propagationPolicy: 5, preconditions: 'x' }),
      'json: cannot unmarshal number into Go struct field DeleteOptions.propagationPolicy of type v1.DeletionPropagation',
    );
    assert.equal(
      deleteOptionsTypeMismatch({ preconditions: 'x' }),
      'json: cannot unmarshal string into Go struct field DeleteOptions.preconditions of type v1.Preconditions',
    );
    assert.equal(
      deleteOptionsTypeMismatch({ preconditions: { uid: 5 } }),
      'json: cannot unmarshal number into Go struct field Preconditions.preconditions.uid of type types.UID',
    );
    assert.equal(
      deleteOptionsTypeMismatch({ dryRun: 'All' }),
      'json: cannot unmarshal string into Go struct field DeleteOptions.dryRun of type []string',
    );
    assert.equal(
      deleteOptionsTypeMismatch({ gracePeriodSeconds: 1.5 }),
      'json: cannot unmarshal number 1.5 into Go struct field DeleteOptions.gracePeriodSeconds of type int64',
    );
  });
  it('takes well-typed options, null and unknown fields', () => {
    assert.equal(
      deleteOptionsTypeMismatch({
        kind: 'DeleteOptions',
        apiVersion: 'v1',
        gracePeriodSeconds: 0,
        preconditions: { uid: 'u', resourceVersion: null },
        orphanDependents: null,
        propagationPolicy: 'Foreground',
        dryRun: ['All'],
        whatever: {},
      }),
      undefined,
    );
  });
});

describe('DELETE with a wrongly typed options body', () => {
  let em: RunningEmulator;
  before(async () => {
    em = await startCore();
    await call(em.url, 'POST', '/api/v1/namespaces', namespace('delopts'));
  });
  after(() => em.stop());
  const D = '/apis/apps/v1/namespaces/delopts/deployments';

  it('is 400 with the decoder message and keeps the object', async () => {
    assert.equal((await call(em.url, 'POST', D, deployment('d'))).status, 201);
    const r = await call(em.url, 'DELETE', `${D}/d`, { gracePeriodSeconds: 'x' });
    assert.equal(r.status, 400);
    assert.equal(r.body.reason, 'BadRequest');
    assert.equal(
      r.body.message,
      'json: cannot unmarshal string into Go struct field DeleteOptions.gracePeriodSeconds of type int64',
    );
    assert.equal((await call(em.url, 'GET', `${D}/d`)).status, 200);
  });

  it('is 400 for deletecollection too, and deletes nothing', async () => {
    const E = '/api/v1/namespaces/delopts/endpoints';
    assert.equal((await call(em.url, 'POST', E, endpoints('e1', { t: 'x' }))).status, 201);
    const r = await call(em.url, 'DELETE', E, { orphanDependents: 'yes' });
    assert.equal(r.status, 400);
    assert.equal(
      r.body.message,
      'json: cannot unmarshal string into Go struct field DeleteOptions.orphanDependents of type bool',
    );
    assert.equal((await call(em.url, 'GET', `${E}/e1`)).status, 200);
  });
});
