/**
 * A list of internal targets, indexed, answers as the list read in order: the first target that
 * is the address (in any spelling of it) or a CIDR that holds it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { inCidr, parseIp, sameIp } from './addresses';
import { internalAddressesOf, type InternalTarget } from './internal-addresses';

/** The list read in order, target by target: what the index must agree with. */
function firstInOrder(targets: readonly InternalTarget[], text: string) {
  const ip = parseIp(text)!;
  return targets.find((t) => {
    if (t.address.includes('/')) return inCidr(ip, t.address);
    const other = parseIp(t.address);
    return other !== undefined && sameIp(ip, other);
  });
}

const ADDRESSES = [
  '10.0.0.1',
  '10.0.0.2',
  '10.0.1.9',
  '10.0.0.0/24',
  '10.0.0.0/8',
  '10.0.0.1/32',
  'fd00::1',
  'fd00:0:0::1',
  'fd00::/64',
  'fd00::1/128',
  '010.0.0.1',
  'None',
  '',
  'not-an-ip/24',
  '10.0.0.0/33',
];
const ASKED = ['10.0.0.1', '10.0.0.2', '10.0.1.9', '10.9.9.9', 'fd00::1', 'fd00::2', '192.0.2.1'];

describe('internal addresses from a list', () => {
  it('answers with the first target, in order, that is the address or holds it', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ address: fc.constantFrom(...ADDRESSES), what: fc.string({ maxLength: 3 }) }),
          { maxLength: 12 },
        ),
        (targets) => {
          const internal = internalAddressesOf(targets);
          for (const text of ASKED)
            assert.equal(internal.find(parseIp(text)!), firstInOrder(targets, text), text);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('names a CIDR listed before an exact address, and the exact one listed before a CIDR', () => {
    const ip = parseIp('fd00::1')!;
    const cidrFirst = [
      { address: 'fd00::/64', what: 'service CIDR' },
      { address: 'fd00:0::1', what: 'IP of Pod a/b' },
    ];
    assert.equal(internalAddressesOf(cidrFirst).find(ip)?.what, 'service CIDR');
    assert.equal(internalAddressesOf([...cidrFirst].reverse()).find(ip)?.what, 'IP of Pod a/b');
    assert.equal(internalAddressesOf([]).find(ip), undefined);
  });
});
