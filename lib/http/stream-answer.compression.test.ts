/**
 * `GET /api/stream` compressed as the standalone server sends it: the stream's wrapper compresses
 * (lib/http/stream-compression.ts) and the answer is written on Node's response with its own
 * `Content-Encoding` (lib/http/node-answer.ts, as pages/api/stream.ts serves it), on loopback. A
 * readiness flip's frames — built with the hub's patches from a fixed scenario, as the embedded
 * cluster's `large:N` produces them — must cost a tab at most 300 bytes on the wire, and every
 * frame must arrive while the stream stays open (never held back for more).
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import zlib from 'node:zlib';
import type { EndpointsRecord, EndpointSliceRecord, PodRecord } from '@/lib/topology/records';
import { controllerEndpoints, controllerSlices } from '@/lib/topology/testing/endpoints';
import { podRecord, serviceRecord } from '@/lib/topology/testing/objects';
import { diffRecord, type RecordPatch } from '@/lib/stream/record-patch';
import { encodeStreamEvent } from '@/lib/stream/sse';
import { call } from '@/app/api/testing/routes';
import { serveOnNode } from './node-answer';
import { gzipAnswers } from './stream-compression';
import { GET as stream } from './stream-answer';

const encoder = new TextEncoder();
const OPENING = 'retry: 1000\n: open\n\n';
let server: http.Server;
let port = 0;
/** What the route's stream gives, pushed by the test. */
let push: (text: string) => void = () => undefined;
let routeHeaders: Headers;

before(async () => {
  // The route's own headers (the refusal answer is built with the same ones as the stream).
  routeHeaders = (await call(stream, '/api/stream')).headers;
  server = http.createServer((req, res) => {
    const body = new ReadableStream<Uint8Array>({
      start: (controller) => {
        push = (text) => controller.enqueue(encoder.encode(text));
        req.once('close', () => {
          try {
            controller.close();
          } catch {
            // Already cancelled: the tab going cancels the answer's body first.
          }
        });
        // As the hub's stream does: its first bytes at once.
        push(OPENING);
      },
    });
    const route = gzipAnswers(async () => new Response(body, { headers: routeHeaders }));
    void serveOnNode(req, res, (request) => route(request));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** A tab that accepts gzip, as browsers do: wire bytes, and the text they inflate to. */
async function openTab() {
  const state = { wire: 0, text: '', encoding: '' };
  const inflate = zlib.createGunzip();
  inflate.on('data', (chunk: Buffer) => (state.text += chunk.toString('utf8')));
  inflate.on('error', () => undefined);
  const request = await new Promise<http.ClientRequest>((resolve) => {
    const req = http.get(
      `http://127.0.0.1:${port}/api/stream?v=2`,
      { headers: { 'accept-encoding': 'gzip, deflate, br, zstd' } },
      (res) => {
        state.encoding = String(res.headers['content-encoding'] ?? '');
        res.on('data', (chunk: Buffer) => {
          state.wire += chunk.byteLength;
          if (state.encoding === 'gzip') inflate.write(chunk);
          else state.text += chunk.toString('utf8');
        });
        res.on('error', () => undefined);
        resolve(req);
      },
    );
    req.on('error', () => undefined);
  });
  return { state, close: () => request.destroy() };
}

async function until(what: string, condition: () => boolean): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`never happened: ${what}`);
}

/**
 * Readiness flips of one pod behind a Service of six, as they reach the stream from the embedded
 * cluster (bench/dashboard-server.ts): the pod's annotation write (who changed it), the
 * kubelet's Ready condition, then its Endpoints and EndpointSlice — three frames.
 */
function flips(count: number): string[][] {
  const svc = serviceRecord('team-a', 'web', { selector: { app: 'web' } });
  const pods = Array.from({ length: 6 }, (_, i) =>
    podRecord('team-a', `web-7d9c5b-${i}`, { labels: { app: 'web' } }),
  );
  let pod: PodRecord = { ...pods[0]!, meta: { ...pods[0]!.meta, resourceVersion: '1000' } };
  let slice: EndpointSliceRecord = controllerSlices(svc, pods)[0]!;
  let ep: EndpointsRecord = controllerEndpoints(svc, pods);
  let rv = 1000;
  let seq = 10;
  const frame = (...patches: (RecordPatch | undefined)[]) => {
    assert.ok(patches.every(Boolean), 'every change is a patch');
    const id = `3f2a9c01b7e4.${++seq}`;
    return encodeStreamEvent({ type: 'delta', patches: patches as RecordPatch[] }, id);
  };
  const change = <T extends PodRecord | EndpointSliceRecord | EndpointsRecord>(
    record: T,
    edit: (copy: T) => void,
  ): [RecordPatch | undefined, T] => {
    const copy = structuredClone(record);
    copy.meta.resourceVersion = String(++rv);
    edit(copy);
    return [diffRecord(record, copy), copy];
  };
  const out: string[][] = [];
  for (let i = 0; i < count; i++) {
    const down = i % 2 === 0;
    const time = `2026-12-03T20:2${Math.floor(i / 6)}:${String((i * 7) % 60).padStart(2, '0')}Z`;
    let annotated: RecordPatch | undefined;
    [annotated, pod] = change(pod, (p) => {
      p.meta.lastChange = { manager: 'kubectl-annotate', operation: 'Update', time };
    });
    let ready: RecordPatch | undefined;
    [ready, pod] = change(pod, (p) => {
      p.ready = !down;
      p.containers[0]!.ready = !down;
      if (down) {
        p.readyReason = 'ContainersNotReady';
        p.readyMessage = 'containers with unready status: [main]';
      } else {
        delete p.readyReason;
        delete p.readyMessage;
      }
    });
    let epPatch: RecordPatch | undefined;
    [epPatch, ep] = change(ep, (e) => {
      const subset = e.subsets[0]!;
      const [from, to] = down
        ? [subset.addresses, subset.notReadyAddresses]
        : [subset.notReadyAddresses, subset.addresses];
      const at = from.findIndex((a) => a.ip === pod.podIP);
      to.unshift(...from.splice(at, 1));
    });
    let slicePatch: RecordPatch | undefined;
    [slicePatch, slice] = change(slice, (s) => {
      const endpoint = s.endpoints.find((e) => e.addresses[0] === pod.podIP)!;
      endpoint.ready = !down;
      endpoint.serving = !down;
    });
    out.push([frame(annotated), frame(ready), frame(epPatch, slicePatch)]);
  }
  return out;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2;
};

test('a readiness flip costs a tab at most 300 bytes on the wire (its frames are ~870)', async () => {
  const tab = await openTab();
  try {
    await until('the stream open', () => tab.state.text === OPENING);
    assert.equal(tab.state.encoding, 'gzip', 'the stream is compressed for a tab that accepts it');
    let expected = OPENING;
    const raw: number[] = [];
    const wire: number[] = [];
    for (const frames of flips(10)) {
      const before = tab.state.wire;
      for (const f of frames) {
        push(f);
        expected += f;
        // Each frame arrives whole while the stream stays open: flushed, not held back.
        await until('the frame inflated on the tab', () => tab.state.text === expected);
      }
      raw.push(encoder.encode(frames.join('')).byteLength);
      wire.push(tab.state.wire - before);
    }
    assert.ok(median(raw) > 600, `the frames as text: median ${median(raw)} B (${raw.join(' ')})`);
    assert.ok(median(wire) <= 300, `on the wire: median ${median(wire)} B (${wire.join(' ')})`);
  } finally {
    tab.close();
  }
});
