import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KubeApiError } from './transport';
import {
  ExpiredError,
  mustRelist,
  parseWatchLine,
  relistAtOnce,
  WatchLineError,
} from './watch-events';
import { HangError } from './watch-request';

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

test('expiry, a too-large resourceVersion and any lost contact relist; server answers and torn lines resume', () => {
  assert.equal(mustRelist(new ExpiredError('gone')), true);
  assert.equal(mustRelist(new KubeApiError(410, 'Gone')), true);
  assert.equal(mustRelist(new KubeApiError(504, 'Timeout: Too large resource version: 9')), true);
  assert.equal(mustRelist(new KubeApiError(504, 'Timeout: request did not complete')), false);
  assert.equal(mustRelist(new KubeApiError(500, 'boom')), false);
  assert.equal(mustRelist(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' })), true);
  // Killed and restarted within the retry delay: the old connection is reset, not refused.
  assert.equal(mustRelist(Object.assign(new Error('read'), { code: 'ECONNRESET' })), true);
  assert.equal(mustRelist(new Error('socket hang up')), true);
  assert.equal(mustRelist(new Error('connection closed before the response ended')), true);
  assert.equal(mustRelist(new HangError(75_000)), true);
  assert.equal(mustRelist(new WatchLineError('unparseable watch line')), false);
  // Only what the server itself said about the resourceVersion relists without waiting.
  assert.equal(relistAtOnce(new ExpiredError('gone')), true);
  assert.equal(relistAtOnce(new KubeApiError(504, 'Timeout: Too large resource version: 9')), true);
  assert.equal(relistAtOnce(Object.assign(new Error('read'), { code: 'ECONNRESET' })), false);
  assert.equal(relistAtOnce(new KubeApiError(500, 'boom')), false);
});
