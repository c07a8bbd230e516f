/**
 * IP address validation for Endpoints, EndpointSlices and Service external IPs, following
 * upstream's `IsValidIP`/`IsValidIPv4Address`/`IsValidIPv6Address` (apimachinery) and
 * `ValidateEndpointIP` (formerly ValidateNonSpecialIP, pkg/apis/core/validation), with their
 * exact messages. Parsing is "sloppy" like Go's netutils.ParseIPSloppy: IPv4 octets with leading
 * zeros are read as decimal. IPv6 parsing uses ipaddr.js.
 */
import ipaddr from 'ipaddr.js';
import { type FieldCause } from '../../core/types';
import { invalid } from './field';

export interface ParsedIP {
  family: 4 | 6;
  /** 4 or 16 bytes. IPv4-mapped IPv6 (::ffff:a.b.c.d) is reported as family 6 with its bytes. */
  bytes: number[];
}

const ipv4Re = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

export function parseIP(value: string): ParsedIP | undefined {
  const m = ipv4Re.exec(value);
  if (m) {
    const bytes = m.slice(1, 5).map((s) => Number.parseInt(s, 10));
    if (bytes.some((b) => b > 255)) return undefined;
    return { family: 4, bytes };
  }
  // Go accepts no zone ("%eth0") and no brackets; ipaddr.js would accept a zone, so refuse it.
  if (!value.includes(':') || value.includes('%')) return undefined;
  if (!ipaddr.IPv6.isValid(value)) return undefined;
  try {
    return { family: 6, bytes: ipaddr.IPv6.parse(value).toByteArray() };
  } catch {
    return undefined;
  }
}

/** The IPv4 address inside an IPv4-mapped IPv6 address, which Go treats as that IPv4 address. */
function as4(ip: ParsedIP): number[] | undefined {
  if (ip.family === 4) return ip.bytes;
  const b = ip.bytes;
  if (b.slice(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff) return b.slice(12);
  return undefined;
}

export function isUnspecified(ip: ParsedIP): boolean {
  const v4 = as4(ip);
  if (v4) return v4.every((b) => b === 0);
  return ip.bytes.every((b) => b === 0);
}

export function isLoopback(ip: ParsedIP): boolean {
  const v4 = as4(ip);
  if (v4) return v4[0] === 127;
  return ip.bytes.slice(0, 15).every((b) => b === 0) && ip.bytes[15] === 1;
}

export function isLinkLocalUnicast(ip: ParsedIP): boolean {
  const v4 = as4(ip);
  if (v4) return v4[0] === 169 && v4[1] === 254;
  return ip.bytes[0] === 0xfe && ((ip.bytes[1] ?? 0) & 0xc0) === 0x80;
}

export function isLinkLocalMulticast(ip: ParsedIP): boolean {
  const v4 = as4(ip);
  if (v4) return v4[0] === 224 && v4[1] === 0 && v4[2] === 0;
  return ip.bytes[0] === 0xff && ((ip.bytes[1] ?? 0) & 0x0f) === 0x02;
}

export const INVALID_IP_DETAIL = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';

/** IsValidIP (legacy-field flavour, 1.33): any parsable IPv4 or IPv6 address. */
export function validateIP(field: string, value: string): FieldCause[] {
  return parseIP(value) ? [] : [invalid(field, value, INVALID_IP_DETAIL)];
}

export function validateIPv4Address(field: string, value: string): FieldCause[] {
  const ip = parseIP(value);
  return ip && as4(ip) ? [] : [invalid(field, value, 'must be a valid IPv4 address')];
}

export function validateIPv6Address(field: string, value: string): FieldCause[] {
  const ip = parseIP(value);
  return ip && !as4(ip) ? [] : [invalid(field, value, 'must be a valid IPv6 address')];
}

/**
 * ValidateEndpointIP: no unspecified, loopback, link-local or link-local multicast addresses
 * (they make no sense as endpoints, or reach node-local services such as cloud metadata).
 * Several rules can fire at once, as upstream checks each independently.
 */
export function validateEndpointIP(field: string, value: string): FieldCause[] {
  const ip = parseIP(value);
  if (!ip) return [invalid(field, value, 'must be a valid IP address')];
  const causes: FieldCause[] = [];
  if (isUnspecified(ip)) causes.push(invalid(field, value, `may not be unspecified (${value})`));
  if (isLoopback(ip))
    causes.push(invalid(field, value, 'may not be in the loopback range (127.0.0.0/8, ::1/128)'));
  if (isLinkLocalUnicast(ip))
    causes.push(
      invalid(field, value, 'may not be in the link-local range (169.254.0.0/16, fe80::/10)'),
    );
  if (isLinkLocalMulticast(ip))
    causes.push(
      invalid(
        field,
        value,
        'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)',
      ),
    );
  return causes;
}
