// Table-driven checks of the apimachinery string validators against upstream's exact messages.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  isValidPortName,
  isValidPortNum,
  nameIsDNSSubdomain,
  regexError,
} from './names';

const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const DNS1035_MSG =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const NAME_PART_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

describe('regexError', () => {
  it('joins examples with the upstream double space before "or"', () => {
    assert.equal(
      regexError('m', 'r', 'a', 'b'),
      "m (e.g. 'a',  or 'b', regex used for validation is 'r')",
    );
    assert.equal(regexError('m', 'r'), "m (regex used for validation is 'r')");
  });
});

describe('isDNS1123Label', () => {
  const cases: [string, string[]][] = [
    ['a', []],
    ['my-name', []],
    ['123-abc', []],
    ['a'.repeat(63), []],
    ['a'.repeat(64), ['must be no more than 63 characters']],
    ['', [LABEL_MSG]],
    ['My-Name', [LABEL_MSG]],
    ['-a', [LABEL_MSG]],
    ['a-', [LABEL_MSG]],
    ['a.b', [LABEL_MSG]],
    ['a_b', [LABEL_MSG]],
  ];
  for (const [value, want] of cases)
    it(JSON.stringify(value), () => assert.deepEqual(isDNS1123Label(value), want));
});

describe('isDNS1123Subdomain', () => {
  const cases: [string, string[]][] = [
    ['example.com', []],
    ['a', []],
    ['a-b.c-d', []],
    ['1.2.3.4', []],
    ['a'.repeat(253), []],
    ['a'.repeat(254), ['must be no more than 253 characters']],
    ['Example.com', [SUBDOMAIN_MSG]],
    ['a..b', [SUBDOMAIN_MSG]],
    ['.a', [SUBDOMAIN_MSG]],
    ['a.', [SUBDOMAIN_MSG]],
    ['a_b', [SUBDOMAIN_MSG]],
  ];
  for (const [value, want] of cases)
    it(JSON.stringify(value), () => assert.deepEqual(isDNS1123Subdomain(value), want));
});

describe('isDNS1035Label (Service names)', () => {
  const cases: [string, string[]][] = [
    ['web', []],
    ['abc-123', []],
    ['1web', [DNS1035_MSG]],
    ['web-', [DNS1035_MSG]],
    ['web.v1', [DNS1035_MSG]],
    ['Web', [DNS1035_MSG]],
    ['a'.repeat(64), ['must be no more than 63 characters']],
  ];
  for (const [value, want] of cases)
    it(JSON.stringify(value), () => assert.deepEqual(isDNS1035Label(value), want));
});

describe('isQualifiedName (label and annotation keys)', () => {
  const cases: [string, string[]][] = [
    ['app', []],
    ['app.kubernetes.io/name', []],
    ['kubernetes.io/service-name', []],
    ['MyName', []],
    ['my_name', []],
    ['', ['name part must be non-empty', NAME_PART_MSG]],
    ['/name', ['prefix part must be non-empty']],
    ['Example.com/name', [`prefix part ${SUBDOMAIN_MSG}`]],
    [
      'a/b/c',
      [
        "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
      ],
    ],
    ['-bad', [NAME_PART_MSG]],
    ['bad key', [NAME_PART_MSG]],
    ['a'.repeat(64), ['name part must be no more than 63 characters']],
  ];
  for (const [value, want] of cases)
    it(JSON.stringify(value), () => assert.deepEqual(isQualifiedName(value), want));
});

describe('isValidLabelValue', () => {
  const cases: [string, string[]][] = [
    ['', []],
    ['nginx', []],
    ['my_value', []],
    ['1.0', []],
    ['-x', [LABEL_VALUE_MSG]],
    ['x y', [LABEL_VALUE_MSG]],
    ['a'.repeat(64), ['must be no more than 63 characters']],
  ];
  for (const [value, want] of cases)
    it(JSON.stringify(value), () => assert.deepEqual(isValidLabelValue(value), want));
});

describe('isValidPortName (IANA_SVC_NAME)', () => {
  const cases: [string, string[]][] = [
    ['http', []],
    ['http-alt', []],
    ['h2c', []],
    ['a'.repeat(15), []],
    ['a'.repeat(16), ['must be no more than 15 characters']],
    [
      'HTTP',
      [
        'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
        'must contain at least one letter (a-z)',
      ],
    ],
    ['8080', ['must contain at least one letter (a-z)']],
    ['a--b', ['must not contain consecutive hyphens']],
    ['-ab', ['must not begin or end with a hyphen']],
    ['ab-', ['must not begin or end with a hyphen']],
    ['a_b', ['must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)']],
  ];
  for (const [value, want] of cases)
    it(JSON.stringify(value), () => assert.deepEqual(isValidPortName(value), want));
});

describe('isValidPortNum', () => {
  for (const p of [1, 80, 65535])
    it(`${p} is valid`, () => assert.deepEqual(isValidPortNum(p), []));
  for (const p of [0, -1, 65536, 1.5])
    it(`${p} is invalid`, () =>
      assert.deepEqual(isValidPortNum(p), ['must be between 1 and 65535, inclusive']));
});

describe('generateName prefixes', () => {
  it('accept a trailing dash, as upstream masks it', () => {
    assert.deepEqual(nameIsDNSSubdomain('web-', true), []);
    assert.deepEqual(nameIsDNSSubdomain('web-', false), [SUBDOMAIN_MSG]);
  });
});
