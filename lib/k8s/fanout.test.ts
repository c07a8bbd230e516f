/**
 * The fan-out on its own (lib/k8s/fanout.ts): tabs that start from the same sequence number
 * share one snapshot encoding, later ones get a new one, and resume still replays frames.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SseParser, type SseMessage } from '../stream/sse';
import { Fanout } from './fanout';

function snapshots(records: number) {
  let started = 0;
  const source = (id: string) => {
    started++;
    return (function* () {
      yield `id: ${id}\nevent: snapshot\ndata: {"type":"snapshot","records":[`;
      for (let i = 0; i < records; i++) yield `${i ? ',' : ''}{"n":${i}}`;
      yield ']}\n\n';
    })();
  };
  return { source, started: () => started };
}

async function readUntil(stream: ReadableStream<Uint8Array>, done: (m: SseMessage[]) => boolean) {
  const reader = stream.getReader();
  const parser = new SseParser();
  const decoder = new TextDecoder();
  const messages: SseMessage[] = [];
  while (!done(messages)) {
    const { value, done: end } = await reader.read();
    if (end) break;
    messages.push(...parser.push(decoder.decode(value, { stream: true })));
  }
  await reader.cancel();
  return messages;
}

test('50 tabs at one sequence number share one snapshot encoding', async () => {
  const snap = snapshots(2000);
  const fanout = new Fanout({ streamHighWaterMark: 1024 }, snap.source);
  const subs = Array.from({ length: 50 }, () => fanout.subscribe(null, () => new Uint8Array()));
  const got = await Promise.all(
    subs.map((s) => readUntil(s.stream, (m) => m.some((x) => x.event === 'snapshot'))),
  );
  assert.equal(snap.started(), 1, 'one encoding for all 50');
  assert.equal(fanout.snapshotsEncoded, 1);
  const first = got[0]!.find((m) => m.event === 'snapshot')!;
  assert.equal((JSON.parse(first.data) as { records: unknown[] }).records.length, 2000);
  for (const g of got)
    assert.deepEqual(
      g.find((m) => m.event === 'snapshot'),
      first,
    );
  assert.equal(fanout.size, 0, 'all released');

  // The sequence moves: a later tab gets a new encoding at the new id, and an id resumes.
  fanout.publish({ type: 'delta', deletes: [{ kind: 'Pod', uid: 'x' }] });
  const later = await readUntil(fanout.subscribe(null, () => new Uint8Array()).stream, (m) =>
    m.some((x) => x.event === 'snapshot'),
  );
  assert.equal(snap.started(), 2);
  assert.notEqual(later.at(-1)!.lastEventId, first.lastEventId);
  const resumed = fanout.subscribe(first.lastEventId, () => new TextEncoder().encode(': s\n\n'));
  assert.equal(resumed.resumed, true);
  const replay = await readUntil(resumed.stream, (m) => m.some((x) => x.event === 'delta'));
  assert.deepEqual(
    replay.map((m) => m.event),
    ['delta'],
  );
  fanout.closeAll();
});
