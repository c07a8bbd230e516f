import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ListPageParser } from './list-page';

/** Parses `text` written in pieces cut at `cuts`; answers the items and the rest. */
function parse(text: string, cuts: number[]): { items: unknown[]; rest: Record<string, unknown> } {
  const items: unknown[] = [];
  const parser = new ListPageParser((item) => items.push(item));
  let from = 0;
  for (const cut of [...cuts, text.length]) {
    parser.write(text.slice(from, cut));
    from = cut;
  }
  return { items, rest: parser.end() };
}

const tricky = {
  kind: 'PodList',
  apiVersion: 'v1',
  metadata: { resourceVersion: '42', continue: 'tok"en\\', note: { items: ['not', 'these'] } },
  items: [
    { metadata: { name: 'a', uid: '1', labels: { 'x\\': 'y"}]{[' } }, items: [{ deep: true }] },
    { metadata: { name: 'b\u00e9\u2028', uid: '2' }, spec: { s: '\\\\"', e: [], o: {} } },
    { metadata: { name: 'c', uid: '3' }, status: { conditions: [{ type: 'Ready' }] } },
  ],
};

function expected(doc: { items: unknown[] }) {
  return { items: doc.items, rest: { ...doc, items: [] } };
}

test('items come one by one, and the rest is the document without them, however the text is cut', () => {
  for (const text of [JSON.stringify(tricky), JSON.stringify(tricky, null, 2)]) {
    for (let cut = 0; cut <= text.length; cut++) {
      assert.deepEqual(parse(text, [cut]), expected(tricky), `cut at ${cut}`);
    }
    for (let a = 0; a < text.length; a += 7) {
      assert.deepEqual(parse(text, [a, a + 1, a + 2]), expected(tricky), `cuts from ${a}`);
    }
  }
});

test('every item is handed over as soon as its last character arrives', () => {
  const text = JSON.stringify(tricky);
  const seen: unknown[] = [];
  const parser = new ListPageParser((item) => seen.push(item));
  const endOfFirst = text.indexOf(',{"metadata":{"name":"b');
  parser.write(text.slice(0, endOfFirst));
  assert.deepEqual(seen, [tricky.items[0]]);
  parser.write(text.slice(endOfFirst));
  assert.equal(seen.length, 3);
  parser.end();
});

test('a list with no items, items before metadata, and no items key at all', () => {
  for (const doc of [
    { kind: 'List', metadata: { resourceVersion: '1' }, items: [] },
    { items: [{ a: 1 }], metadata: { resourceVersion: '2' } },
  ]) {
    assert.deepEqual(parse(JSON.stringify(doc), [3, 9]), expected(doc));
  }
  const none = { kind: 'Status', code: 410, details: { items: [1] } };
  assert.deepEqual(parse(JSON.stringify(none), [5]), { items: [], rest: none });
});

test('text cut short, or not an object, fails as JSON.parse would', () => {
  const text = JSON.stringify(tricky);
  for (const cut of [1, 40, text.indexOf('"items"') + 10, text.length - 1]) {
    assert.throws(() => parse(text.slice(0, cut), []), SyntaxError, `cut short at ${cut}`);
  }
  assert.throws(() => parse('[1,2]', []), SyntaxError);
  assert.throws(() => parse('{"a":1}}', []), SyntaxError);
});
