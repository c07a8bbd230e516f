/**
 * GetWarningsForService (pkg/api/service/warnings.go): the `Warning`s a Service create or update
 * gets, in upstream's order, as each served release sends them: the deprecated
 * topology-aware-hints annotation (1.27+, kubernetes#116522); addresses and ranges in a
 * non-standard form; externalIPs on an ExternalName Service and externalName on any other
 * (1.28+, kubernetes#119310). The headless-Service warnings came in 1.34. Address and range
 * warnings, in each release's words:
 * - 1.33 (kubernetes#128786): apimachinery's GetWarningsForIP / GetWarningsForCIDR — leading
 *   zeros and IPv4-mapped IPv6 "will be considered invalid", IPv6 not in RFC 5952 form, and a
 *   range with bits set after its prefix "is ambiguous";
 * - 1.27–1.32 (kubernetes#114505): what netip.ParseAddr / ParsePrefix refuse "was accepted, but
 *   will be invalid", and IPv6 not in RFC 5952 form "may cause controller apply-loops". Only the
 *   refusal for an IPv4 octet with a leading zero is worded here (netip's other parse errors,
 *   e.g. for space-padded source ranges, are not reproduced and give no warning).
 * Fields: spec.clusterIPs (when set and not None), spec.externalIPs, spec.loadBalancerIP,
 * spec.loadBalancerSourceRanges.
 */
import { goQuote } from '../../core/field-errors';
import { formatIP, parseCIDRSloppy, parseIPStrict, type ParsedIP } from '../../core/ip';
import type { KubeObject } from '../../core/types';
import { ipWarnings } from '../validation/ip';
import { CLUSTER_IP_NONE, specOf, TYPE_EXTERNAL_NAME } from './service-shape';

const IPV4_OCTET_LEADING_ZERO = /(^|\.)0\d/;
const TOPOLOGY_HINTS = 'service.kubernetes.io/topology-aware-hints';
const TOPOLOGY_MODE = 'service.kubernetes.io/topology-mode';

/** The address of a CIDR as written, strictly parsed, and its prefix length; or why not. */
function strictPrefix(value: string): { addr: ParsedIP; bits: number } | undefined {
  const slash = value.indexOf('/');
  if (slash < 0) return undefined;
  const addr = parseIPStrict(value.slice(0, slash));
  const bits = value.slice(slash + 1);
  if (!addr || !/^(0|[1-9]\d*)$/.test(bits)) return undefined;
  return { addr, bits: Number(bits) };
}

/** A network's address bytes: the first `bits` bits of `bytes`. */
function masked(bytes: number[], bits: number): number[] {
  return bytes.map((b, i) => {
    const keep = Math.max(0, Math.min(8, bits - i * 8));
    return b & ((0xff << (8 - keep)) & 0xff);
  });
}

const asIP = (bytes: number[]): ParsedIP => ({
  family: bytes.length === 4 ? 'IPv4' : 'IPv6',
  bytes,
  mapped: false,
});

/** GetWarningsForCIDR (1.33). */
export function cidrWarnings(field: string, value: string): string[] {
  const parsed = parseCIDRSloppy(value);
  if (!parsed) return [];
  // Go prints an IPv4-mapped network as IPv4, its mask shortened to match.
  const mapped =
    parsed.bytes.length === 16 &&
    parsed.bytes.slice(0, 12).every((b, i) => b === (i < 10 ? 0 : 0xff)) &&
    parsed.bits >= 96;
  const bytes = mapped ? parsed.bytes.slice(12) : parsed.bytes;
  const bits = mapped ? parsed.bits - 96 : parsed.bits;
  const network = `${formatIP(asIP(masked(bytes, bits)))}/${bits}`;
  const warnings: string[] = [];
  if (masked(bytes, bits).some((b, i) => b !== bytes[i]))
    warnings.push(
      `${field}: CIDR value ${goQuote(value)} is ambiguous in this context (should be ${goQuote(network)} or ${goQuote(`${formatIP(asIP(bytes))}/${parsed.bytes.length * 8}`)}?)`,
    );
  const strict = strictPrefix(value);
  if (!strict || strict.addr.mapped)
    warnings.push(
      `${field}: non-standard CIDR value ${goQuote(value)} will be considered invalid in a future Kubernetes release: use ${goQuote(network)}`,
    );
  if (warnings.length === 0 && strict?.addr.family === 'IPv6') {
    const canonical = `${formatIP(strict.addr)}/${strict.bits}`;
    if (canonical !== value)
      warnings.push(
        `${field}: IPv6 CIDR value ${goQuote(value)} should be in RFC 5952 canonical format (${goQuote(canonical)})`,
      );
  }
  return warnings;
}

/** getWarningsForIP of 1.27–1.32. */
function legacyIPWarnings(field: string, value: string): string[] {
  const addr = parseIPStrict(value);
  if (!addr) {
    return value.includes(':') || !IPV4_OCTET_LEADING_ZERO.test(value)
      ? []
      : [
          `${field}: IP address was accepted, but will be invalid in a future Kubernetes release: ParseAddr(${goQuote(value)}): IPv4 field has octet with leading zero`,
        ];
  }
  // netip prints an IPv4-mapped address as ::ffff:a.b.c.d (Go's net.IP prints it dotted).
  const canonical = addr.mapped ? `::ffff:${addr.bytes.join('.')}` : formatIP(addr);
  return addr.family === 'IPv6' || addr.mapped
    ? canonical === value
      ? []
      : [
          `${field}: IPv6 address ${goQuote(value)} is not in RFC 5952 canonical format (${goQuote(canonical)}), which may cause controller apply-loops`,
        ]
    : [];
}

/** getWarningsForCIDR of 1.27–1.32. */
function legacyCIDRWarnings(field: string, value: string): string[] {
  const slash = value.indexOf('/');
  const strict = strictPrefix(value);
  if (!strict) {
    const addr = slash < 0 ? value : value.slice(0, slash);
    return addr.includes(':') || !IPV4_OCTET_LEADING_ZERO.test(addr) || !parseCIDRSloppy(value)
      ? []
      : [
          `${field}: IP prefix was accepted, but will be invalid in a future Kubernetes release: netip.ParsePrefix(${goQuote(value)}): ParseAddr(${goQuote(addr)}): IPv4 field has octet with leading zero`,
        ];
  }
  if (strict.addr.family !== 'IPv6' || strict.addr.mapped) return [];
  const canonical = `${formatIP(strict.addr)}/${strict.bits}`;
  return canonical === value
    ? []
    : [
        `${field}: IPv6 prefix ${goQuote(value)} is not in RFC 5952 canonical format (${goQuote(canonical)}), which may cause controller apply-loops`,
      ];
}

/** GetWarningsForService, for a create or an update alike. */
export function serviceWarnings(svc: KubeObject, minorVersion: number): string[] {
  const spec = specOf(svc);
  const ip = minorVersion >= 33 ? ipWarnings : legacyIPWarnings;
  const cidr = minorVersion >= 33 ? cidrWarnings : legacyCIDRWarnings;
  const warnings: string[] = [];
  if (svc.metadata.annotations?.[TOPOLOGY_HINTS] !== undefined)
    warnings.push(
      `annotation ${TOPOLOGY_HINTS} is deprecated, please use ${TOPOLOGY_MODE} instead`,
    );
  if (spec.clusterIP && spec.clusterIP !== CLUSTER_IP_NONE)
    (spec.clusterIPs ?? []).forEach((v, i) => warnings.push(...ip(`spec.clusterIPs[${i}]`, v)));
  (spec.externalIPs ?? []).forEach((v, i) => warnings.push(...ip(`spec.externalIPs[${i}]`, v)));
  const lbIP = typeof spec.loadBalancerIP === 'string' ? spec.loadBalancerIP : '';
  if (lbIP) warnings.push(...ip('spec.loadBalancerIP', lbIP));
  (spec.loadBalancerSourceRanges ?? []).forEach((v, i) =>
    warnings.push(...cidr(`spec.loadBalancerSourceRanges[${i}]`, v)),
  );
  if (minorVersion >= 28) {
    const externalName = spec.type === TYPE_EXTERNAL_NAME;
    if (externalName && (spec.externalIPs ?? []).length > 0)
      warnings.push(`spec.externalIPs is ignored when spec.type is "${TYPE_EXTERNAL_NAME}"`);
    if (!externalName && spec.externalName)
      warnings.push(`spec.externalName is ignored when spec.type is not "${TYPE_EXTERNAL_NAME}"`);
  }
  return warnings;
}
