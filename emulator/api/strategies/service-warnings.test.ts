// GetWarningsForService as each served release sends it: the IP and CIDR warnings (1.33:
// apimachinery's GetWarningsForIP/GetWarningsForCIDR; 1.27–1.32: the netip-based ones), the
// deprecated topology annotation (1.27+) and the ExternalName mismatches (1.28+).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cidrWarnings, serviceWarnings } from './service-warnings';
import { makeValidService } from './testing/services';

describe('cidrWarnings (GetWarningsForCIDR, 1.33)', () => {
  const cases: [string, string[]][] = [
    ['1.2.3.0/24', []],
    ['2001:db8::/32', []],
    ['not-a-cidr', []],
    [
      '1.2.3.4/8',
      [
        'f: CIDR value "1.2.3.4/8" is ambiguous in this context (should be "1.0.0.0/8" or "1.2.3.4/32"?)',
      ],
    ],
    [
      '010.0.0.0/8',
      [
        'f: non-standard CIDR value "010.0.0.0/8" will be considered invalid in a future Kubernetes release: use "10.0.0.0/8"',
      ],
    ],
    [
      '1.2.3.0/024',
      [
        'f: non-standard CIDR value "1.2.3.0/024" will be considered invalid in a future Kubernetes release: use "1.2.3.0/24"',
      ],
    ],
    [
      '::ffff:1.2.3.0/120',
      [
        'f: non-standard CIDR value "::ffff:1.2.3.0/120" will be considered invalid in a future Kubernetes release: use "1.2.3.0/24"',
      ],
    ],
    [
      '2001:DB8::/32',
      [
        'f: IPv6 CIDR value "2001:DB8::/32" should be in RFC 5952 canonical format ("2001:db8::/32")',
      ],
    ],
    [
      '2001:db8::1/64',
      [
        'f: CIDR value "2001:db8::1/64" is ambiguous in this context (should be "2001:db8::/64" or "2001:db8::1/128"?)',
      ],
    ],
  ];
  for (const [value, want] of cases)
    it(value, () => assert.deepEqual(cidrWarnings('f', value), want));
});

describe('serviceWarnings (GetWarningsForService, IPs and CIDRs)', () => {
  const svc = makeValidService();
  svc.spec.clusterIP = '10.96.0.10';
  svc.spec.clusterIPs = ['10.96.0.10'];
  svc.spec.externalIPs = ['010.1.2.3', '2001:DB8::1', '192.0.2.1'];
  svc.spec.loadBalancerIP = '2001:db8:0::2';
  svc.spec.loadBalancerSourceRanges = ['1.2.3.4/8', '2001:DB8::/32', '010.0.0.0/8'];

  it('1.33', () =>
    assert.deepEqual(serviceWarnings(svc, 33), [
      'spec.externalIPs[0]: non-standard IP address "010.1.2.3" will be considered invalid in a future Kubernetes release: use "10.1.2.3"',
      'spec.externalIPs[1]: IPv6 address "2001:DB8::1" should be in RFC 5952 canonical format ("2001:db8::1")',
      'spec.loadBalancerIP: IPv6 address "2001:db8:0::2" should be in RFC 5952 canonical format ("2001:db8::2")',
      'spec.loadBalancerSourceRanges[0]: CIDR value "1.2.3.4/8" is ambiguous in this context (should be "1.0.0.0/8" or "1.2.3.4/32"?)',
      'spec.loadBalancerSourceRanges[1]: IPv6 CIDR value "2001:DB8::/32" should be in RFC 5952 canonical format ("2001:db8::/32")',
      'spec.loadBalancerSourceRanges[2]: non-standard CIDR value "010.0.0.0/8" will be considered invalid in a future Kubernetes release: use "10.0.0.0/8"',
    ]));

  for (const minor of [27, 32])
    it(`1.${minor}`, () =>
      assert.deepEqual(serviceWarnings(svc, minor), [
        'spec.externalIPs[0]: IP address was accepted, but will be invalid in a future Kubernetes release: ParseAddr("010.1.2.3"): IPv4 field has octet with leading zero',
        'spec.externalIPs[1]: IPv6 address "2001:DB8::1" is not in RFC 5952 canonical format ("2001:db8::1"), which may cause controller apply-loops',
        'spec.loadBalancerIP: IPv6 address "2001:db8:0::2" is not in RFC 5952 canonical format ("2001:db8::2"), which may cause controller apply-loops',
        'spec.loadBalancerSourceRanges[1]: IPv6 prefix "2001:DB8::/32" is not in RFC 5952 canonical format ("2001:db8::/32"), which may cause controller apply-loops',
        'spec.loadBalancerSourceRanges[2]: IP prefix was accepted, but will be invalid in a future Kubernetes release: netip.ParsePrefix("010.0.0.0/8"): ParseAddr("010.0.0.0"): IPv4 field has octet with leading zero',
      ]));

  it('headless and unset cluster IPs are not checked', () => {
    const headless = makeValidService();
    headless.spec.clusterIP = 'None';
    headless.spec.clusterIPs = ['None'];
    assert.deepEqual(serviceWarnings(headless, 33), []);
  });

  it('the deprecated topology-aware-hints annotation (1.27+), before the address warnings', () => {
    const hinted = makeValidService();
    hinted.metadata.annotations = { 'service.kubernetes.io/topology-aware-hints': 'Auto' };
    hinted.spec.externalIPs = ['2001:DB8::1'];
    assert.deepEqual(serviceWarnings(hinted, 27), [
      'annotation service.kubernetes.io/topology-aware-hints is deprecated, please use service.kubernetes.io/topology-mode instead',
      'spec.externalIPs[0]: IPv6 address "2001:DB8::1" is not in RFC 5952 canonical format ("2001:db8::1"), which may cause controller apply-loops',
    ]);
  });

  it('externalIPs on an ExternalName Service, externalName on another type (1.28+)', () => {
    const external = makeValidService();
    external.spec.type = 'ExternalName';
    external.spec.externalName = 'db.example.com';
    external.spec.externalIPs = ['192.0.2.1'];
    const named = makeValidService();
    named.spec.externalName = 'db.example.com';
    for (const minor of [27, 28, 33]) {
      assert.deepEqual(
        serviceWarnings(external, minor),
        minor >= 28 ? ['spec.externalIPs is ignored when spec.type is "ExternalName"'] : [],
      );
      assert.deepEqual(
        serviceWarnings(named, minor),
        minor >= 28 ? ['spec.externalName is ignored when spec.type is not "ExternalName"'] : [],
      );
    }
  });
});
