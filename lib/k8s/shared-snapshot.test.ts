import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SharedSnapshot } from './shared-snapshot';

/** A snapshot source of `n` pieces of `size` characters that counts what it was asked for. */
function source(n: number, size = 10) {
  const counter = { pulled: 0 };
  function* pieces() {
    for (let i = 0; i < n; i++) {
      counter.pulled++;
      yield String(i % 10).repeat(size);
    }
  }
  return { counter, iterator: pieces() };
}

function readAll(snap: SharedSnapshot, reader: object): string {
  let out = '';
  for (;;) {
    const piece = snap.next(reader);
    if (piece === 'done') return out;
    assert.notEqual(piece, 'behind');
    out += new TextDecoder().decode(piece as Uint8Array);
  }
}

test('readers of one sequence number share one encoding, piece by piece', () => {
  const { counter, iterator } = source(5);
  const snap = new SharedSnapshot(7, iterator);
  const a = {};
  const b = {};
  snap.join(a);
  assert.equal(new TextDecoder().decode(snap.next(a) as Uint8Array), '0'.repeat(10));
  snap.join(b); // still joinable: the first piece is held for it
  const all = readAll(snap, a);
  assert.equal(readAll(snap, b), '0'.repeat(10) + all);
  assert.equal(counter.pulled, 5, 'each piece encoded once');
  assert.equal(snap.idle, true, 'released once no reader is left');
  assert.equal(snap.bytesHeld, 0);
});

test('retired: nobody joins, and pieces every reader is past are released', () => {
  const { iterator } = source(6);
  const snap = new SharedSnapshot(1, iterator);
  const a = {};
  const b = {};
  snap.join(a);
  snap.join(b);
  for (let i = 0; i < 4; i++) snap.next(a);
  snap.next(b);
  assert.equal(snap.bytesHeld, 40);
  snap.retire();
  assert.equal(snap.joinable, false);
  assert.equal(snap.bytesHeld, 30, 'the piece both have read is gone');
  snap.leave(b);
  assert.equal(snap.bytesHeld, 0, 'a is past everything held');
  readAll(snap, a);
  assert.equal(snap.idle, true);
});

test('a reader too far behind is dropped instead of pinning the encoding', () => {
  const { iterator } = source(100, 100);
  const snap = new SharedSnapshot(1, iterator, 1000);
  const fast = {};
  const stalled = {};
  snap.join(fast);
  snap.join(stalled);
  snap.next(stalled);
  const text = readAll(snap, fast);
  assert.equal(text.length, 100 * 100, 'the fast reader is never held back');
  assert.ok(snap.bytesHeld <= 1000);
  assert.equal(snap.next(stalled), 'behind');
  assert.equal(snap.idle, true);
});
