import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  SseParser,
  encodeHeartbeat,
  encodeSnapshotPieces,
  encodeSseFrame,
  encodeStreamEvent,
} from './sse';
import type { ClusterInfo, StreamEvent, SyncState } from './protocol';
import type { SlimRecord } from '../topology/records';

const cluster: ClusterInfo = {
  name: 'c',
  simulated: true,
  readOnly: false,
};
const sync: SyncState = { kinds: { Pod: { synced: true, count: 2 } }, connection: 'live' };
const pod = (uid: string): SlimRecord => ({
  kind: 'Pod',
  meta: { uid, name: `p-${uid}`, namespace: 'default', resourceVersion: '1' },
  phase: 'Running',
  ready: true,
  scheduled: true,
  containerPorts: [],
  containers: [],
});

test('a frame has id, event and data lines and ends with a blank line', () => {
  assert.equal(
    encodeSseFrame({ id: '7', event: 'upsert', data: '{"a":1}' }),
    'id: 7\nevent: upsert\ndata: {"a":1}\n\n',
  );
});

test('data with newlines is spread over several data lines and parses back', () => {
  const text = encodeSseFrame({ event: 'x', data: 'one\ntwo\r\nthree' });
  assert.equal(text, 'event: x\ndata: one\ndata: two\ndata: three\n\n');
  const [msg] = new SseParser().push(text);
  assert.equal(msg?.data, 'one\ntwo\nthree');
});

test('event names and ids with a newline are rejected', () => {
  assert.throws(() => encodeSseFrame({ event: 'up\nsert', data: '' }), /newline/);
  assert.throws(() => encodeSseFrame({ id: '1\r2', data: '' }), /newline/);
  assert.throws(() => encodeSseFrame({ retry: -1 }), /retry/);
});

test('heartbeats are comments: invisible as messages, counted by the parser', () => {
  const p = new SseParser();
  assert.deepEqual(p.push(encodeHeartbeat() + encodeHeartbeat()), []);
  assert.equal(p.comments, 2);
});

test('stream events round-trip through the parser, whatever the chunking', () => {
  const events: StreamEvent[] = [
    { type: 'snapshot', cluster, sync, records: [pod('a')] },
    { type: 'upsert', records: [pod('b')] },
    { type: 'delete', refs: [{ kind: 'Pod', uid: 'a' }] },
    { type: 'status', sync },
  ];
  const text =
    'retry: 1000\n: open\n\n' +
    events
      .map((e, i) => encodeStreamEvent(e, e.type === 'status' ? undefined : String(i + 1)))
      .join('');
  for (const size of [1, 2, 3, 7, 64, text.length]) {
    const p = new SseParser();
    const got = [];
    for (let i = 0; i < text.length; i += size) got.push(...p.push(text.slice(i, i + size)));
    assert.deepEqual(
      got.map((m) => [m.event, JSON.parse(m.data)]),
      events.map((e) => [e.type, e]),
      `chunk size ${size}`,
    );
    assert.equal(p.retry, 1000);
    // The status frame has no id: the last id stays in effect (EventSource semantics).
    assert.deepEqual(
      got.map((m) => m.lastEventId),
      ['1', '2', '3', '3'],
    );
  }
});

test('CRLF and CR line endings are accepted', () => {
  const p = new SseParser();
  const got = p.push('event: a\r\ndata: 1\r\n\r\nevent: b\rdata: 2\r\r');
  // A CR at the very end may be the first half of a CRLF: it is settled by the next byte.
  got.push(...p.push(': next\n'));
  assert.deepEqual(
    got.map((m) => [m.event, m.data]),
    [
      ['a', '1'],
      ['b', '2'],
    ],
  );
});

test('a frame without data dispatches nothing; a field without a colon is a bare field', () => {
  const p = new SseParser();
  assert.deepEqual(p.push('event: x\n\n'), []);
  assert.deepEqual(
    p.push('data\n\n').map((m) => m.data),
    [''],
  );
});

test('snapshot pieces concatenate to exactly the one-frame encoding', () => {
  const records = Array.from({ length: 1203 }, (_, i) => pod(String(i)));
  for (const per of [1, 500, 5000]) {
    const pieces = [...encodeSnapshotPieces(cluster, sync, records, '42', per)];
    assert.equal(
      pieces.join(''),
      encodeStreamEvent({ type: 'snapshot', cluster, sync, records }, '42'),
    );
    if (per === 500) assert.equal(pieces.length, 2 + 3);
  }
  assert.equal(
    [...encodeSnapshotPieces(cluster, sync, [], '1')].join(''),
    encodeStreamEvent({ type: 'snapshot', cluster, sync, records: [] }, '1'),
  );
});
