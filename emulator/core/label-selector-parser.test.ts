/**
 * The label selector grammar (labels.Parse): a table of valid selectors with what they match,
 * and invalid ones with the apiserver's error text.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isApiError } from './errors';
import { parseLabelSelector } from './label-selector-parser';
import { matchesLabels } from './label-selectors';

const L = { app: 'web', tier: 'frontend', version: '3', empty: '' };

// [selector, matches L?]
const VALID: [string, boolean][] = [
  ['', true],
  ['app=web', true],
  ['app==web', true],
  ['app = web', true],
  ['app=db', false],
  ['app!=db', true],
  ['app!=web', false],
  ['missing!=x', true],
  ['app', true],
  ['missing', false],
  ['!missing', true],
  ['!app', false],
  ['app in (web,db)', true],
  ['app in (db)', false],
  ['app notin (db)', true],
  ['app notin (web, db)', false],
  ['missing notin (a)', true],
  ['missing in (a)', false],
  ['app=web,tier=frontend', true],
  ['app=web,tier=backend', false],
  ['app in (web),!missing,tier', true],
  ['version>2', true],
  ['version<2', false],
  ['version>3', false],
  ['app>1', false],
  ['empty=', true],
  ['empty in ()', true],
  ['empty in (,a)', true],
  ['app in (in,notin,web)', true],
  ['  app  ,  tier  ', true],
  ['example.com/app!=x', true],
];

// [selector, exact upstream message]
const INVALID: [string, string][] = [
  ['app=web,', "found '', expected: identifier after ','"],
  ['app in (', "unable to parse requirement: found '', expected: ',', ')' or identifier"],
  ['app in (a', "unable to parse requirement: found '', expected: ',' or ')'"],
  ['app in a', "unable to parse requirement: found 'a' expected: '('"],
  ['app in (a b)', "unable to parse requirement: found 'b', expected: ',' or ')'"],
  ['=web', "found '=', expected: !, identifier, or 'end of string'"],
  ['app web', "unable to parse requirement: found 'web', expected: '=', '!=', '==', 'in', notin'"],
  ['app=web tier', "found 'tier', expected: ',' or 'end of string'"],
  ['!', "unable to parse requirement: found '', expected: identifier"],
  [
    'version>a',
    "unable to parse requirement: values[0]: Invalid value: \"a\": for 'Gt', 'Lt' operators, the value must be an integer",
  ],
  [
    'app=-bad',
    "unable to parse requirement: values[0][app]: Invalid value: \"-bad\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
  ],
  [
    'Bad_Key-=x',
    "unable to parse requirement: <nil>: Invalid value: \"Bad_Key-\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
  ],
  [
    'a/b/c=x',
    "unable to parse requirement: <nil>: Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
  ],
  [
    '/x=y',
    'unable to parse requirement: <nil>: Invalid value: "/x": prefix part must be non-empty',
  ],
  [
    `${'k'.repeat(64)}=v`,
    `unable to parse requirement: <nil>: Invalid value: "${'k'.repeat(64)}": name part must be no more than 63 characters`,
  ],
  ['app=<', "unable to parse requirement: found '<', expected: identifier"],
  ['app=(x)', "unable to parse requirement: found '(', expected: identifier"],
  [',', "found ',', expected: !, identifier, or 'end of string'"],
];

describe('label selectors', () => {
  for (const [selector, expected] of VALID) {
    it(`${JSON.stringify(selector)} ${expected ? 'matches' : 'does not match'}`, () => {
      assert.equal(matchesLabels(parseLabelSelector(selector), L), expected);
    });
  }

  it('app== parses as an empty value', () => {
    const s = parseLabelSelector('app==');
    assert.deepEqual(s, [{ key: 'app', operator: '==', values: [''] }]);
    assert.equal(matchesLabels(s, { app: '' }), true);
    assert.equal(matchesLabels(s, {}), false);
  });

  for (const [selector, message] of INVALID) {
    it(`rejects ${JSON.stringify(selector)}`, () => {
      assert.throws(
        () => parseLabelSelector(selector),
        (error: unknown) => {
          assert.ok(isApiError(error));
          assert.equal(error.code, 400);
          assert.equal(error.reason, 'BadRequest');
          assert.equal(error.message, message);
          return true;
        },
      );
    });
  }

  it('keeps requirements sorted by key and values sorted', () => {
    assert.deepEqual(parseLabelSelector('z in (b,a),a'), [
      { key: 'a', operator: 'exists', values: [] },
      { key: 'z', operator: 'in', values: ['a', 'b'] },
    ]);
  });
});
