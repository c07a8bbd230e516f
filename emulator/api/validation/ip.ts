/**
 * IP address checks of Kubernetes objects as field errors: the apimachinery validators
 * (`IsValidIP`/`IsValidIPv4Address`/`IsValidIPv6Address`, legacy-field flavour, as 1.33 serves
 * them) and `ValidateEndpointIP` (formerly ValidateNonSpecialIP, pkg/apis/core/validation), with
 * upstream's exact messages. Parsing and the special ranges are emulator/core/ip.ts.
 */
import { invalid } from '../../core/field-errors';
import {
  isLinkLocalMulticast,
  isLinkLocalUnicast,
  isLoopback,
  isUnspecified,
  isValidIPForLegacyField,
  parseCIDRSloppy,
  parseIPSloppy,
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
