import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loopSlices } from './loop-slices';

test('a slice is due once it has run its time, and not before', () => {
  const long = loopSlices(60_000);
  assert.equal(long.due(), false);
  const short = loopSlices(0.25);
  const start = performance.now();
  while (performance.now() - start < 1);
  assert.equal(short.due(), true);
});

test('next() lets the event loop run, then starts a new slice', async () => {
  // Long enough that the loop's turn never takes a whole slice, even on a busy machine.
  const slices = loopSlices(200);
  const start = performance.now();
  while (performance.now() - start < 210);
  assert.equal(slices.due(), true);
  let ran = false;
  setImmediate(() => (ran = true));
  await slices.next();
  assert.equal(ran, true, 'what was waiting on the loop ran before the next slice');
  assert.equal(slices.due(), false, 'the next slice has its own time');
});
