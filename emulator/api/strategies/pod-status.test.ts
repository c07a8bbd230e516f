// The pods/status IP rules as upstream's TestValidatePodStatusUpdate / TestPodIPsValidation /
// TestHostIPsValidation cases (pkg/apis/core/validation/validation_test.go) and the v1 conversion
// of podIP/podIPs (pkg/apis/core/v1/conversion.go) pin them. Messages are upstream's word for word.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../core/types';
import { fakeContext, rendered } from '../testdata/context';
import { STRATEGIES_FULL } from '.';

const INVALID_IP = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';

function pod(status: Record<string, unknown>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'default', resourceVersion: '1' },
    spec: { containers: [{ name: 'c', image: 'i' }] },
    status,
  };
}

function writeStatus(
  status: Record<string, unknown>,
  before: Record<string, unknown> = {},
): { status: unknown; causes: string[] } {
  const stored = pod(before);
  const next = pod(structuredClone(status));
  const causes = STRATEGIES_FULL.pods.statusUpdate!(next, stored, fakeContext());
  return { status: next.status, causes: rendered(causes) };
}

const ips = (...list: string[]) => list.map((ip) => ({ ip }));

describe('pod status IPs (validatePodIPs / validateHostIPs)', () => {
  const cases: { name: string; status: Record<string, unknown>; want: string[] }[] = [
    { name: 'no IPs', status: {}, want: [] },
    { name: 'one IPv4', status: { podIP: '1.1.1.1', podIPs: ips('1.1.1.1') }, want: [] },
    { name: 'one IPv6', status: { podIP: '2000::1', podIPs: ips('2000::1') }, want: [] },
    {
      name: 'dual stack (IPv4, IPv6)',
      status: { podIP: '1.1.1.1', podIPs: ips('1.1.1.1', '2000::1') },
      want: [],
    },
    {
      name: 'dual stack (IPv6, IPv4)',
      status: { podIP: '2000::1', podIPs: ips('2000::1', '1.1.1.1') },
      want: [],
    },
    {
      name: 'invalid IPv4',
      status: { podIP: '1.1.1.1.1', podIPs: ips('1.1.1.1.1') },
      want: [`status.podIPs[0]: Invalid value: "1.1.1.1.1": ${INVALID_IP}`],
    },
    {
      name: 'invalid IPv6',
      status: { podIP: '2000::1::1', podIPs: ips('2000::1::1') },
      want: [`status.podIPs[0]: Invalid value: "2000::1::1": ${INVALID_IP}`],
    },
    {
      name: 'markup is not an IP',
      status: { podIPs: ips('1.1.1.1', '<img src=x>') },
      want: [
        `status.podIPs[1]: Invalid value: "<img src=x>": ${INVALID_IP}`,
        'status.podIPs: Invalid value: []core.PodIP{core.PodIP{IP:"1.1.1.1"}, core.PodIP{IP:"<img src=x>"}}: may specify no more than one IP for each IP family',
      ],
    },
    {
      name: 'two of one family',
      status: { podIP: '1.1.1.1', podIPs: ips('1.1.1.1', '1.1.1.2') },
      want: [
        'status.podIPs: Invalid value: []core.PodIP{core.PodIP{IP:"1.1.1.1"}, core.PodIP{IP:"1.1.1.2"}}: may specify no more than one IP for each IP family',
      ],
    },
    {
      name: 'three addresses',
      status: { podIP: '1.1.1.1', podIPs: ips('1.1.1.1', '2000::1', '2000::2') },
      want: [
        'status.podIPs: Invalid value: []core.PodIP{core.PodIP{IP:"1.1.1.1"}, core.PodIP{IP:"2000::1"}, core.PodIP{IP:"2000::2"}}: may specify no more than one IP for each IP family',
      ],
    },
    {
      name: 'non-canonical IPv6 parses, so 1.33 (StrictIPCIDRValidation off) accepts it',
      status: { podIP: '2001:db8:0:0:0:0:0:1', podIPs: ips('2001:db8:0:0:0:0:0:1') },
      want: [],
    },
    {
      name: 'hostIPs[0] must equal hostIP (hostIPs without hostIP)',
      status: { hostIPs: ips('10.0.0.2') },
      want: ['status.hostIPs[0].ip: Invalid value: "10.0.0.2": must be equal to `hostIP`'],
    },
    {
      name: 'invalid hostIPs',
      status: { hostIP: '10.0.0.1', hostIPs: ips('10.0.0.1', 'not-an-ip') },
      want: [
        `status.hostIPs[1]: Invalid value: "not-an-ip": ${INVALID_IP}`,
        'status.hostIPs: Invalid value: []core.HostIP{core.HostIP{IP:"10.0.0.1"}, core.HostIP{IP:"not-an-ip"}}: may specify no more than one IP for each IP family',
      ],
    },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(writeStatus(c.status).causes, c.want));

  it('keeps an invalid address the stored pod already had (upstream ratchets)', () => {
    const before = { podIP: 'bad', podIPs: ips('bad') };
    assert.deepEqual(writeStatus(before, before).causes, []);
  });
});

describe('pod status IPs through the v1 conversion', () => {
  it('podIP alone fills podIPs', () => {
    assert.deepEqual(writeStatus({ podIP: '1.1.1.1' }).status, {
      podIP: '1.1.1.1',
      podIPs: ips('1.1.1.1'),
    });
  });
  it('podIP is authoritative when podIPs[0] differs', () => {
    assert.deepEqual(writeStatus({ podIP: '1.1.1.1', podIPs: ips('2.2.2.2', '2000::1') }).status, {
      podIP: '1.1.1.1',
      podIPs: ips('1.1.1.1'),
    });
  });
  it('hostIP is authoritative when hostIPs[0] differs', () => {
    assert.deepEqual(writeStatus({ hostIP: '10.0.0.1', hostIPs: ips('10.0.0.2') }).status, {
      hostIP: '10.0.0.1',
      hostIPs: ips('10.0.0.1'),
    });
  });
  it('podIPs alone fills podIP', () => {
    assert.deepEqual(writeStatus({ podIPs: ips('2000::1', '1.1.1.1') }).status, {
      podIP: '2000::1',
      podIPs: ips('2000::1', '1.1.1.1'),
    });
  });
});
