/**
 * The replay slider's words: live, it counts back from now; on a recorded snapshot it counts back
 * from the snapshot's instant and never says "now (live)".
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatClock } from '@/lib/graph/describe';
import { replayWhen } from './replay-words';

test('live: now, then minutes ago', () => {
  assert.deepEqual(replayWhen(0), { label: 'now (live)', value: 'now' });
  assert.deepEqual(replayWhen(5 * 60_000), { label: '5 min ago', value: '5 minutes ago' });
});

test('a recorded snapshot: as of the snapshot and its time, then minutes before it', () => {
  const at = '2026-12-02T03:12:05.000Z';
  const clock = formatClock(at);
  assert.deepEqual(replayWhen(0, at), {
    label: `the snapshot, ${clock}`,
    value: `the snapshot, ${clock}`,
  });
  const before = replayWhen(3 * 60_000, at);
  assert.equal(before.label, `3 min before the snapshot, ${clock}`);
  assert.doesNotMatch(JSON.stringify(replayWhen(0, at)), /live|now/);
});
