// The authentication layer: an authenticated user passes on; invalid or missing credentials are
// upstream's 401 Status.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Authenticator } from '../auth/types';
import { ApiError } from '../core/errors';
import { authenticate } from './authentication';

const request = new Request('http://x/api/v1/pods');
const fixed = (result: Awaited<ReturnType<Authenticator['authenticate']>>): Authenticator => ({
  authenticate: () => result,
});

describe('authenticate', () => {
  it('passes the authenticated user on', async () => {
    const user = { username: 'alice', groups: ['system:authenticated'] };
    assert.deepEqual(await authenticate(fixed({ ok: true, user }), request), user);
  });
  it('answers invalid credentials and unrecognised requests with 401 Unauthorized', async () => {
    for (const result of [{ ok: false as const, error: 'token expired' }, undefined]) {
      await assert.rejects(authenticate(fixed(result), request), (error: unknown) => {
        assert.ok(error instanceof ApiError);
        assert.deepEqual(error.status, {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: 'Unauthorized',
          reason: 'Unauthorized',
          code: 401,
        });
        return true;
      });
    }
  });
});
