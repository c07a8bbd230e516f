// EndpointSlice and Endpoints addresses per served release: ValidateEndpointSlice's IPv4/IPv6
// checks (1.27–1.32 run ValidateEndpointIP on every address, 1.33 only on one of the slice's
// family), through the v1 create path as the cluster of that minor runs it; and the 1.33
// warnings for addresses in a non-standard form.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../core/types';
import { fakeContext, rendered, write } from '../testdata/context';
import { endpointsWarnings, sliceAddressWarnings } from './endpoints';

function slice(addressType: string, addresses: string[]): KubeObject {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'web-abcde', namespace: 'default' },
    addressType,
    ports: [{ name: 'http', protocol: 'TCP' }],
    endpoints: [{ addresses, hostname: 'valid-123' }],
  };
}

const at = (j: number, value: string, message: string) =>
  `endpoints[0].addresses[${j}]: Invalid value: "${value}": ${message}`;
const NOT_IP = 'must be a valid IP address';
const NOT_V4 = 'must be a valid IPv4 address';
const NOT_V6 = 'must be a valid IPv6 address';
const LOOPBACK = 'may not be in the loopback range (127.0.0.0/8, ::1/128)';

interface Case {
  /** upstream's TestValidateEndpointSlice name where the case is one of its. */
  name: string;
  object: KubeObject;
  /** Every cause, as 1.27–1.32 and as 1.33 answer. */
  before33: string[];
  from33: string[];
}

const BAD = '123.456.789.012';
const CASES: Case[] = [
  {
    name: 'bad-ip',
    object: slice('IPv4', [BAD]),
    before33: [at(0, BAD, NOT_V4), at(0, BAD, NOT_IP)],
    from33: [at(0, BAD, NOT_V4)],
  },
  {
    name: 'bad-ipv4',
    object: slice('IPv4', [BAD, '2001:4860:4860::8888']),
    before33: [at(0, BAD, NOT_V4), at(0, BAD, NOT_IP), at(1, '2001:4860:4860::8888', NOT_V4)],
    from33: [at(0, BAD, NOT_V4), at(1, '2001:4860:4860::8888', NOT_V4)],
  },
  {
    name: 'bad-ipv6',
    object: slice('IPv6', [BAD, '2001:4860:4860:defg']),
    before33: [
      at(0, BAD, NOT_V6),
      at(0, BAD, NOT_IP),
      at(1, '2001:4860:4860:defg', NOT_V6),
      at(1, '2001:4860:4860:defg', NOT_IP),
    ],
    from33: [at(0, BAD, NOT_V6), at(1, '2001:4860:4860:defg', NOT_V6)],
  },
  {
    name: 'loopback IPv6 address in an IPv4 slice',
    object: slice('IPv4', ['::1']),
    before33: [at(0, '::1', NOT_V4), at(0, '::1', LOOPBACK)],
    from33: [at(0, '::1', NOT_V4)],
  },
  {
    name: 'special-ipv4',
    object: slice('IPv4', ['127.0.0.1']),
    before33: [at(0, '127.0.0.1', LOOPBACK)],
    from33: [at(0, '127.0.0.1', LOOPBACK)],
  },
  { name: 'good-slice', object: slice('IPv4', ['10.1.2.3']), before33: [], from33: [] },
];

describe('EndpointSlice addresses by release', () => {
  for (const c of CASES) {
    for (const minor of [27, 32, 33]) {
      it(`${c.name} (1.${minor})`, () => {
        const { causes } = write('endpointslices', c.object, { ctx: fakeContext([], minor) });
        assert.deepEqual(rendered(causes), minor >= 33 ? c.from33 : c.before33);
      });
    }
  }
});

describe('address warnings by release (warnOnBadIPs, endpointsWarnings: 1.33+)', () => {
  const zeros = (field: string) =>
    `${field}: non-standard IP address "010.0.0.1" will be considered invalid in a future Kubernetes release: use "10.0.0.1"`;
  const endpoints: KubeObject = {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'web', namespace: 'default' },
    subsets: [{ addresses: [{ ip: '10.0.0.2' }], notReadyAddresses: [{ ip: '010.0.0.1' }] }],
  };
  for (const minor of [27, 32, 33]) {
    it(`EndpointSlice and Endpoints (1.${minor})`, () => {
      const slice33 = sliceAddressWarnings(slice('IPv4', ['10.0.0.2', '010.0.0.1']), minor);
      assert.deepEqual(slice33, minor >= 33 ? [zeros('endpoints[0].addresses[1]')] : []);
      assert.deepEqual(
        endpointsWarnings(endpoints, minor),
        minor >= 33 ? [zeros('subsets[0].notReadyAddresses[0].ip')] : [],
      );
    });
  }
  it("none on the endpoints controller's Endpoints", () => {
    const owned = structuredClone(endpoints);
    owned.metadata.labels = { 'endpoints.kubernetes.io/managed-by': 'endpoint-controller' };
    assert.deepEqual(endpointsWarnings(owned, 33), []);
  });
  it('none on FQDN addresses', () => {
    assert.deepEqual(sliceAddressWarnings(slice('FQDN', ['db.example.com']), 33), []);
  });
});
