/**
 * The consistency rules of a Service's clusterIP / clusterIPs / ipFamilies / ipFamilyPolicy
 * (pkg/apis/core/validation: ValidateServiceClusterIPsRelatedFields, and for updates
 * validateUpgradeDowngradeClusterIPs / validateUpgradeDowngradeIPFamilies), with upstream's
 * messages and bad-value renderings. The allocator runs the first one before allocating, so a
 * request it refuses gets only these errors, as upstream answers.
 */
import { duplicate, goStringSlice, invalid, notSupported, required } from '../../core/field-errors';
import { isValidIPForLegacyField, parseIPSloppy } from '../../core/ip';
import type { FieldCause } from '../../core/types';
import { CLUSTER_IP_NONE, isHeadless, TYPE_EXTERNAL_NAME, type ServiceSpec } from './service-shape';

export const IP_FAMILIES = ['IPv4', 'IPv6'];
export const IP_FAMILY_POLICIES = ['PreferDualStack', 'RequireDualStack', 'SingleStack'];

/** Go's `%#v` of a []core.IPFamily. */
export function goFamilies(values: string[] | undefined): { go: string } {
  if (values === undefined) return { go: '[]core.IPFamily(nil)' };
  return { go: `[]core.IPFamily{${values.map((v) => JSON.stringify(v)).join(', ')}}` };
}

/** A *string bad value: Go prints the pointee, or null for a nil pointer. */
export function goPointer(value: string | undefined): string | { go: string } {
  return value === undefined ? { go: 'null' } : value;
}

/** netutils.IsIPv6String: parses, and is not IPv4 (IPv4-mapped IPv6 counts as IPv4). */
export function isIPv6String(value: string): boolean {
  return parseIPSloppy(value)?.family === 'IPv6';
}

export function familyOf(value: string): string {
  return isIPv6String(value) ? 'IPv6' : 'IPv4';
}

const CLUSTER_IPS = 'spec.clusterIPs';

export function validateClusterIPsRelatedFields(spec: ServiceSpec): FieldCause[] {
  if (spec.type === TYPE_EXTERNAL_NAME) return [];
  const causes: FieldCause[] = [];
  const clusterIPs = spec.clusterIPs ?? [];
  const ips = goStringSlice(spec.clusterIPs);
  if (spec.clusterIP) {
    if (clusterIPs.length === 0) causes.push(required(CLUSTER_IPS));
    else if (clusterIPs[0] !== spec.clusterIP)
      causes.push(invalid(CLUSTER_IPS, ips, 'first value must match `clusterIP`'));
  } else if (clusterIPs.length !== 0) {
    causes.push(invalid(CLUSTER_IPS, ips, 'must be empty when `clusterIP` is not specified'));
  }

  const seen = new Set<string>();
  (spec.ipFamilies ?? []).forEach((family, i) => {
    const path = `spec.ipFamilies[${i}]`;
    if (!IP_FAMILIES.includes(family)) causes.push(notSupported(path, family, IP_FAMILIES));
    if (seen.has(family)) causes.push(duplicate(path, family));
    seen.add(family);
  });

  if (spec.ipFamilyPolicy !== undefined && !IP_FAMILY_POLICIES.includes(spec.ipFamilyPolicy))
    causes.push(notSupported('spec.ipFamilyPolicy', spec.ipFamilyPolicy, IP_FAMILY_POLICIES));

  let hasInvalidIPs = false;
  clusterIPs.forEach((ip, i) => {
    if (i === 0 && ip === CLUSTER_IP_NONE) {
      if (clusterIPs.length > 1) {
        hasInvalidIPs = true;
        causes.push(invalid(CLUSTER_IPS, ips, "'None' must be the first and only value"));
      }
      return;
    }
    const messages = isValidIPForLegacyField(ip);
    if (messages.length > 0) hasInvalidIPs = true;
    for (const msg of messages) causes.push(invalid(`${CLUSTER_IPS}[${i}]`, ip, msg));
  });
  if (clusterIPs.length > 2) causes.push(invalid(CLUSTER_IPS, ips, 'may only hold up to 2 values'));
  // Further checks would only restate the bad IPs.
  if (hasInvalidIPs) return causes;

  if (clusterIPs.length > 1) {
    const families = new Set(clusterIPs.map(familyOf));
    if (families.size < 2)
      causes.push(invalid(CLUSTER_IPS, ips, 'may specify no more than one IP for each IP family'));
  }
  const families = spec.ipFamilies ?? [];
  if (!isHeadless(spec) && clusterIPs.length > 0 && families.length > 0) {
    clusterIPs.forEach((ip, i) => {
      if (i > families.length - 1) return;
      if (families[i] === 'IPv4' && isIPv6String(ip))
        causes.push(
          invalid(
            `${CLUSTER_IPS}[${i}]`,
            ip,
            `expected an IPv4 value as indicated by \`ipFamilies[${i}]\``,
          ),
        );
      if (families[i] === 'IPv6' && !isIPv6String(ip))
        causes.push(
          invalid(
            `${CLUSTER_IPS}[${i}]`,
            ip,
            `expected an IPv6 value as indicated by \`ipFamilies[${i}]\``,
          ),
        );
    });
  }
  return causes;
}

/** validateUpgradeDowngradeClusterIPs. */
export function validateClusterIPsUpdate(spec: ServiceSpec, old: ServiceSpec): FieldCause[] {
  if (spec.type === TYPE_EXTERNAL_NAME || old.type === TYPE_EXTERNAL_NAME) return [];
  if (isHeadless(old) && isHeadless(spec)) return [];
  const causes: FieldCause[] = [];
  const before = old.clusterIPs ?? [];
  const after = spec.clusterIPs ?? [];
  const value = goStringSlice(spec.clusterIPs);
  const changed = (i: number) => invalid(`${CLUSTER_IPS}[${i}]`, value, 'may not change once set');
  if (before.length === after.length) {
    before.forEach((ip, i) => {
      if (ip !== after[i]) causes.push(changed(i));
    });
  } else if (before.length > after.length) {
    if (after.length === 0)
      causes.push(invalid(`${CLUSTER_IPS}[0]`, value, 'primary clusterIP can not be unset'));
    if (before.length > 0 && after.length > 0 && after[0] !== before[0]) causes.push(changed(0));
    if (after.length === 1 && spec.ipFamilyPolicy !== 'SingleStack')
      causes.push(
        invalid(
          'spec.ipFamilyPolicy',
          goPointer(spec.ipFamilyPolicy),
          "must be set to 'SingleStack' when releasing the secondary clusterIP",
        ),
      );
  } else if (before.length > 0 && after[0] !== before[0]) {
    causes.push(changed(0));
  }
  return causes;
}

/** validateUpgradeDowngradeIPFamilies (its paths and values are upstream's, quirks included). */
export function validateIPFamiliesUpdate(spec: ServiceSpec, old: ServiceSpec): FieldCause[] {
  if (spec.type === TYPE_EXTERNAL_NAME || old.type === TYPE_EXTERNAL_NAME) return [];
  if (isHeadless(spec) !== isHeadless(old) || isHeadless(spec)) return [];
  const causes: FieldCause[] = [];
  const before = old.ipFamilies ?? [];
  const after = spec.ipFamilies ?? [];
  const path = 'spec.ipFamilies[0]';
  if (before.length === after.length) {
    before.forEach((family, i) => {
      if (family !== after[i])
        causes.push(invalid(path, goFamilies(spec.ipFamilies), 'may not change once set'));
    });
  } else if (before.length > after.length) {
    if ((spec.clusterIPs ?? []).length === 0)
      causes.push(invalid(path, goFamilies(spec.ipFamilies), 'primary ipFamily can not be unset'));
    if (after.length > 0 && after[0] !== before[0])
      causes.push(invalid(path, goStringSlice(spec.clusterIPs), 'may not change once set'));
    if (after.length === 1 && spec.ipFamilyPolicy !== 'SingleStack')
      causes.push(
        invalid(
          'spec.ipFamilyPolicy',
          goPointer(spec.ipFamilyPolicy),
          "must be set to 'SingleStack' when releasing the secondary ipFamily",
        ),
      );
  } else if (before.length > 0 && after.length > 0 && after[0] !== before[0]) {
    causes.push(invalid(path, goStringSlice(spec.clusterIPs), 'may not change once set'));
  }
  return causes;
}
