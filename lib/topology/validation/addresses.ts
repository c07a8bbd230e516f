/**
 * Endpoint address rules: strict IP parsing and the ranges an external Service must never point
 * at (CVE-2021-25740: a selector-less Service pointed at a pod, node or apiserver address makes
 * the cluster's proxies forward to it on the requester's behalf).
 *
 * Contract: `checkAddress` rejects everything the apiserver's ValidateNonSpecialIP rejects
 * (quoting its message) and more: non-canonical spellings Go would read differently from a
 * person (leading zeros), IPv6 zones and embedded IPv4, IPv4-mapped/compatible/NAT64/6to4 forms
 * of blocked addresses, "this network" 0.0.0.0/8, all multicast, reserved 240.0.0.0/4 and
 * broadcast, and cloud metadata / host-service addresses. Addresses inside the cluster (its
 * ClusterIPs, pod and node IPs, pod and service CIDRs) are a separate, overridable finding.
 * Isomorphic: the browser and the server run the same code.
 */
import ipaddr from 'ipaddr.js';
import * as api from './apiserver-messages';
import type { InternalAddresses } from './internal-addresses';
import { shown } from './shown';

export type IpFamily = 'IPv4' | 'IPv6';

export interface ParsedIp {
  family: IpFamily;
  /** 4 or 16 bytes. */
  bytes: number[];
  /** Dotted decimal, or RFC 5952 for IPv6: the spelling written into objects. */
  canonical: string;
}

export type AddressCode =
  | 'required'
  | 'whitespace'
  | 'invalid'
  | 'non-canonical'
  | 'zone'
  | 'embedded-ipv4'
  | 'hostname'
  | 'unspecified'
  | 'loopback'
  | 'link-local'
  | 'link-local-multicast'
  | 'multicast'
  | 'this-network'
  | 'reserved'
  | 'metadata'
  | 'ipv4-in-ipv6'
  | 'internal-target';

export interface AddressProblem {
  code: AddressCode;
  /** Words a person understands. */
  message: string;
  /** The apiserver's own message, when the apiserver rejects this too. */
  apiserver?: string;
  /** Only internal-target findings can be overridden (and the override is recorded). */
  overridable?: boolean;
}

const IPV4_RE = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
/** Go's sloppy parser accepts leading zeros and reads them as decimal; a person may mean octal. */
const IPV4_LEADING_ZERO_RE = /^\d{1,3}(\.\d{1,3}){3}$/;
/** The longest DNS name; every IP address is shorter. */
const MAX_ADDRESS_TEXT = 253;
const HOSTNAME_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\.?$/i;

export function parseIp(text: string): ParsedIp | undefined {
  if (IPV4_RE.test(text)) {
    // The pattern admits no leading zeros: the text is already the canonical spelling.
    return { family: 'IPv4', bytes: text.split('.').map(Number), canonical: text };
  }
  if (!text.includes(':') || text.includes('%') || text.includes('.')) return undefined;
  if (!ipaddr.IPv6.isValid(text)) return undefined;
  const v6 = ipaddr.IPv6.parse(text);
  return { family: 'IPv6', bytes: v6.toByteArray(), canonical: v6.toRFC5952String() };
}

/** A CIDR's base address and prefix length; undefined when it is not one. */
export interface ParsedCidr {
  base: ParsedIp;
  bits: number;
}

export function parseCidr(cidr: string): ParsedCidr | undefined {
  const slash = cidr.indexOf('/');
  if (slash < 0) return undefined;
  const base = parseIp(cidr.slice(0, slash));
  const bits = Number(cidr.slice(slash + 1));
  if (!base || !Number.isInteger(bits) || bits < 0 || bits > base.bytes.length * 8)
    return undefined;
  return { base, bits };
}

/** CIDR membership on raw bytes; the CIDR must be of the same family (else false). */
export function inCidr(ip: ParsedIp, cidr: string | ParsedCidr | undefined): boolean {
  const parsed = typeof cidr === 'string' ? parseCidr(cidr) : cidr;
  if (!parsed || parsed.base.family !== ip.family) return false;
  const { base, bits } = parsed;
  for (let i = 0; i < bits; i++) {
    const byte = i >> 3;
    const mask = 0x80 >> (i & 7);
    if (((ip.bytes[byte] ?? 0) & mask) !== ((base.bytes[byte] ?? 0) & mask)) return false;
  }
  return true;
}

export function sameIp(a: ParsedIp, b: ParsedIp): boolean {
  return a.family === b.family && a.bytes.every((x, i) => x === b.bytes[i]);
}

interface Range {
  cidr: string;
  code: AddressCode;
  message: (ip: string) => string;
}

/**
 * Cloud metadata and host-service addresses, most specific first. Several sit inside
 * link-local (which the apiserver rejects as well); the others pass the apiserver.
 */
const METADATA: Range[] = [
  ...['169.254.169.254/32', 'fd00:ec2::254/128'].map((cidr) => ({
    cidr,
    code: 'metadata' as const,
    message: (ip: string) =>
      `${ip} is the cloud instance metadata service (AWS, GCP, Azure, OpenStack, DigitalOcean…): a Service pointing there hands node credentials to anyone who can reach the Service.`,
  })),
  {
    cidr: 'fd00:ec2::/64',
    code: 'metadata',
    message: (ip) =>
      `${ip} is in AWS's instance-services range fd00:ec2::/64 (metadata, DNS, time, EKS Pod Identity).`,
  },
  {
    cidr: '169.254.170.2/32',
    code: 'metadata',
    message: (ip) => `${ip} is the Amazon ECS task metadata and credentials endpoint.`,
  },
  {
    cidr: '169.254.170.23/32',
    code: 'metadata',
    message: (ip) => `${ip} is the Amazon EKS Pod Identity agent (it hands out credentials).`,
  },
  {
    cidr: '100.100.100.200/32',
    code: 'metadata',
    message: (ip) => `${ip} is Alibaba Cloud's instance metadata service.`,
  },
  {
    cidr: '192.0.0.192/32',
    code: 'metadata',
    message: (ip) => `${ip} is Oracle Cloud's instance metadata service.`,
  },
  {
    cidr: '168.63.129.16/32',
    code: 'metadata',
    message: (ip) => `${ip} is Azure's WireServer host endpoint (platform metadata and health).`,
  },
  {
    cidr: '169.254.0.23/32',
    code: 'metadata',
    message: (ip) => `${ip} is Tencent Cloud's instance metadata service.`,
  },
];

const OURS: Range[] = [
  {
    cidr: '0.0.0.0/8',
    code: 'this-network',
    message: (ip) => `${ip} is in 0.0.0.0/8 ("this network"), which never names a remote host.`,
  },
  {
    cidr: '192.0.0.0/24',
    code: 'reserved',
    message: (ip) =>
      `${ip} is in 192.0.0.0/24, reserved for IETF protocol assignments (and cloud host services).`,
  },
  {
    cidr: '255.255.255.255/32',
    code: 'reserved',
    message: (ip) => `${ip} is the broadcast address.`,
  },
  {
    cidr: '240.0.0.0/4',
    code: 'reserved',
    message: (ip) => `${ip} is in 240.0.0.0/4, reserved and not routable.`,
  },
  {
    cidr: '224.0.0.0/4',
    code: 'multicast',
    message: (ip) => `${ip} is a multicast address; a Service needs one host to connect to.`,
  },
  {
    cidr: 'ff00::/8',
    code: 'multicast',
    message: (ip) => `${ip} is a multicast address; a Service needs one host to connect to.`,
  },
  {
    cidr: 'fec0::/10',
    code: 'reserved',
    message: (ip) => `${ip} is a deprecated IPv6 site-local address.`,
  },
  {
    cidr: '::/96',
    code: 'ipv4-in-ipv6',
    message: (ip) => `${ip} is a deprecated IPv4-compatible IPv6 address; write the IPv4 address.`,
  },
];

/** The apiserver's ValidateNonSpecialIP, on our parsed form (Go's net.IP predicates). */
function apiserverSpecial(ip: ParsedIp, raw: string): AddressProblem | undefined {
  const b = ip.bytes;
  const v4 = ip.family === 'IPv4' ? b : undefined;
  if (b.every((x) => x === 0)) {
    return {
      code: 'unspecified',
      message: `${raw} is the "unspecified" address: it means "any address", not a host.`,
      apiserver: api.unspecified(raw),
    };
  }
  const loopback = v4 ? b[0] === 127 : b.slice(0, 15).every((x) => x === 0) && b[15] === 1;
  if (loopback) {
    return {
      code: 'loopback',
      message: `${raw} is a loopback address: traffic would go back to whichever node or pod sends it.`,
      apiserver: api.IP_LOOPBACK,
    };
  }
  const linkLocal = v4
    ? b[0] === 169 && b[1] === 254
    : b[0] === 0xfe && ((b[1] ?? 0) & 0xc0) === 0x80;
  if (linkLocal) {
    return {
      code: 'link-local',
      message: `${raw} is a link-local address (node-local services such as cloud metadata live there).`,
      apiserver: api.IP_LINK_LOCAL,
    };
  }
  const llMulticast = v4
    ? b[0] === 224 && b[1] === 0 && b[2] === 0
    : b[0] === 0xff && ((b[1] ?? 0) & 0x0f) === 0x02;
  if (llMulticast) {
    return {
      code: 'link-local-multicast',
      message: `${raw} is a link-local multicast address, not a host.`,
      apiserver: api.IP_LINK_LOCAL_MULTICAST,
    };
  }
  return undefined;
}

function matchRanges(ip: ParsedIp, ranges: Range[]): AddressProblem | undefined {
  const hit = ranges.find((r) => inCidr(ip, r.cidr));
  return hit ? { code: hit.code, message: hit.message(ip.canonical) } : undefined;
}

/** The IPv4 address an IPv6 address carries (mapped, NAT64, 6to4), if any. */
function embeddedIpv4(ip: ParsedIp): { ip: ParsedIp; how: string } | undefined {
  if (ip.family !== 'IPv6') return undefined;
  const take = (from: number, how: string) => {
    const bytes = ip.bytes.slice(from, from + 4);
    return { ip: { family: 'IPv4' as const, bytes, canonical: bytes.join('.') }, how };
  };
  if (inCidr(ip, '::ffff:0:0/96')) return take(12, 'IPv4-mapped');
  if (inCidr(ip, '64:ff9b::/96')) return take(12, 'NAT64');
  if (inCidr(ip, '64:ff9b:1::/48')) return take(12, 'local NAT64');
  if (inCidr(ip, '2002::/16')) return take(2, '6to4');
  return undefined;
}

/** Rules that need no knowledge of the cluster; the order puts the most specific words first. */
function checkParsed(ip: ParsedIp, raw: string): AddressProblem | undefined {
  const metadata = matchRanges(ip, METADATA);
  const special = apiserverSpecial(ip, raw);
  if (metadata) return { ...metadata, apiserver: special?.apiserver };
  if (special) return special;
  if (inCidr(ip, '::ffff:0:0/96')) {
    const v4 = ip.bytes.slice(12).join('.');
    // Go's net.IP treats a mapped address as the IPv4 one, so the apiserver's rules apply to it.
    const inner = checkParsed({ family: 'IPv4', bytes: ip.bytes.slice(12), canonical: v4 }, v4);
    if (inner) {
      return { ...inner, message: `${raw} is the IPv4-mapped form of ${v4}: ${inner.message}` };
    }
    return {
      code: 'ipv4-in-ipv6',
      message: `${raw} is an IPv4-mapped IPv6 address; write the IPv4 address ${v4} instead.`,
    };
  }
  const embedded = embeddedIpv4(ip);
  if (embedded) {
    const inner = checkParsed(embedded.ip, embedded.ip.canonical);
    if (inner) {
      return {
        code: inner.code,
        message: `${raw} is the ${embedded.how} form of ${embedded.ip.canonical}: ${inner.message}`,
      };
    }
  }
  return matchRanges(ip, OURS);
}

export interface AddressCheck {
  ip?: ParsedIp;
  /** Set when the text is a DNS name rather than an IP. */
  hostname?: string;
  problems: AddressProblem[];
}

/** Everything about one address; `problems` empty means it may be used. */
export function checkAddress(raw: string, internal?: InternalAddresses): AddressCheck {
  if (raw === '') {
    return { problems: [{ code: 'required', message: 'Enter an IP address.' }] };
  }
  if (raw.trim() !== raw || /\s/.test(raw)) {
    return {
      problems: [{ code: 'whitespace', message: 'Remove the spaces around the address.' }],
    };
  }
  // Longer than any IP address or DNS name: said as plainly as any other wrong text, and no
  // parser spends time on it.
  const ip = raw.length > MAX_ADDRESS_TEXT ? undefined : parseIp(raw);
  if (!ip) {
    const seen = shown(raw);
    if (IPV4_LEADING_ZERO_RE.test(raw) && raw.split('.').every((p) => Number(p) <= 255)) {
      return {
        problems: [
          {
            code: 'non-canonical',
            message: `${raw} has leading zeros, which some tools read as octal; write it without them (${raw
              .split('.')
              .map(Number)
              .join('.')}).`,
          },
        ],
      };
    }
    if (raw.includes(':') && raw.includes('%')) {
      return {
        problems: [
          {
            code: 'zone',
            message: `${seen} has an IPv6 zone (%…), which only means something on one host.`,
          },
        ],
      };
    }
    if (raw.includes(':') && raw.includes('.') && ipaddr.IPv6.isValid(raw)) {
      return {
        problems: [
          {
            code: 'embedded-ipv4',
            message: `${seen} mixes IPv6 and dotted IPv4 notation; write the plain IPv4 address or a pure IPv6 one.`,
          },
        ],
      };
    }
    if (raw.length <= MAX_ADDRESS_TEXT && HOSTNAME_RE.test(raw) && /[a-z]/i.test(raw)) {
      const host = raw.toLowerCase().replace(/\.$/, '');
      const metadataHost = /(^|\.)metadata(\.google\.internal)?$|^instance-data(\.|$)/.test(host);
      return {
        hostname: host,
        problems: [
          metadataHost
            ? {
                code: 'metadata',
                message: `${raw} names a cloud metadata service; a Service must never point there.`,
              }
            : {
                code: 'hostname',
                message: `${raw} is a host name, not an IP address. kube-proxy ignores FQDN endpoints; to point a Service at a DNS name, create an ExternalName Service instead (spec.externalName: ${host}; e.g. kubectl create service externalname NAME --external-name ${host}).`,
              },
        ],
      };
    }
    return {
      problems: [
        {
          code: 'invalid',
          message: `${seen} is not an IP address (IPv4 like 10.9.8.7 or IPv6 like 2001:db8::ffff).`,
          apiserver: api.IP_INVALID,
        },
      ],
    };
  }
  const fixed = checkParsed(ip, raw);
  if (fixed) return { ip, problems: [fixed] };
  const inside = internal?.find(ip);
  if (inside) {
    return {
      ip,
      problems: [
        {
          code: 'internal-target',
          overridable: true,
          message: `${ip.canonical} is inside this cluster (${inside.what}): an external Service pointing there forwards traffic into the cluster past its network policies (CVE-2021-25740).`,
        },
      ],
    };
  }
  return { ip, problems: [] };
}
