// The one IP parser: ParseIPSloppy's acceptance, Go's String(), families, ordering, and the
// strict/canonical rules of apimachinery's ip.go.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  canonicalIP,
  compareIPs,
  formatIP,
  INVALID_IP_DETAIL,
  intToIPv4,
  ipFamilyOf,
  ipv4ToInt,
  isValidIP,
  isValidIPForLegacyField,
  parseIPSloppy,
} from './ip';

describe('parseIPSloppy', () => {
  const accepted: [string, string, 'IPv4' | 'IPv6'][] = [
    ['1.2.3.4', '1.2.3.4', 'IPv4'],
    ['010.001.002.003', '10.1.2.3', 'IPv4'],
    ['0001.2.3.4', '1.2.3.4', 'IPv4'],
    ['::ffff:1.2.3.4', '1.2.3.4', 'IPv4'],
    ['::FFFF:0a00:0001', '10.0.0.1', 'IPv4'],
    ['2001:DB8::FFFF', '2001:db8::ffff', 'IPv6'],
    ['2001:0db8:0000:0000:0001:0000:0000:0001', '2001:db8::1:0:0:1', 'IPv6'],
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1', 'IPv6'],
    ['::1.2.3.4', '::102:304', 'IPv6'],
    ['a::b:1.2.3.4', 'a::b:102:304', 'IPv6'],
    ['1:2:3:4:5:6:7::', '1:2:3:4:5:6:7:0', 'IPv6'],
    ['::', '::', 'IPv6'],
    ['::1', '::1', 'IPv6'],
  ];
  for (const [input, printed, family] of accepted) {
    it(`reads ${input} as ${printed}`, () => {
      const ip = parseIPSloppy(input);
      assert.ok(ip);
      assert.equal(formatIP(ip), printed);
      assert.equal(ip.family, family);
      assert.deepEqual(canonicalIP(input), { ip: printed, family });
    });
  }
  const refused = [
    '',
    '1.2.3',
    '256.1.1.1',
    '1.2.3.4.5',
    '1.2.3.4 ',
    ' 1.2.3.4',
    'fe80::1%eth0',
    '[::1]',
    'abc',
    '1::2::3',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7:8::',
    '12345::',
    '::ffff:1.2.3',
    '1.2.3.4::',
    '1:2:3:4:5:6:7:1.2.3.4',
  ];
  for (const input of refused) {
    it(`refuses ${JSON.stringify(input)}`, () => {
      assert.equal(parseIPSloppy(input), undefined);
      assert.equal(canonicalIP(input), undefined);
      assert.equal(ipFamilyOf(input), undefined);
    });
  }
});

describe('legacy and strict validation', () => {
  it('legacy fields accept what ParseIPSloppy accepts', () => {
    for (const ip of ['1.2.3.4', '010.001.002.003', '::ffff:1.2.3.4', 'FE80::ABC'])
      assert.deepEqual(isValidIPForLegacyField(ip), []);
    assert.deepEqual(isValidIPForLegacyField('1.2.3'), [INVALID_IP_DETAIL]);
  });
  it('strict validation refuses leading zeros and IPv4-mapped IPv6', () => {
    assert.deepEqual(isValidIPForLegacyField('010.1.2.3', true), ['must not have leading 0s']);
    assert.deepEqual(isValidIPForLegacyField('::ffff:1.2.3.4', true), [
      'must not be an IPv4-mapped IPv6 address',
    ]);
    assert.deepEqual(isValidIPForLegacyField('FE80::ABC', true), []);
  });
  it('IsValidIP also wants the canonical form', () => {
    assert.deepEqual(isValidIP('10.0.0.1'), []);
    assert.deepEqual(isValidIP('2001:db8::1'), []);
    assert.deepEqual(isValidIP('2001:DB8::1'), ['must be in canonical form ("2001:db8::1")']);
    assert.deepEqual(isValidIP('2001:db8:0:0:0:0:0:1'), [
      'must be in canonical form ("2001:db8::1")',
    ]);
    assert.deepEqual(isValidIP('nope'), [INVALID_IP_DETAIL]);
  });
});

describe('ordering and integers', () => {
  it('sorts like Go compares 16-byte IPs (IPv4 as ::ffff:a.b.c.d), junk first', () => {
    const sorted = ['2001:db8::1', '10.0.0.10', 'junk', '10.0.0.9', '::1', '9.255.255.255'].sort(
      compareIPs,
    );
    assert.deepEqual(sorted, [
      'junk',
      '::1',
      '9.255.255.255',
      '10.0.0.9',
      '10.0.0.10',
      '2001:db8::1',
    ]);
  });
  it('IPv4 ↔ integer', () => {
    assert.equal(ipv4ToInt('10.96.0.1'), 0x0a600001);
    assert.equal(ipv4ToInt('255.255.255.255'), 0xffffffff);
    assert.equal(ipv4ToInt('::1'), undefined);
    assert.equal(intToIPv4(0x0a600001), '10.96.0.1');
    assert.equal(intToIPv4(0xffffffff), '255.255.255.255');
  });
});
