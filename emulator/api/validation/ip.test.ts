// IP validation for endpoints: parse rules and the special ranges with upstream's messages.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ipWarnings,
  validateEndpointIP,
  validateIP,
  validateIPv4Address,
  validateIPv6Address,
} from './ip';
import { INVALID_IP_DETAIL } from '../../core/ip';

const LOOPBACK = 'may not be in the loopback range (127.0.0.0/8, ::1/128)';
const LINK_LOCAL = 'may not be in the link-local range (169.254.0.0/16, fe80::/10)';
const LL_MULTICAST = 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)';

describe('validateEndpointIP', () => {
  const cases: [string, string[]][] = [
    ['10.10.50.53', []],
    ['192.168.1.1', []],
    ['8.8.8.8', []],
    ['2001:db8::1', []],
    ['224.0.1.1', []],
    ['ff05::1', []],
    ['0.0.0.0', ['may not be unspecified (0.0.0.0)']],
    ['::', ['may not be unspecified (::)']],
    ['127.0.0.1', [LOOPBACK]],
    ['127.255.255.254', [LOOPBACK]],
    ['::1', [LOOPBACK]],
    ['::ffff:127.0.0.1', [LOOPBACK]],
    ['169.254.169.254', [LINK_LOCAL]],
    ['169.254.0.1', [LINK_LOCAL]],
    ['fe80::1', [LINK_LOCAL]],
    ['febf::1', [LINK_LOCAL]],
    ['224.0.0.1', [LL_MULTICAST]],
    ['224.0.0.251', [LL_MULTICAST]],
    ['ff02::1', [LL_MULTICAST]],
    ['ff12::1', [LL_MULTICAST]],
    ['not-an-ip', ['must be a valid IP address']],
  ];
  for (const [ip, want] of cases) {
    it(ip, () => {
      const causes = validateEndpointIP('subsets[0].addresses[0].ip', ip);
      assert.deepEqual(
        causes.map((c) => c.message),
        want.map((w) => `Invalid value: "${ip}": ${w}`),
      );
      for (const c of causes) {
        assert.equal(c.reason, 'FieldValueInvalid');
        assert.equal(c.field, 'subsets[0].addresses[0].ip');
      }
    });
  }
});

describe('validateIP', () => {
  for (const ip of ['1.2.3.4', '010.001.002.003', '::ffff:1.2.3.4', '2001:db8::ffff'])
    it(`accepts ${ip}`, () => assert.deepEqual(validateIP('ip', ip), []));
  for (const ip of [
    '',
    '1.2.3',
    '256.1.1.1',
    '1.2.3.4.5',
    'fe80::1%eth0',
    '[::1]',
    'abc',
    ' 1.2.3.4',
  ])
    it(`rejects ${JSON.stringify(ip)}`, () =>
      assert.deepEqual(
        validateIP('ip', ip).map((c) => c.message),
        [`Invalid value: "${ip}": ${INVALID_IP_DETAIL}`],
      ));
});

describe('address family checks for EndpointSlices', () => {
  it('IPv4 slices take IPv4 only', () => {
    assert.deepEqual(validateIPv4Address('a', '10.0.0.1'), []);
    assert.equal(
      validateIPv4Address('a', '2001:db8::1')[0]?.message,
      'Invalid value: "2001:db8::1": must be a valid IPv4 address',
    );
  });
  it('IPv6 slices take IPv6 only', () => {
    assert.deepEqual(validateIPv6Address('a', '2001:db8::1'), []);
    assert.equal(
      validateIPv6Address('a', '10.0.0.1')[0]?.message,
      'Invalid value: "10.0.0.1": must be a valid IPv6 address',
    );
    assert.equal(validateIPv6Address('a', '::ffff:10.0.0.1').length, 1);
  });
});

describe('ipWarnings (GetWarningsForIP)', () => {
  const cases: [string, string[]][] = [
    ['10.1.2.3', []],
    ['2001:db8::1', []],
    ['not-an-ip', []],
    [
      '010.001.002.003',
      [
        'f: non-standard IP address "010.001.002.003" will be considered invalid in a future Kubernetes release: use "10.1.2.3"',
      ],
    ],
    [
      '::ffff:10.1.2.3',
      [
        'f: non-standard IP address "::ffff:10.1.2.3" will be considered invalid in a future Kubernetes release: use "10.1.2.3"',
      ],
    ],
    [
      '2001:DB8::1',
      ['f: IPv6 address "2001:DB8::1" should be in RFC 5952 canonical format ("2001:db8::1")'],
    ],
    [
      '2001:db8:0:0:0:0:0:1',
      [
        'f: IPv6 address "2001:db8:0:0:0:0:0:1" should be in RFC 5952 canonical format ("2001:db8::1")',
      ],
    ],
  ];
  for (const [value, want] of cases) {
    it(value, () => assert.deepEqual(ipWarnings('f', value), want));
  }
});
