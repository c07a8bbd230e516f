/** The Add form's reducer: the server's answer (or the browser's own check) keyed by row. */
import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ExternalServiceInput } from '@/lib/topology/validation';
import type { WriteResult } from '@/lib/api/write-results';
import { formAction, INITIAL_FORM_STATE } from './external-service-actions';
import { editAction, INITIAL_EDIT_STATE } from './edit-endpoints-actions';

const INPUT: ExternalServiceInput = {
  namespace: 'default',
  name: 'web',
  addresses: ['127.0.0.1', '10.0.0.1'],
  ports: [{ port: '80', name: '', protocol: 'TCP' }],
};
const ROWS = { addresses: [41, 42], ports: [51] };

const realFetch = globalThis.fetch;
afterEach(() => {
  globalThis.fetch = realFetch;
});
const answer = (result: WriteResult) => {
  globalThis.fetch = (async () => Response.json(result)) as typeof fetch;
};

describe('errors stay with their row', () => {
  it("keys the server's position paths by the rows that were sent", async () => {
    answer({
      status: 'invalid',
      errors: [
        { field: 'addresses.1', message: 'inside the cluster', code: 'internal-target' },
        { field: 'addresses.0', message: 'loopback', code: 'loopback' },
        { field: 'ports.0.port', message: 'bad port' },
      ],
    });
    const state = await formAction(INITIAL_FORM_STATE, {
      type: 'preview',
      cluster: null,
      input: INPUT,
      rows: ROWS,
    });
    assert.deepEqual(
      state.errors.map((e) => e.field),
      ['addresses#42', 'addresses#41', 'ports#51.port'],
    );
  });

  it("keys the browser's own findings the same way when the server cannot be asked", async () => {
    globalThis.fetch = (async () => {
      throw new Error('offline');
    }) as typeof fetch;
    const state = await formAction(INITIAL_FORM_STATE, {
      type: 'preview',
      cluster: null,
      input: INPUT,
      rows: ROWS,
    });
    assert.deepEqual(
      state.errors.map((e) => e.field),
      ['addresses#41'],
    );
  });

  it('does the same for the edit form', async () => {
    const state = await editAction(INITIAL_EDIT_STATE, {
      type: 'preview',
      cluster: null,
      request: {
        namespace: 'default',
        name: 'web',
        addresses: ['10.0.0.1', '127.0.0.1'],
        allowInternalTarget: false,
        versions: {},
      },
      rows: { addresses: [7, 8], ports: [] },
    });
    assert.deepEqual(
      state.errors.map((e) => e.field),
      ['addresses#8'],
    );
  });
});
