import { describe, it, test } from 'node:test';
import assert from 'node:assert/strict';
import { clip, hasControls, neutraliseControls, showAllLabel } from './cluster-text';

test('a right-to-left override cannot reverse what follows it: it becomes a visible marker', () => {
  const hostile = 'image pulled: evil\u202Egnp.exe';
  assert.equal(neutraliseControls(hostile), 'image pulled: evil[U+202E]gnp.exe');
  assert.ok(hasControls(hostile));
});

test('every bidi formatting character and invisible separator is marked', () => {
  const all =
    '\u061C\u200B\u200E\u200F\u202A\u202B\u202C\u202D\u202E\u2060\u2066\u2067\u2068\u2069\uFEFF';
  const out = neutraliseControls(all);
  assert.equal(
    out,
    '[U+061C][U+200B][U+200E][U+200F][U+202A][U+202B][U+202C][U+202D][U+202E][U+2060][U+2066][U+2067][U+2068][U+2069][U+FEFF]',
  );
  assert.equal(hasControls(out), false, 'the result is itself clean');
});

test('C0/C1 controls, escape sequences and DEL are marked; tab and newline stay', () => {
  assert.equal(
    neutraliseControls('a\u0000b\u001B[31mred\u007F\u0085'),
    'a[U+0000]b[U+001B][31mred[U+007F][U+0085]',
  );
  assert.equal(neutraliseControls('line 1\n\tline 2'), 'line 1\n\tline 2');
  assert.equal(hasControls('line 1\n\tline 2'), false);
});

test('printable text of every script is left alone, joiners included', () => {
  for (const text of [
    'Back-off pulling image "nginx:1.27"',
    'שלום עולם',
    'مرحبا',
    '👩‍💻 ok',
    'क्‍ष',
    '',
  ]) {
    assert.equal(neutraliseControls(text), text);
    assert.equal(hasControls(text), false, text);
  }
});

test('hasControls gives the same answer on repeated calls (no regex state leaks)', () => {
  for (let i = 0; i < 3; i++) assert.ok(hasControls('x\u202Ey'));
  for (let i = 0; i < 3; i++) assert.ok(!hasControls('plain'));
});

test('clip cuts at code points, never inside a surrogate pair, and says whether it cut', () => {
  assert.deepEqual(clip('short', 10), { text: 'short', clipped: false });
  assert.deepEqual(clip('abcdef', 3), { text: 'abc', clipped: true });
  assert.deepEqual(clip('😀😀😀', 2), { text: '😀😀', clipped: true });
  assert.deepEqual(
    clip('😀😀', 2),
    { text: '😀😀', clipped: false },
    '4 UTF-16 units, 2 code points',
  );
  assert.deepEqual(clip('', 0), { text: '', clipped: false });
});

describe('the "Show all" button\'s name', () => {
  it('says how much and what it expands, starting with its visible words', () => {
    assert.equal(
      showAllLabel('é'.repeat(265), 'the selectorless-no-endpoints problem of shop/cart'),
      'Show all 265 characters of the selectorless-no-endpoints problem of shop/cart',
    );
    // Code points, as clip counts them: a surrogate pair is one character.
    assert.equal(showAllLabel('😀😀', 'x'), 'Show all 2 characters of x');
  });
});
