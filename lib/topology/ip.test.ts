import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  addressSortKey,
  compareAddresses,
  ipFamily,
  ipv4ToNumber,
  isLinkLocal,
  isLoopback,
  isUnspecified,
  parseIp,
} from './ip';

describe('ip helpers', () => {
  it('parses dotted quads and IPv6, and refuses what Kubernetes would not serve', () => {
    assert.equal(parseIp('10.10.50.53')?.family, 'IPv4');
    assert.equal(parseIp('fd00::1')?.family, 'IPv6');
    assert.equal(parseIp('::ffff:10.0.0.1')?.family, 'IPv4', 'IPv4-mapped counts as IPv4');
    for (const bad of [
      '10.0.0.256',
      '010.0.0.1',
      '10.1',
      '0x0a.0.0.1',
      'example.com',
      '',
      '1.2.3.4.5',
    ]) {
      assert.equal(parseIp(bad), undefined, bad);
    }
    assert.equal(ipFamily('192.0.2.1'), 'IPv4');
    assert.equal(ipFamily('2001:db8::1'), 'IPv6');
    assert.equal(ipFamily('db.example.com'), undefined);
  });

  it('classifies loopback, link-local and unspecified addresses of both families', () => {
    for (const a of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1'])
      assert.ok(isLoopback(a), a);
    for (const a of ['169.254.169.254', 'fe80::1']) assert.ok(isLinkLocal(a), a);
    assert.ok(isUnspecified('0.0.0.0'));
    for (const a of ['10.0.0.1', '192.168.1.1', '2001:db8::1']) {
      assert.ok(!isLoopback(a) && !isLinkLocal(a), a);
    }
  });

  it('orders addresses numerically: 10.0.0.9 < 10.0.0.10 < IPv6 < names', () => {
    assert.equal(ipv4ToNumber('10.0.0.10'), 10 * 2 ** 24 + 10);
    assert.equal(ipv4ToNumber('255.255.255.255'), 2 ** 32 - 1);
    for (const bad of ['10.0.0', '10.0.0.256', '1..2.3', 'a.b.c.d', '1.2.3.4.'])
      assert.equal(ipv4ToNumber(bad), -1, bad);
    const sorted = [
      'web.example.com',
      'fd00::2',
      '10.0.0.10',
      'fd00::10',
      '10.0.0.9',
      '9.255.0.1',
    ].sort(compareAddresses);
    assert.deepEqual(sorted, [
      '9.255.0.1',
      '10.0.0.9',
      '10.0.0.10',
      'fd00::2',
      'fd00::10',
      'web.example.com',
    ]);
    assert.ok(addressSortKey('10.0.0.9') < addressSortKey('10.0.0.10'));
  });
});
