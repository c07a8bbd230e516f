import { test } from 'node:test';
import assert from 'node:assert/strict';
import v8 from 'node:v8';
import vm from 'node:vm';
import { timeoutSignal } from './timeout-signal';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const aborted = (signal: AbortSignal) =>
  new Promise<unknown>((resolve) =>
    signal.addEventListener('abort', () => resolve(signal.reason), { once: true }),
  );

test('aborts with a TimeoutError after its time, even after a garbage collection', async () => {
  // The timer does not keep the process alive; a request in flight would.
  const alive = setInterval(() => undefined, 1_000);
  const parent = new AbortController();
  const { signal } = timeoutSignal(100, parent.signal);
  const reason = aborted(signal);
  gc();
  gc();
  const error = (await reason) as DOMException;
  clearInterval(alive);
  assert.equal(error.name, 'TimeoutError');
});

test("aborts with the parent's reason, at once when the parent has already aborted", async () => {
  const parent = new AbortController();
  const bound = timeoutSignal(60_000, parent.signal);
  const why = new Error('stopped');
  const reason = aborted(bound.signal);
  parent.abort(why);
  assert.equal(await reason, why);
  bound.dispose();

  const done = timeoutSignal(60_000, parent.signal);
  assert.equal(done.signal.aborted, true);
  assert.equal(done.signal.reason, why);
  done.dispose();
});

test('dispose stops the timer and leaves the parent alone', async () => {
  const parent = new AbortController();
  const bound = timeoutSignal(20, parent.signal);
  bound.dispose();
  await new Promise((resolve) => setTimeout(resolve, 60));
  assert.equal(bound.signal.aborted, false);
  parent.abort(new Error('later'));
  assert.equal(bound.signal.aborted, false);
});
