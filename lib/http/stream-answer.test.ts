/**
 * `GET /api/stream`'s protocol versions, called directly (no Next server, no cluster: the
 * version is decided before the hub is asked for). A page from before version 2 gets a stream it
 * understands that says to reload — checked with the reducer and the header's logic the page
 * runs — and an unknown future version a 400 problem. Version 2 itself is served by the hub
 * (lib/k8s/hub.test.ts, app/api/read-routes.test.ts, app/api/access-routes.test.ts).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { connectionView } from '@/components/map/connection-view';
import { applyStreamEvents, initialRecordStoreState } from '@/lib/store/record-state';
import { selectLastError } from '@/lib/store/selectors';
import {
  OUTDATED_PAGE_MESSAGE,
  REFUSED_RETRY_MS,
  STREAM_PROTOCOL_VERSION,
  type StreamEvent,
} from '@/lib/stream/protocol';
import { SseParser } from '@/lib/stream/sse';
import { call, expectProblem } from '@/app/api/testing/routes';
import { GET as stream } from './stream-answer';

async function refusal(path: string) {
  const response = await call(stream, path);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
  const parser = new SseParser();
  const messages = parser.push(await response.text());
  return { messages, retry: parser.retry };
}

describe('/api/stream protocol versions', () => {
  for (const path of ['/api/stream', '/api/stream?v=1']) {
    it(`${path}: a page from before version 2 is told to reload, and waits an hour`, async () => {
      const { messages, retry } = await refusal(path);
      assert.equal(retry, REFUSED_RETRY_MS);
      assert.deepEqual(
        messages.map((m) => m.event),
        ['status', 'protocol'],
      );
      assert.ok(
        messages.every((m) => m.lastEventId === ''),
        'nothing to resume',
      );
      const protocol = JSON.parse(messages[1]!.data) as { version: number; message: string };
      assert.equal(protocol.version, STREAM_PROTOCOL_VERSION);
      // What the old page does with it: its reducer keeps its records and takes the status;
      // its header shows `lastError` whenever the state is not live.
      const status = { type: 'status', ...JSON.parse(messages[0]!.data) } as StreamEvent;
      const held = initialRecordStoreState({
        records: [
          {
            kind: 'Namespace',
            meta: { uid: 'u', name: 'default', namespace: '', resourceVersion: '1' },
            phase: 'Active',
          },
        ],
        sync: { kinds: {}, connection: 'live' },
      });
      const after = applyStreamEvents(held, [status]);
      assert.equal(after.records.size, 1, 'the map it had stays (greyed as stale)');
      assert.equal(selectLastError(after), OUTDATED_PAGE_MESSAGE);
      assert.notEqual(connectionView(after.sync, { state: 'open' }).state, 'live');
      assert.match(OUTDATED_PAGE_MESSAGE, /reload/);
    });
  }

  it('an unknown version is a 400 problem', async () => {
    for (const v of ['3', '0', 'two', '']) {
      const p = await expectProblem(await call(stream, `/api/stream?v=${v}`), 'bad-request', 400);
      assert.match(p.detail, /protocol version 2/);
    }
  });
});
