import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { problemTypeOf } from './problem';
import {
  failureToProblem,
  isWriteFailure,
  problemToFailure,
  type WriteFailure,
} from './write-results';

const ref = { kind: 'Service' as const, namespace: 'ns', name: 'n', uid: 'u' };

const FAILURES: WriteFailure[] = [
  { status: 'invalid', errors: [{ field: 'addresses.0', message: 'loopback', code: 'x' }] },
  { status: 'read-only', message: 'read-only mode' },
  {
    status: 'forbidden',
    message: 'no',
    denied: [{ verb: 'create', resource: 'services', group: '', namespace: 'ns', message: 'no' }],
    kubernetes: { code: 403, reason: 'Forbidden' },
  },
  { status: 'conflict', message: 'exists', focus: '/?focus=ns/n', kubernetes: { code: 409 } },
  { status: 'stale-preview', message: 'preview again' },
  { status: 'failed', message: 'gone', rolledBack: [ref], leftBehind: [] },
];

describe('write failures as problems', () => {
  it('each failure travels as a problem of its own type and comes back unchanged', () => {
    for (const failure of FAILURES) {
      const p = failureToProblem(failure);
      assert.equal(problemTypeOf(p), failure.status);
      assert.ok(p.status >= 400);
      assert.ok(p.detail.length > 0);
      assert.deepEqual(problemToFailure(JSON.parse(JSON.stringify(p))), failure);
    }
  });

  it('statuses: 422 invalid, 403 read-only/forbidden, 409 conflict/stale-preview, 502 failed', () => {
    assert.deepEqual(
      FAILURES.map((f) => failureToProblem(f).status),
      [422, 403, 403, 409, 409, 502],
    );
  });

  it('an invalid problem names its fields in the detail', () => {
    assert.match(failureToProblem(FAILURES[0]!).detail, /addresses\.0: loopback/);
  });

  it('a problem that is no write outcome becomes `failed` with its words', () => {
    const failure = problemToFailure({
      type: 'about:blank',
      title: 'Bad Gateway',
      status: 502,
      detail: 'HTTP 502',
    });
    assert.deepEqual(failure, {
      status: 'failed',
      message: 'HTTP 502',
      rolledBack: [],
      leftBehind: [],
    });
  });

  it('tells successes from failures', () => {
    assert.equal(isWriteFailure({ status: 'created', focus: '/', created: [] }), false);
    assert.ok(FAILURES.every(isWriteFailure));
  });
});
