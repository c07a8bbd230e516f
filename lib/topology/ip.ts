/**
 * Small IP helpers for the topology and the diagnosis, on top of ipaddr.js (works in the browser).
 *
 * Contract: every function takes the address as served by the API (a string) and never throws;
 * an unparsable address is simply "not an IP" (`parseIp` → undefined). Isomorphic and pure.
 */
import ipaddr from 'ipaddr.js';

export type IpFamily = 'IPv4' | 'IPv6';

export interface ParsedIp {
  family: IpFamily;
  /** ipaddr.js' range name: 'loopback', 'linkLocal', 'private', 'unicast', … */
  range: string;
  canonical: string;
  addr: ipaddr.IPv4 | ipaddr.IPv6;
}

const IPV4_FAST = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Parses a dotted-quad IPv4 or an IPv6 address; IPv4-mapped IPv6 (::ffff:a.b.c.d) counts as IPv4. */
export function parseIp(address: string): ParsedIp | undefined {
  let addr: ipaddr.IPv4 | ipaddr.IPv6;
  if (IPV4_FAST.test(address)) {
    // ipaddr.js would also accept "10", "0x0a.1" and octal forms; Kubernetes only serves dotted quads.
    if (!ipaddr.IPv4.isValidFourPartDecimal(address)) return undefined;
    addr = ipaddr.IPv4.parse(address);
  } else if (address.includes(':') && ipaddr.IPv6.isValid(address)) {
    const v6 = ipaddr.IPv6.parse(address);
    addr = v6.isIPv4MappedAddress() ? v6.toIPv4Address() : v6;
  } else {
    return undefined;
  }
  const family: IpFamily = addr.kind() === 'ipv4' ? 'IPv4' : 'IPv6';
  return { family, range: addr.range(), canonical: addr.toString(), addr };
}

export function ipFamily(address: string): IpFamily | undefined {
  if (ipv4ToNumber(address) >= 0) return 'IPv4';
  return parseIp(address)?.family;
}

/** ipaddr.js' range name of an address ('loopback', 'linkLocal', …), undefined if not an IP. */
export function ipRange(address: string): string | undefined {
  return parseIp(address)?.range;
}

export function isLoopback(address: string): boolean {
  return ipRange(address) === 'loopback';
}

/** Link-local unicast (169.254/16, fe80::/10) — includes the cloud metadata address 169.254.169.254. */
export function isLinkLocal(address: string): boolean {
  return ipRange(address) === 'linkLocal';
}

export function isUnspecified(address: string): boolean {
  return ipRange(address) === 'unspecified';
}

/**
 * A string that sorts addresses numerically (10.0.0.9 before 10.0.0.10, IPv4 before IPv6, FQDNs
 * last). Cheap for IPv4, which is almost every address a cluster serves.
 */
export function addressSortKey(address: string): string {
  const m = IPV4_FAST.exec(address);
  if (m) {
    return (
      '4' +
      m[1]!.padStart(3, '0') +
      m[2]!.padStart(3, '0') +
      m[3]!.padStart(3, '0') +
      m[4]!.padStart(3, '0')
    );
  }
  if (address.includes(':') && ipaddr.IPv6.isValid(address)) {
    const parts = ipaddr.IPv6.parse(address).toNormalizedString().split(':');
    return '6' + parts.map((p) => p.padStart(4, '0')).join('');
  }
  return '9' + address;
}

/** A dotted-quad IPv4 as an unsigned 32-bit number, or -1 when it is not one. No allocation. */
export function ipv4ToNumber(address: string): number {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < address.length; i++) {
    const c = address.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || octet > 255) return -1;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else if (c >= 48 && c <= 57 && digits < 3) {
      octet = octet * 10 + (c - 48);
      digits++;
    } else {
      return -1;
    }
  }
  if (dots !== 3 || digits === 0 || octet > 255) return -1;
  return value * 256 + octet;
}

/** Numeric address order (see addressSortKey), fast for IPv4. */
export function compareAddresses(a: string, b: string): number {
  const na = ipv4ToNumber(a);
  const nb = ipv4ToNumber(b);
  if (na >= 0 && nb >= 0) return na - nb;
  const ka = addressSortKey(a);
  const kb = addressSortKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
