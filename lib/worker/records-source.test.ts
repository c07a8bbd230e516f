import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClusterInfo } from '../stream/protocol';
import { initialRecordStoreState } from '../store/record-state';
import { createRecordStore, type RecordStore } from '../store/record-store';
import type { ServiceRecord } from '../topology/records';
import { createRecordsSource, type HistoryStatus } from './records-source';

const cluster: ClusterInfo = { name: 'kind', simulated: false, readOnly: false };

function svc(uid: string): ServiceRecord {
  return {
    kind: 'Service',
    meta: { uid, name: uid, namespace: 'default', resourceVersion: '1' },
    type: 'ClusterIP',
    ports: [],
  };
}

function harness(answer: (url: string) => Promise<Response>) {
  const store = createRecordStore(
    initialRecordStoreState({
      cluster,
      sync: { kinds: {}, connection: 'live' },
      records: [svc('live')],
    }),
    { schedule: () => () => {} },
  );
  const reports: HistoryStatus[] = [];
  const streams = { opened: 0, closed: 0 };
  const urls: string[] = [];
  const source = createRecordsSource(store, (s) => reports.push(s), {
    connect: (s: RecordStore) => {
      assert.equal(s, store);
      streams.opened++;
      return () => streams.closed++;
    },
    fetch: ((url: string) => {
      urls.push(url);
      return answer(url);
    }) as typeof fetch,
  });
  const uids = () => [...store.getState().records.keys()];
  return { store, source, reports, streams, urls, uids };
}

const json = (body: unknown, status = 200, type = 'application/json') =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': type } });
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

test('an instant replaces the live records and closes the stream; live reopens it', async () => {
  const at = '2026-12-02T03:12:05Z';
  const h = harness(async () =>
    json({
      cluster,
      at,
      now: '2026-12-02T04:40:00Z',
      retainedSince: '2026-12-01T00:00:00Z',
      records: [svc('past')],
    }),
  );
  h.source.show(null);
  assert.deepEqual(h.streams, { opened: 1, closed: 0 });
  h.store.setPaused(true); // the user's pause does not keep the instant from showing
  h.source.show(at);
  assert.equal(h.source.inHistory(), true);
  assert.deepEqual(h.uids(), [], 'no live record is shown while the instant loads');
  assert.deepEqual(h.streams, { opened: 1, closed: 1 });
  assert.deepEqual(h.urls, ['/api/records?at=2026-12-02T03%3A12%3A05Z']);
  await settle();
  assert.deepEqual(h.uids(), ['past']);
  assert.deepEqual(h.store.getState().stream, { state: 'open' }, 'a closed stream is no outage');
  assert.equal(h.store.getState().pending, 0);
  assert.deepEqual(h.reports, [
    { mode: 'live' },
    { mode: 'loading', at },
    { mode: 'shown', at, now: '2026-12-02T04:40:00Z', retainedSince: '2026-12-01T00:00:00Z' },
  ]);
  h.source.show(at); // the same instant again: nothing reloads
  assert.equal(h.urls.length, 1);
  h.source.show(null);
  assert.equal(h.source.inHistory(), false);
  assert.deepEqual(h.uids(), [], 'the past is not shown as live while the stream connects');
  assert.deepEqual(h.streams, { opened: 2, closed: 1 });
  assert.deepEqual(h.reports.at(-1), { mode: 'live' });
  h.source.close();
  assert.deepEqual(h.streams, { opened: 2, closed: 2 });
});

test('a refused instant keeps the instant shown before, never the live records', async () => {
  const shown = '2026-12-02T03:12:05Z';
  const h = harness(async (url) =>
    url.includes('2020')
      ? json(
          {
            type: 'tag:switchboard.dev,2025:problem:before-retained-history',
            title: 'That instant is older than the kept history',
            status: 410,
            detail: 'History goes back to 2026-12-01T00:00:00.000Z',
            retainedSince: '2026-12-01T00:00:00.000Z',
          },
          410,
          'application/problem+json',
        )
      : json({ cluster, at: shown, now: 'n', retainedSince: 'r', records: [svc('past')] }),
  );
  // From live (a link to an instant the server refuses): the live records are gone.
  h.source.show('2020-01-01T00:00:00Z');
  await settle();
  assert.deepEqual(h.uids(), []);
  assert.deepEqual(h.reports.at(-1), {
    mode: 'failed',
    at: '2020-01-01T00:00:00Z',
    message: 'History goes back to 2026-12-01T00:00:00.000Z',
    retainedSince: '2026-12-01T00:00:00.000Z',
  });
  // From an instant shown: it stays.
  h.source.show(shown);
  await settle();
  assert.deepEqual(h.uids(), ['past']);
  h.source.show('2020-06-01T00:00:00Z');
  assert.deepEqual(h.uids(), ['past'], 'the instant shown stays while the next loads');
  await settle();
  assert.deepEqual(h.uids(), ['past']);
  assert.equal(h.reports.at(-1)?.mode, 'failed');
});

test('a newer choice wins over a load still on its way', async () => {
  const pending: ((r: Response) => void)[] = [];
  const h = harness((url) => {
    if (url.includes('03%3A00')) return new Promise<Response>((resolve) => pending.push(resolve));
    return Promise.resolve(
      json({
        cluster,
        at: '2026-12-02T04:00:00Z',
        now: 'n',
        retainedSince: 'r',
        records: [svc('four')],
      }),
    );
  });
  h.source.show('2026-12-02T03:00:00Z');
  h.source.show('2026-12-02T04:00:00Z');
  await settle();
  pending[0]!(
    json({
      cluster,
      at: '2026-12-02T03:00:00Z',
      now: 'n',
      retainedSince: 'r',
      records: [svc('three')],
    }),
  );
  await settle();
  assert.deepEqual(h.uids(), ['four']);
  assert.equal(h.reports.filter((r) => r.mode === 'shown').length, 1);
  h.source.show(null);
  assert.deepEqual(h.streams, { opened: 1, closed: 0 });
});
