import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatClock } from '../graph/describe';
import { storeGapNote } from './store-gap';

const gap = (over: Partial<Parameters<typeof storeGapNote>[0] & object> = {}) => ({
  droppedFacts: 0,
  backlog: 0,
  storeUnavailable: false,
  ...over,
});

test('nothing to say when every change is stored or queued as usual', () => {
  assert.equal(storeGapNote(undefined), null);
  assert.equal(storeGapNote(gap()), null);
  assert.equal(storeGapNote(gap({ backlog: 40 })), null, 'a backlog alone is ordinary batching');
});

test('a database not answering: how many changes wait, and what a restart would cost', () => {
  const note = storeGapNote(gap({ storeUnavailable: true, backlog: 12 }))!;
  assert.match(
    note,
    /^The history database is not answering: 12 recorded changes wait to be stored\./,
  );
  assert.match(note, /a restart now would lose them/);
  assert.match(
    storeGapNote(gap({ storeUnavailable: true, backlog: 1 }))!,
    /: 1 recorded change waits to be stored/,
  );
  assert.match(storeGapNote(gap({ storeUnavailable: true }))!, /: new changes wait to be stored/);
});

test('changes dropped: how many, since when, and that the history elsewhere lacks them', () => {
  const since = '2026-12-06T03:12:05Z';
  const note = storeGapNote(gap({ droppedFacts: 3, since }))!;
  assert.ok(note.startsWith(`3 recorded changes since ${formatClock(since)} could not be stored`));
  assert.match(
    note,
    /after a restart, and on other dashboards, that part of the history is missing/,
  );
  const still = storeGapNote(gap({ droppedFacts: 1, storeUnavailable: true, backlog: 9 }))!;
  assert.match(
    still,
    /^The history database is not answering\. 1 recorded change could not be stored/,
  );
});
