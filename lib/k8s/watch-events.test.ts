import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KubeApiError } from './transport';
import { ExpiredError, mustRelist, parseWatchLine } from './watch-events';

const PATH = '/api/v1/pods';

test('object events carry their type and object; bookmarks only their resourceVersion', () => {
  const pod = { kind: 'Pod', metadata: { name: 'a', resourceVersion: '7' } };
  for (const type of ['ADDED', 'MODIFIED', 'DELETED'] as const) {
    assert.deepEqual(parseWatchLine(JSON.stringify({ type, object: pod }), PATH), {
      kind: 'object',
      type,
      object: pod,
    });
  }
  const bookmark = {
    type: 'BOOKMARK',
    object: { kind: 'Pod', metadata: { resourceVersion: '9' } },
  };
  assert.deepEqual(parseWatchLine(JSON.stringify(bookmark), PATH), {
    kind: 'bookmark',
    resourceVersion: '9',
  });
});

test('an ERROR event with code 410 is expiry; any other code is the apiserver error it names', () => {
  const expired = { type: 'ERROR', object: { kind: 'Status', code: 410, message: 'too old' } };
  assert.throws(
    () => parseWatchLine(JSON.stringify(expired), PATH),
    (err: unknown) => err instanceof ExpiredError && err.message === `watch ${PATH}: too old`,
  );
  const forbidden = {
    type: 'ERROR',
    object: { kind: 'Status', code: 403, message: 'no', reason: 'Forbidden' },
  };
  assert.throws(
    () => parseWatchLine(JSON.stringify(forbidden), PATH),
    (err: unknown) =>
      err instanceof KubeApiError && err.status === 403 && err.message === `watch ${PATH}: no`,
  );
});

test('torn lines, events without an object and unknown types are errors, never skipped', () => {
  assert.throws(() => parseWatchLine('{"type":"ADDED","obj', PATH), /unparseable watch line/);
  assert.throws(() => parseWatchLine('{"type":"ADDED"}', PATH), /watch event without object/);
  assert.throws(
    () => parseWatchLine('{"type":"RENAMED","object":{}}', PATH),
    /unknown watch event type RENAMED/,
  );
});

test('expiry, a too-large resourceVersion and lost contact relist; other failures resume', () => {
  assert.equal(mustRelist(new ExpiredError('gone')), true);
  assert.equal(mustRelist(new KubeApiError(410, 'Gone')), true);
  assert.equal(mustRelist(new KubeApiError(504, 'Timeout: Too large resource version: 9')), true);
  assert.equal(mustRelist(new KubeApiError(504, 'Timeout: request did not complete')), false);
  assert.equal(mustRelist(new KubeApiError(500, 'boom')), false);
  assert.equal(mustRelist(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' })), true);
  assert.equal(mustRelist(new Error('unparseable watch line')), false);
});
