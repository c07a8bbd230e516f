/**
 * IP addresses as the apiserver and the controllers read them: the one parser in the emulator.
 *
 * Parsing is Go's `netutils.ParseIPSloppy` (k8s.io/utils/net, a fork of Go 1.16's net.ParseIP
 * kept so stored data stays valid): IPv4 octets may carry leading zeros and are read as
 * decimal, IPv6 may end in an embedded IPv4 address, zones and brackets are refused. The
 * `strict` flavour adds what netip.ParseAddr refuses (leading zeros, over-long hex groups), for
 * the StrictIPCIDRValidation rules of staging/src/k8s.io/apimachinery/pkg/util/validation/ip.go.
 *
 * Printing is Go's `net.IP.String()`: IPv4 (also IPv4-mapped IPv6) dotted, IPv6 in RFC 5952
 * form (ipaddr.js). Families follow Go's `To4()`: an IPv4-mapped IPv6 address is IPv4.
 */
import ipaddr from 'ipaddr.js';

export type IPFamily = 'IPv4' | 'IPv6';

export interface ParsedIP {
  family: IPFamily;
  /** 4 bytes for IPv4 (also when written as ::ffff:a.b.c.d), 16 for IPv6. */
  bytes: number[];
  /** Written as an IPv4-mapped IPv6 address (netip's Is4In6). */
  mapped: boolean;
}

const IPV4_MAPPED_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

/** Go's dtoi/xtoi: the number at the start of `s` and how many characters it used. */
function leadingNumber(s: string, hex: boolean): { n: number; length: number } | undefined {
  let n = 0;
  let i = 0;
  for (; i < s.length; i++) {
    const digit = hex ? parseInt(s[i]!, 16) : /[0-9]/.test(s[i]!) ? Number(s[i]) : NaN;
    if (Number.isNaN(digit)) break;
    n = n * (hex ? 16 : 10) + digit;
    if (n >= 0xffffff) return undefined;
  }
  return i === 0 ? undefined : { n, length: i };
}

function parseIPv4(s: string, strict: boolean): number[] | undefined {
  const bytes: number[] = [];
  let rest = s;
  for (let i = 0; i < 4; i++) {
    if (i > 0) {
      if (rest[0] !== '.') return undefined;
      rest = rest.slice(1);
    }
    const num = leadingNumber(rest, false);
    if (!num || num.n > 0xff) return undefined;
    // Go 1.17 started refusing leading zeros; the sloppy parser keeps accepting them.
    if (strict && num.length > 1 && rest[0] === '0') return undefined;
    rest = rest.slice(num.length);
    bytes.push(num.n);
  }
  return rest.length === 0 ? bytes : undefined;
}

function parseIPv6(s: string, strict: boolean): number[] | undefined {
  const ip = new Array<number>(16).fill(0);
  let ellipsis = -1;
  let rest = s;
  if (rest.startsWith('::')) {
    ellipsis = 0;
    rest = rest.slice(2);
    if (rest.length === 0) return ip;
  }
  let i = 0;
  while (i < 16) {
    const num = leadingNumber(rest, true);
    if (!num || num.n > 0xffff) return undefined;
    if (rest[num.length] === '.') {
      // A trailing IPv4 address fills the last four bytes.
      if ((ellipsis < 0 && i !== 12) || i + 4 > 16) return undefined;
      const v4 = parseIPv4(rest, strict);
      if (!v4) return undefined;
      ip.splice(i, 4, ...v4);
      rest = '';
      i += 4;
      break;
    }
    if (strict && num.length > 4) return undefined;
    ip[i] = num.n >> 8;
    ip[i + 1] = num.n & 0xff;
    i += 2;
    rest = rest.slice(num.length);
    if (rest.length === 0) break;
    if (rest[0] !== ':' || rest.length === 1) return undefined;
    rest = rest.slice(1);
    if (rest[0] === ':') {
      if (ellipsis >= 0) return undefined;
      ellipsis = i;
      rest = rest.slice(1);
      if (rest.length === 0) break;
    }
  }
  if (rest.length !== 0) return undefined;
  if (i < 16) {
    if (ellipsis < 0) return undefined;
    const n = 16 - i;
    for (let j = i - 1; j >= ellipsis; j--) ip[j + n] = ip[j]!;
    for (let j = ellipsis + n - 1; j >= ellipsis; j--) ip[j] = 0;
  } else if (ellipsis >= 0) {
    return undefined; // "::" must stand for at least one group
  }
  return ip;
}

function parse(value: string, strict: boolean): ParsedIP | undefined {
  for (const ch of value) {
    if (ch === '.') {
      const bytes = parseIPv4(value, strict);
      return bytes && { family: 'IPv4', bytes, mapped: false };
    }
    if (ch === ':') {
      const bytes = parseIPv6(value, strict);
      if (!bytes) return undefined;
      if (IPV4_MAPPED_PREFIX.every((b, i) => bytes[i] === b)) {
        return { family: 'IPv4', bytes: bytes.slice(12), mapped: true };
      }
      return { family: 'IPv6', bytes, mapped: false };
    }
  }
  return undefined;
}

/** netutils.ParseIPSloppy: undefined for anything that is not an IP address. */
export function parseIPSloppy(value: string): ParsedIP | undefined {
  return parse(value, false);
}

/** netip.ParseAddr's acceptance: ParseIPSloppy without leading zeros or over-long groups. */
export function parseIPStrict(value: string): ParsedIP | undefined {
  return parse(value, true);
}

/** Go's net.IP.String(). */
export function formatIP(ip: ParsedIP): string {
  if (ip.family === 'IPv4') return ip.bytes.join('.');
  return (ipaddr.fromByteArray(ip.bytes) as ipaddr.IPv6).toRFC5952String();
}

const canonicalCache = new Map<string, { ip: string; family: IPFamily } | null>();

/**
 * The address as the apiserver would print it after parsing (ParseIPSloppy + String()), with
 * its family; undefined for anything that is not an IP. Memoised: controllers canonicalise the
 * same pod IPs on every sync.
 */
export function canonicalIP(value: string): { ip: string; family: IPFamily } | undefined {
  const cached = canonicalCache.get(value);
  if (cached !== undefined) return cached ?? undefined;
  const parsed = parseIPSloppy(value);
  const result = parsed ? { ip: formatIP(parsed), family: parsed.family } : undefined;
  if (canonicalCache.size > 200_000) canonicalCache.clear();
  canonicalCache.set(value, result ?? null);
  return result;
}

export function ipFamilyOf(value: string | undefined): IPFamily | undefined {
  return value ? canonicalIP(value)?.family : undefined;
}

const sortKeyCache = new Map<string, string>();

/**
 * A string that sorts like the 16-byte form Go compares IPs by (IPv4 as ::ffff:a.b.c.d, so IPv4
 * sorts first); unparseable strings sort before every IP. Memoised.
 */
export function ipSortKey(value: string): string {
  let key = sortKeyCache.get(value);
  if (key !== undefined) return key;
  const parsed = parseIPSloppy(value);
  const bytes = !parsed
    ? []
    : parsed.family === 'IPv4'
      ? [...IPV4_MAPPED_PREFIX, ...parsed.bytes]
      : parsed.bytes;
  key = bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
  if (sortKeyCache.size > 200_000) sortKeyCache.clear();
  sortKeyCache.set(value, key);
  return key;
}

export function compareIPs(a: string, b: string): number {
  const ka = ipSortKey(a);
  const kb = ipSortKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** An IPv4 address as an unsigned 32-bit integer (for range arithmetic); undefined otherwise. */
export function ipv4ToInt(value: string): number | undefined {
  const parsed = parseIPSloppy(value);
  if (parsed?.family !== 'IPv4') return undefined;
  return parsed.bytes.reduce((n, b) => n * 256 + b, 0);
}

export function intToIPv4(n: number): string {
  return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

// -- CIDRs ----------------------------------------------------------------------------------------

/** A CIDR as Go's net.ParseCIDR reads it: the address bytes as written (4 or 16) and the prefix. */
export interface ParsedCIDR {
  bytes: number[];
  bits: number;
}

/** netutils.ParseCIDRSloppy: an address (sloppy IPv4, or IPv6), '/', a decimal prefix length. */
export function parseCIDRSloppy(value: string): ParsedCIDR | undefined {
  const slash = value.indexOf('/');
  if (slash < 0) return undefined;
  const addr = value.slice(0, slash);
  const mask = value.slice(slash + 1);
  const bytes = parseIPv4(addr, false) ?? parseIPv6(addr, false);
  const num = leadingNumber(mask, false);
  if (!bytes || !num || num.length !== mask.length || num.n > bytes.length * 8) return undefined;
  return { bytes, bits: num.n };
}

/** Whether `bytes` (an address or a network, of the same length) lies within `cidr`. */
export function cidrContains(cidr: ParsedCIDR, bytes: number[]): boolean {
  if (cidr.bytes.length !== bytes.length) return false;
  for (let bit = 0; bit < cidr.bits; bit++) {
    const mask = 0x80 >> (bit & 7);
    if (((cidr.bytes[bit >> 3] ?? 0) & mask) !== ((bytes[bit >> 3] ?? 0) & mask)) return false;
  }
  return true;
}

// -- Special ranges (Go's net.IP methods) -------------------------------------------------------

export function isUnspecified(ip: ParsedIP): boolean {
  return ip.bytes.every((b) => b === 0);
}

export function isLoopback(ip: ParsedIP): boolean {
  if (ip.family === 'IPv4') return ip.bytes[0] === 127;
  return ip.bytes.slice(0, 15).every((b) => b === 0) && ip.bytes[15] === 1;
}

export function isLinkLocalUnicast(ip: ParsedIP): boolean {
  if (ip.family === 'IPv4') return ip.bytes[0] === 169 && ip.bytes[1] === 254;
  return ip.bytes[0] === 0xfe && ((ip.bytes[1] ?? 0) & 0xc0) === 0x80;
}

export function isLinkLocalMulticast(ip: ParsedIP): boolean {
  if (ip.family === 'IPv4') return ip.bytes[0] === 224 && ip.bytes[1] === 0 && ip.bytes[2] === 0;
  return ip.bytes[0] === 0xff && ((ip.bytes[1] ?? 0) & 0x0f) === 0x02;
}

// -- Validation messages (apimachinery util/validation/ip.go) -----------------------------------

export const INVALID_IP_DETAIL = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';

/**
 * IsValidIPForLegacyField: any address ParseIPSloppy accepts; with `strict` (the
 * StrictIPCIDRValidation gate) no leading zeros and no IPv4-mapped IPv6. Failure messages, as
 * the string validators of ./names.ts return them.
 */
export function isValidIPForLegacyField(value: string, strict = false): string[] {
  if (!parseIPSloppy(value)) return [INVALID_IP_DETAIL];
  if (!strict) return [];
  const errs: string[] = [];
  const addr = parse(value, true);
  if (!addr) errs.push('must not have leading 0s');
  if (addr?.mapped) errs.push('must not be an IPv4-mapped IPv6 address');
  return errs;
}

/** IsValidIP, for fields newer than strict validation: strict, and in canonical form. */
export function isValidIP(value: string): string[] {
  const errs = isValidIPForLegacyField(value, true);
  if (errs.length) return errs;
  const canonical = formatIP(parseIPSloppy(value)!);
  return value === canonical ? [] : [`must be in canonical form (${JSON.stringify(canonical)})`];
}
