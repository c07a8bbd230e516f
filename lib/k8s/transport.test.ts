/**
 * The transport's own timeouts (the identity check and the progress check) fire even when the
 * server never answers and a garbage collection runs meanwhile: a lost timeout leaves a watch
 * loop waiting on that request for as long as the connection stays open.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import v8 from 'node:v8';
import vm from 'node:vm';
import { createKubeTransport } from './transport';
import { kubeConfigFor, sleep } from './testing/helpers';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** Accepts connections and never answers (a frozen server, or a path that lost the request). */
async function silentServer(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** How `request` ends, or 'still waiting' once `boundMs` has passed (far beyond its timeout). */
async function outcome(request: Promise<unknown>, boundMs: number): Promise<string> {
  let bound: NodeJS.Timeout | undefined;
  const late = new Promise<string>((resolve) => {
    bound = setTimeout(() => resolve('still waiting'), boundMs);
  });
  const ended = request.then(
    () => 'answered',
    (error: unknown) => `failed: ${(error as Error).name}`,
  );
  const result = await Promise.race([ended, late]);
  clearTimeout(bound);
  return result;
}

type Check = 'clusterUid' | 'changedSince';

/** Starts `check` against a silent server with the caller's own signal, as the watch loop does. */
async function startCheck(
  t: { after(fn: () => Promise<void>): void },
  check: Check,
  pingTimeoutMs: number,
): Promise<{ request: Promise<unknown>; caller: AbortController }> {
  const server = await silentServer();
  t.after(() => server.close());
  const transport = createKubeTransport(kubeConfigFor(server.url, 'token'), { pingTimeoutMs });
  const caller = new AbortController();
  const request =
    check === 'clusterUid'
      ? transport.clusterUid!(caller.signal)
      : transport.changedSince!('/api/v1/pods', '42', caller.signal);
  await sleep(50);
  return { request, caller };
}

for (const check of ['clusterUid', 'changedSince'] as const) {
  test(`${check} gives up at its timeout on a silent server, whatever the garbage collector does`, async (t) => {
    // The caller's signal never aborts here: only the check's own timeout can end it.
    const { request } = await startCheck(t, check, 200);
    gc();
    gc();
    assert.equal(await outcome(request, 10_000), 'failed: AbortError');
  });

  test(`${check} ends at once when the caller aborts`, async (t) => {
    const { request, caller } = await startCheck(t, check, 60_000);
    caller.abort(new Error('stopped'));
    assert.equal(await outcome(request, 10_000), 'failed: AbortError');
  });
}
