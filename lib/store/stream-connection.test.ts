/**
 * The browser end of the stream with a stand-in EventSource: it asks for protocol version 2, a
 * patch that does not fit makes it start again from a fresh snapshot on a new EventSource (which
 * sends no Last-Event-ID), and a `protocol` refusal stops it for good. When the browser gives up
 * on it, a 401 or 403 stops it for good with the server's words; a 5xx is retried. Another tab
 * signing out closes the open stream and learns its answer the same way.
 */
import assert from 'node:assert/strict';
import { beforeEach, mock, test } from 'node:test';
import type { StreamEvent } from '../stream/protocol';
import type { PodRecord } from '../topology/records';
import { initialRecordStoreState } from './record-state';
import { createRecordStore } from './record-store';
import { announceSignedOut } from '../auth/sign-out-signal';
import { connectStream, STREAM_URL } from './stream-connection';
import {
  CLOSED,
  type EventStream,
  type ReadyState,
  type StreamMessage,
} from './fetch-event-source';

class FakeEventSource implements EventStream {
  static readonly CLOSED = CLOSED;
  /** The browser gives up on it: an answer that is not a stream (EventSource fails it). */
  fail() {
    this.readyState = FakeEventSource.CLOSED;
    this.onerror?.();
  }
  static all: FakeEventSource[] = [];
  readyState: ReadyState = 1;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  private readonly listeners = new Map<string, ((m: StreamMessage) => void)[]>();
  constructor(readonly url: string) {
    FakeEventSource.all.push(this);
  }
  addEventListener(type: string, fn: (m: StreamMessage) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
  }
  emit(event: StreamEvent | { type: 'protocol'; version: number; message: string }) {
    const { type, ...rest } = event;
    for (const fn of this.listeners.get(type) ?? [])
      fn({ data: JSON.stringify(rest), lastEventId: '' });
  }
  close() {
    this.readyState = FakeEventSource.CLOSED;
  }
}

beforeEach(() => {
  FakeEventSource.all = [];
});
const openFake = (url: string) => new FakeEventSource(url);

const pod: PodRecord = {
  kind: 'Pod',
  meta: { uid: 'p', name: 'p', namespace: 'default', resourceVersion: '1' },
  phase: 'Running',
  ready: true,
  scheduled: true,
  containerPorts: [],
  containers: [],
};
const snapshot: StreamEvent = {
  type: 'snapshot',
  cluster: { name: 'c', simulated: true, readOnly: false },
  sync: { kinds: {}, connection: 'live' },
  records: [pod],
};
const stalePatch: StreamEvent = {
  type: 'delta',
  patches: [{ u: 'p', b: '7', v: '8', s: { ready: false } }],
};

test('a patch that does not fit opens a new stream, once, and its snapshot repairs the store', () => {
  const store = createRecordStore(initialRecordStoreState(), { schedule: () => () => undefined });
  const close = connectStream(store, STREAM_URL, openFake);
  try {
    const [first] = FakeEventSource.all;
    assert.equal(first?.url, STREAM_URL);
    assert.match(STREAM_URL, /[?&]v=2$/);
    first.emit(snapshot);
    first.emit({ type: 'delta', patches: [{ u: 'p', b: '1', v: '2', s: { ready: false } }] });
    store.flush();
    assert.equal(store.getState().records.get('p')?.meta.resourceVersion, '2');
    assert.equal(FakeEventSource.all.length, 1, 'a patch that fits changes nothing else');

    first.emit(stalePatch);
    store.flush();
    assert.equal(store.getState().resync, true);
    assert.equal(FakeEventSource.all.length, 2, 'a new EventSource: no Last-Event-ID');
    assert.equal(first.readyState, FakeEventSource.CLOSED);
    const second = FakeEventSource.all[1]!;
    second.emit(stalePatch); // still stale until the snapshot: no third stream
    store.flush();
    assert.equal(FakeEventSource.all.length, 2);
    second.emit(snapshot);
    store.flush();
    assert.equal(store.getState().resync, false);
    assert.equal(store.getState().records.get('p')?.meta.resourceVersion, '1');
    second.emit(stalePatch);
    store.flush();
    assert.equal(FakeEventSource.all.length, 3, 'and again the next time');
  } finally {
    close();
  }
});

test('a protocol refusal closes the stream for good and the page shows why', () => {
  const store = createRecordStore(initialRecordStoreState(), { schedule: () => () => undefined });
  const close = connectStream(store, STREAM_URL, openFake);
  try {
    const [es] = FakeEventSource.all;
    const message = 'reload the page.';
    es!.emit({
      type: 'status',
      sync: { kinds: {}, connection: 'reconnecting', lastError: message },
    });
    es!.emit({ type: 'protocol', version: 3, message });
    assert.equal(es!.readyState, FakeEventSource.CLOSED);
    assert.equal(store.getState().sync?.lastError, message);
    assert.equal(store.getState().stream.state, 'error');
    assert.equal(FakeEventSource.all.length, 1, 'no new stream');
  } finally {
    close();
  }
});

/** What the stream's URL answers when asked again with fetch, for the next test. */
function answering(status: number, detail: string) {
  const g = globalThis as unknown as { fetch: typeof fetch };
  const real = g.fetch;
  const asked: string[] = [];
  g.fetch = async (url) => {
    asked.push(String(url));
    return new Response(JSON.stringify({ status, detail }), { status });
  };
  return { asked, restore: () => void (g.fetch = real) };
}

/** Until the refusal has been learnt (a fetch and its body: a few turns of the event loop). */
async function settled(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

for (const status of [401, 403] as const) {
  test(`a ${status} after the map loaded stops the stream for good, with the server's words`, async () => {
    const answer = answering(status, 'Your token is no longer accepted. Sign in again.');
    mock.timers.enable({ apis: ['setTimeout'] });
    const store = createRecordStore(initialRecordStoreState(), { schedule: () => () => undefined });
    const close = connectStream(store, STREAM_URL, openFake);
    try {
      const [es] = FakeEventSource.all;
      es!.onopen?.();
      es!.emit(snapshot);
      es!.fail();
      await settled();
      assert.deepEqual(answer.asked, [STREAM_URL], 'the same URL, asked once');
      const stream = store.getState().stream;
      assert.equal(stream.state, 'refused');
      assert.deepEqual(stream.refusal, {
        status,
        detail: 'Your token is no longer accepted. Sign in again.',
      });
      mock.timers.tick(120_000);
      assert.equal(FakeEventSource.all.length, 1, 'no retry: it would be refused every time');
    } finally {
      close();
      mock.timers.reset();
      answer.restore();
    }
  });
}

test('a server error is retried with backoff, as a network error is', async () => {
  const answer = answering(503, 'The dashboard is shutting down');
  mock.timers.enable({ apis: ['setTimeout'] });
  const store = createRecordStore(initialRecordStoreState(), { schedule: () => () => undefined });
  const close = connectStream(store, STREAM_URL, openFake);
  try {
    FakeEventSource.all[0]!.fail();
    await settled();
    assert.equal(store.getState().stream.state, 'error');
    mock.timers.tick(30_000);
    assert.equal(FakeEventSource.all.length, 2, 'a new stream after the backoff');
  } finally {
    close();
    mock.timers.reset();
    answer.restore();
  }
});

test('another tab signing out ends the open stream: the server refuses it, the page says so', async () => {
  const answer = answering(401, 'Sign in with a Kubernetes token.');
  const store = createRecordStore(initialRecordStoreState(), { schedule: () => () => undefined });
  const close = connectStream(store, STREAM_URL, openFake);
  try {
    const [es] = FakeEventSource.all;
    es!.onopen?.();
    es!.emit(snapshot);
    assert.equal(store.getState().stream.state, 'open');
    announceSignedOut();
    for (let i = 0; i < 50 && store.getState().stream.state !== 'refused'; i++) await settled();
    assert.equal(es!.readyState, FakeEventSource.CLOSED, 'the open stream is closed');
    assert.deepEqual(answer.asked, [STREAM_URL]);
    assert.equal(store.getState().stream.state, 'refused');
    assert.equal(store.getState().stream.refusal?.status, 401);
    assert.equal(FakeEventSource.all.length, 1, 'not opened again');
  } finally {
    close();
    answer.restore();
  }
});
