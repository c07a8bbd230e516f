/**
 * Go's encoding/csv reader cases (src/encoding/csv/reader_test.go readTests) that apply to the
 * token file's settings (comma, no comment character, strict quotes, no trimming, any number of
 * fields). Markers as upstream: § starts a field, ¶ separates records, ∑ marks where an error is
 * reported; they are removed before parsing.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CsvParseError, ERR_BARE_QUOTE, ERR_QUOTE, readAllRecords } from './go-csv';

interface Case {
  name: string;
  input: string;
  output?: string[][];
  error?: typeof ERR_BARE_QUOTE | typeof ERR_QUOTE;
}

const CASES: Case[] = [
  { name: 'Simple', input: '§a,§b,§c\n', output: [['a', 'b', 'c']] },
  {
    name: 'CRLF',
    input: '§a,§b\r\n¶§c,§d\r\n',
    output: [
      ['a', 'b'],
      ['c', 'd'],
    ],
  },
  { name: 'BareCR', input: '§a,§b\rc,§d\r\n', output: [['a', 'b\rc', 'd']] },
  {
    name: 'RFC4180test',
    input:
      '§#field1,§field2,§field3\n¶§"aaa",§"bb\nb",§"ccc"\n¶§"a,a",§"b""bb",§"ccc"\n¶§zzz,§yyy,§xxx\n',
    output: [
      ['#field1', 'field2', 'field3'],
      ['aaa', 'bb\nb', 'ccc'],
      ['a,a', 'b"bb', 'ccc'],
      ['zzz', 'yyy', 'xxx'],
    ],
  },
  { name: 'NoEOLTest', input: '§a,§b,§c', output: [['a', 'b', 'c']] },
  {
    name: 'MultiLine',
    input: '§"two\nline",§"one line",§"three\nline\nfield"',
    output: [['two\nline', 'one line', 'three\nline\nfield']],
  },
  {
    name: 'BlankLine',
    input: '§a,§b,§c\n\n¶§d,§e,§f\n\n',
    output: [
      ['a', 'b', 'c'],
      ['d', 'e', 'f'],
    ],
  },
  { name: 'LeadingSpace', input: '§ a,§  b,§   c\n', output: [[' a', '  b', '   c']] },
  {
    name: 'NoComment',
    input: '§#1,§2,§3\n¶§a,§b,§c',
    output: [
      ['#1', '2', '3'],
      ['a', 'b', 'c'],
    ],
  },
  { name: 'BadDoubleQuotes', input: '§a∑""b,c', error: ERR_BARE_QUOTE },
  { name: 'BadBareQuote', input: '§a ∑"word","b"', error: ERR_BARE_QUOTE },
  { name: 'BadTrailingQuote', input: '§"a word",b∑"', error: ERR_BARE_QUOTE },
  { name: 'ExtraneousQuote', input: '§"a ∑"word","b"', error: ERR_QUOTE },
  {
    name: 'FieldCount',
    input: '§a,§b,§c\n¶§d,§e',
    output: [
      ['a', 'b', 'c'],
      ['d', 'e'],
    ],
  },
  { name: 'TrailingCommaEOF', input: '§a,§b,§c,§', output: [['a', 'b', 'c', '']] },
  { name: 'TrailingCommaEOL', input: '§a,§b,§c,§\n', output: [['a', 'b', 'c', '']] },
  { name: 'NotTrailingComma3', input: '§a,§b,§c,§ \n', output: [['a', 'b', 'c', ' ']] },
  {
    name: 'CommaFieldTest',
    input:
      '§x,§y,§z,§w\n¶§x,§y,§z,§\n¶§x,§y,§,§\n¶§x,§,§,§\n¶§,§,§,§\n' +
      '¶§"x",§"y",§"z",§"w"\n¶§"x",§"y",§"z",§""\n¶§"x",§"y",§"",§""\n¶§"x",§"",§"",§""\n¶§"",§"",§"",§""\n',
    output: [
      ['x', 'y', 'z', 'w'],
      ['x', 'y', 'z', ''],
      ['x', 'y', '', ''],
      ['x', '', '', ''],
      ['', '', '', ''],
      ['x', 'y', 'z', 'w'],
      ['x', 'y', 'z', ''],
      ['x', 'y', '', ''],
      ['x', '', '', ''],
      ['', '', '', ''],
    ],
  },
  { name: 'StartLine1', input: '§a,"b\nc∑"d,e', error: ERR_QUOTE },
  { name: 'StartLine2', input: '§a,§b\n¶§"d\n\n,e∑', error: ERR_QUOTE },
  {
    name: 'CRLFInQuotedField',
    input: '§A,§"Hello\r\nHi",§B\r\n',
    output: [['A', 'Hello\nHi', 'B']],
  },
  { name: 'TrailingCR', input: '§field1,§field2\r', output: [['field1', 'field2']] },
  { name: 'QuotedTrailingCR', input: '§"field"\r', output: [['field']] },
  { name: 'QuotedTrailingCRCR', input: '§"field∑"\r\r', error: ERR_QUOTE },
  { name: 'FieldCR', input: '§field\rfield\r', output: [['field\rfield']] },
  { name: 'FieldCRCR', input: '§field\r\rfield\r\r', output: [['field\r\rfield\r']] },
  { name: 'FieldCRCRLF', input: '§field\r\r\n¶§field\r\r\n', output: [['field\r'], ['field\r']] },
  {
    name: 'FieldCRCRLFCR',
    input: '§field\r\r\n¶§\rfield\r\r\n\r',
    output: [['field\r'], ['\rfield\r']],
  },
  {
    name: 'FieldCRCRLFCRCR',
    input: '§field\r\r\n¶§\r\rfield\r\r\n¶§\r\r',
    output: [['field\r'], ['\r\rfield\r'], ['\r']],
  },
  {
    name: 'MultiFieldCRCRLFCRCR',
    input: '§field1,§field2\r\r\n¶§\r\rfield1,§field2\r\r\n¶§\r\r,§',
    output: [
      ['field1', 'field2\r'],
      ['\r\rfield1', 'field2\r'],
      ['\r\r', ''],
    ],
  },
  { name: 'QuotedFieldMultipleLF', input: '§"\n\n\n\n"', output: [['\n\n\n\n']] },
  { name: 'MultipleCRLF', input: '\r\n\r\n\r\n\r\n', output: [] },
  { name: 'QuoteWithTrailingCRLF', input: '§"foo∑"bar"\r\n', error: ERR_QUOTE },
  { name: 'DoubleQuoteWithTrailingCRLF', input: '§"foo""bar"\r\n', output: [['foo"bar']] },
  { name: 'EvenQuotes', input: '§""""""""', output: [['"""']] },
  { name: 'OddQuotes', input: '§"""""""∑', error: ERR_QUOTE },
];

/** Upstream's makePositions: the text without markers, the record start lines, the error spot. */
function strip(text: string): { input: string; recordLines: number[]; error?: [number, number] } {
  let input = '';
  const recordLines: number[] = [];
  let error: [number, number] | undefined;
  let line = 1;
  let column = 1;
  let record = 0;
  for (const char of text) {
    if (char === '\n') {
      line++;
      column = 1;
      input += char;
    } else if (char === '§') {
      if (recordLines[record] === undefined) recordLines[record] = line;
    } else if (char === '¶') {
      record++;
    } else if (char === '∑') {
      error = [line, column];
    } else {
      input += char;
      column += Buffer.byteLength(char);
    }
  }
  return { input, recordLines, error };
}

for (const c of CASES) {
  test(`encoding/csv ${c.name}`, () => {
    const { input, recordLines, error } = strip(c.input);
    if (c.output) {
      assert.deepEqual(readAllRecords(input), c.output);
      return;
    }
    assert.ok(error && c.error);
    const startLine = recordLines[recordLines.length - 1] ?? 1;
    assert.throws(
      () => readAllRecords(input),
      (thrown: unknown) => {
        assert.ok(thrown instanceof CsvParseError);
        assert.deepEqual(
          [thrown.startLine, thrown.line, thrown.column, thrown.reason],
          [startLine, error[0], error[1], c.error],
        );
        return true;
      },
    );
  });
}

test('ParseError text as Go prints it', () => {
  assert.throws(() => readAllRecords('a,b"c\n'), {
    message: 'parse error on line 1, column 4: bare " in non-quoted-field',
  });
  assert.throws(() => readAllRecords('x\n"a\nb'), {
    message:
      'record on line 2; parse error on line 3, column 2: extraneous or missing " in quoted-field',
  });
});
