// EndpointSlice addresses per served release: ValidateEndpointSlice's IPv4/IPv6 checks (1.27–1.32
// run ValidateEndpointIP on every address, 1.33 only on one of the slice's family), through the
// v1 create path (defaults, then validation) as the cluster of that minor runs it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../core/types';
import { fakeContext, rendered, write } from '../testdata/context';

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
