/**
 * IP address checks of Kubernetes objects as field errors: the apimachinery validators
 * (`IsValidIP`/`IsValidIPv4Address`/`IsValidIPv6Address`, legacy-field flavour, as 1.33 serves
 * them), `ValidateEndpointIP` (formerly ValidateNonSpecialIP, pkg/apis/core/validation) and the
 * 1.33 warning for an accepted address in a non-standard form (`GetWarningsForIP`), with
 * upstream's exact messages. Parsing and the special ranges are emulator/core/ip.ts.
 */
import { goQuote, invalid } from '../../core/field-errors';
import {
  isLinkLocalMulticast,
  isLinkLocalUnicast,
  isLoopback,
  isUnspecified,
  formatIP,
  isValidIPForLegacyField,
  parseCIDRSloppy,
  parseIPSloppy,
  parseIPStrict,
} from '../../core/ip';
import type { FieldCause } from '../../core/types';

/** IsValidIPForLegacyField without strict validation (the 1.33 default). */
export function validateIP(field: string, value: string): FieldCause[] {
  return isValidIPForLegacyField(value).map((msg) => invalid(field, value, msg));
}

/** IsValidCIDR without strict validation (the 1.33 default): anything ParseCIDRSloppy reads. */
export function validateCIDR(field: string, value: string): FieldCause[] {
  return parseCIDRSloppy(value)
    ? []
    : [invalid(field, value, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)')];
}

export function validateIPv4Address(field: string, value: string): FieldCause[] {
  return parseIPSloppy(value)?.family === 'IPv4'
    ? []
    : [invalid(field, value, 'must be a valid IPv4 address')];
}

export function validateIPv6Address(field: string, value: string): FieldCause[] {
  return parseIPSloppy(value)?.family === 'IPv6'
    ? []
    : [invalid(field, value, 'must be a valid IPv6 address')];
}

/**
 * ValidateEndpointIP: no unspecified, loopback, link-local or link-local multicast addresses
 * (they make no sense as endpoints, or reach node-local services such as cloud metadata).
 * Several rules can fire at once, as upstream checks each independently.
 */
export function validateEndpointIP(field: string, value: string): FieldCause[] {
  const ip = parseIPSloppy(value);
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

/**
 * GetWarningsForIP (apimachinery util/validation/ip.go, 1.33): an address the sloppy parser
 * accepts but netip.ParseAddr does not (leading zeros) or that is IPv4-mapped IPv6 will be refused
 * one day; an IPv6 address not in RFC 5952 form risks apply loops. Nothing for a value that is not
 * an IP at all (validation has refused it).
 */
export function ipWarnings(field: string, value: string): string[] {
  const ip = parseIPSloppy(value);
  if (!ip) return [];
  const addr = parseIPStrict(value);
  if (!addr || addr.mapped)
    return [
      `${field}: non-standard IP address ${goQuote(value)} will be considered invalid in a future Kubernetes release: use ${goQuote(formatIP(ip))}`,
    ];
  const canonical = formatIP(addr);
  if (addr.family === 'IPv6' && canonical !== value)
    return [
      `${field}: IPv6 address ${goQuote(value)} should be in RFC 5952 canonical format (${goQuote(canonical)})`,
    ];
  return [];
}
