// Endpoints and EndpointSlice defaults and validation, table-driven against upstream messages.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../core/types';
import { rendered, write } from '../testdata/context';

const SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

function eps(subsets: unknown[], name = 'external-web'): KubeObject {
  return { apiVersion: 'v1', kind: 'Endpoints', metadata: { name, namespace: 'default' }, subsets };
}
const addr = (ip: string, extra: Record<string, unknown> = {}) => ({
  addresses: [{ ip, ...extra }],
  ports: [{ port: 80 }],
});

describe('endpoints', () => {
  it('defaults port protocols to TCP and accepts the seed object', () => {
    const { object, causes } = write(
      'endpoints',
      eps([{ addresses: [{ ip: '10.10.50.53' }], ports: [{ name: 'apache', port: 80 }] }]),
    );
    assert.deepEqual(causes, []);
    assert.deepEqual(object.subsets, [
      {
        addresses: [{ ip: '10.10.50.53' }],
        ports: [{ name: 'apache', port: 80, protocol: 'TCP' }],
      },
    ]);
  });

  const cases: { name: string; object: KubeObject; want: string[] }[] = [
    { name: 'no subsets is valid', object: eps([]), want: [] },
    { name: 'names are DNS subdomains (dots allowed)', object: eps([], 'my.endpoints'), want: [] },
    {
      name: 'bad name',
      object: eps([], 'Bad_Name'),
      want: [`metadata.name: Invalid value: "Bad_Name": ${SUBDOMAIN}`],
    },
    {
      name: 'subset without addresses',
      object: eps([{ ports: [{ port: 80 }] }]),
      want: ['subsets[0]: Required value: must specify `addresses` or `notReadyAddresses`'],
    },
    {
      name: 'notReadyAddresses alone are fine',
      object: eps([{ notReadyAddresses: [{ ip: '10.1.2.3' }], ports: [{ port: 80 }] }]),
      want: [],
    },
    {
      name: 'headless subset without ports',
      object: eps([{ addresses: [{ ip: '10.1.2.3' }] }]),
      want: [],
    },
    {
      name: 'unparsable IP',
      object: eps([addr('10.1.2')]),
      want: [
        'subsets[0].addresses[0].ip: Invalid value: "10.1.2": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
        'subsets[0].addresses[0].ip: Invalid value: "10.1.2": must be a valid IP address',
      ],
    },
    {
      name: 'unspecified',
      object: eps([addr('0.0.0.0')]),
      want: [
        'subsets[0].addresses[0].ip: Invalid value: "0.0.0.0": may not be unspecified (0.0.0.0)',
      ],
    },
    {
      name: 'loopback',
      object: eps([addr('127.0.0.1')]),
      want: [
        'subsets[0].addresses[0].ip: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
      ],
    },
    {
      name: 'IPv6 loopback',
      object: eps([addr('::1')]),
      want: [
        'subsets[0].addresses[0].ip: Invalid value: "::1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
      ],
    },
    {
      name: 'cloud metadata (link-local)',
      object: eps([addr('169.254.169.254')]),
      want: [
        'subsets[0].addresses[0].ip: Invalid value: "169.254.169.254": may not be in the link-local range (169.254.0.0/16, fe80::/10)',
      ],
    },
    {
      name: 'link-local multicast',
      object: eps([addr('224.0.0.1')]),
      want: [
        'subsets[0].addresses[0].ip: Invalid value: "224.0.0.1": may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)',
      ],
    },
    {
      name: 'notReadyAddresses are checked too',
      object: eps([{ notReadyAddresses: [{ ip: '127.0.0.2' }] }]),
      want: [
        'subsets[0].notReadyAddresses[0].ip: Invalid value: "127.0.0.2": may not be in the loopback range (127.0.0.0/8, ::1/128)',
      ],
    },
    {
      name: "other namespaces' pod IPs are not refused (CVE-2021-25740 is not validation's job)",
      object: eps([addr('10.244.1.7')]),
      want: [],
    },
    {
      name: 'hostname must be a DNS label',
      object: eps([addr('10.1.2.3', { hostname: 'a.b' })]),
      want: [`subsets[0].addresses[0].hostname: Invalid value: "a.b": ${LABEL}`],
    },
    {
      name: 'empty nodeName is invalid',
      object: eps([addr('10.1.2.3', { nodeName: '' })]),
      want: [`subsets[0].addresses[0].nodeName: Invalid value: "": ${SUBDOMAIN}`],
    },
    { name: 'nodeName ok', object: eps([addr('10.1.2.3', { nodeName: 'node-1' })]), want: [] },
    {
      name: 'port names required with two ports',
      object: eps([
        { addresses: [{ ip: '10.1.2.3' }], ports: [{ port: 80 }, { name: 'b', port: 81 }] },
      ]),
      want: ['subsets[0].ports[0].name: Required value'],
    },
    {
      name: 'port name is a DNS label',
      object: eps([{ addresses: [{ ip: '10.1.2.3' }], ports: [{ name: 'Web', port: 80 }] }]),
      want: [`subsets[0].ports[0].name: Invalid value: "Web": ${LABEL}`],
    },
    {
      name: 'port range',
      object: eps([{ addresses: [{ ip: '10.1.2.3' }], ports: [{ port: 0 }] }]),
      want: ['subsets[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive'],
    },
    {
      name: 'protocol',
      object: eps([{ addresses: [{ ip: '10.1.2.3' }], ports: [{ port: 80, protocol: 'FOO' }] }]),
      want: [
        'subsets[0].ports[0].protocol: Unsupported value: "FOO": supported values: "SCTP", "TCP", "UDP"',
      ],
    },
  ];
  for (const c of cases)
    it(c.name, () => assert.deepEqual(rendered(write('endpoints', c.object).causes), c.want));
});

function slice(body: Record<string, unknown>, name = 'web-abcde'): KubeObject {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name, namespace: 'default', labels: { 'kubernetes.io/service-name': 'web' } },
    ...body,
  };
}
const ep = (addresses: string[], extra: Record<string, unknown> = {}) => ({ addresses, ...extra });

describe('endpointslices', () => {
  it('defaults port name to "" and protocol to TCP', () => {
    const { object, causes } = write(
      'endpointslices',
      slice({ addressType: 'IPv4', endpoints: [ep(['10.1.2.3'])], ports: [{ port: 80 }] }),
    );
    assert.deepEqual(causes, []);
    assert.deepEqual(object.ports, [{ port: 80, name: '', protocol: 'TCP' }]);
  });

  const many = (n: number) =>
    Array.from({ length: n }, (_, i) => `10.0.${Math.floor(i / 250)}.${(i % 250) + 1}`);
  const cases: { name: string; object: KubeObject; want: string[] }[] = [
    {
      name: 'addressType required',
      object: slice({ endpoints: [] }),
      want: ['addressType: Required value'],
    },
    {
      name: 'addressType values',
      object: slice({ addressType: 'IP' }),
      want: ['addressType: Unsupported value: "IP": supported values: "FQDN", "IPv4", "IPv6"'],
    },
    {
      name: 'endpoint needs an address',
      object: slice({ addressType: 'IPv4', endpoints: [ep([])] }),
      want: ['endpoints[0].addresses: Required value: must contain at least 1 address'],
    },
    {
      name: 'at most 100 addresses',
      object: slice({ addressType: 'IPv4', endpoints: [ep(many(101))] }),
      want: ['endpoints[0].addresses: Too many: 101: must have at most 100 items'],
    },
    {
      name: 'at most 1000 endpoints',
      object: slice({ addressType: 'IPv4', endpoints: many(1001).map((a) => ep([a])) }),
      want: ['endpoints: Too many: 1001: must have at most 1000 items'],
    },
    {
      name: '1000 endpoints are fine',
      object: slice({ addressType: 'IPv4', endpoints: many(1000).map((a) => ep([a])) }),
      want: [],
    },
    {
      name: 'IPv6 address in an IPv4 slice',
      object: slice({ addressType: 'IPv4', endpoints: [ep(['2001:db8::1'])] }),
      want: [
        'endpoints[0].addresses[0]: Invalid value: "2001:db8::1": must be a valid IPv4 address',
      ],
    },
    {
      name: 'IPv4 address in an IPv6 slice',
      object: slice({ addressType: 'IPv6', endpoints: [ep(['10.0.0.1'])] }),
      want: ['endpoints[0].addresses[0]: Invalid value: "10.0.0.1": must be a valid IPv6 address'],
    },
    {
      name: 'IPv6 slice',
      object: slice({ addressType: 'IPv6', endpoints: [ep(['2001:db8::1'])] }),
      want: [],
    },
    {
      name: 'loopback in a slice',
      object: slice({ addressType: 'IPv4', endpoints: [ep(['127.0.0.1'])] }),
      want: [
        'endpoints[0].addresses[0]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
      ],
    },
    {
      name: 'IPv6 link-local in a slice',
      object: slice({ addressType: 'IPv6', endpoints: [ep(['fe80::1'])] }),
      want: [
        'endpoints[0].addresses[0]: Invalid value: "fe80::1": may not be in the link-local range (169.254.0.0/16, fe80::/10)',
      ],
    },
    {
      name: 'FQDN slice',
      object: slice({ addressType: 'FQDN', endpoints: [ep(['db.example.com'])] }),
      want: [],
    },
    {
      name: 'FQDN needs two segments',
      object: slice({ addressType: 'FQDN', endpoints: [ep(['localhost'])] }),
      want: [
        'endpoints[0].addresses[0]: Invalid value: "localhost": should be a domain with at least two segments separated by dots',
      ],
    },
    {
      name: 'FQDN must be a subdomain',
      object: slice({ addressType: 'FQDN', endpoints: [ep(['Bad_Host.example.com'])] }),
      want: [`endpoints[0].addresses[0]: Invalid value: "Bad_Host.example.com": ${SUBDOMAIN}`],
    },
    {
      name: 'nodeName',
      object: slice({ addressType: 'IPv4', endpoints: [ep(['10.1.1.1'], { nodeName: 'Node_1' })] }),
      want: [`endpoints[0].nodeName: Invalid value: "Node_1": ${SUBDOMAIN}`],
    },
    {
      name: 'hostname',
      object: slice({ addressType: 'IPv4', endpoints: [ep(['10.1.1.1'], { hostname: 'a.b' })] }),
      want: [`endpoints[0].hostname: Invalid value: "a.b": ${LABEL}`],
    },
    {
      name: 'zone and conditions',
      object: slice({
        addressType: 'IPv4',
        endpoints: [
          ep(['10.1.1.1'], {
            zone: 'zone-a',
            nodeName: 'node-1',
            conditions: { ready: true, serving: true, terminating: false },
          }),
        ],
      }),
      want: [],
    },
    {
      // ValidateEndpointSlice checks neither the zone nor the port number.
      name: 'zone and port numbers are not validated',
      object: slice({
        addressType: 'IPv4',
        endpoints: [ep(['10.1.1.1'], { zone: 'Zone A!' })],
        ports: [
          { name: 'a', port: 0 },
          { name: 'b', port: 70000 },
        ],
      }),
      want: [],
    },
    {
      // upstream validateHints returns on TooMany: the names (one repeated, one invalid) are not checked.
      name: 'too many zone hints',
      object: slice({
        addressType: 'IPv4',
        endpoints: [
          ep(['10.1.1.1'], {
            hints: { forZones: ['z!', 'z!', ...'1234567'].map((z) => ({ name: z })) },
          }),
        ],
      }),
      want: ['endpoints[0].hints.forZones: Too many: 9: must have at most 8 items'],
    },
    {
      name: 'duplicate port names',
      object: slice({
        addressType: 'IPv4',
        ports: [
          { name: 'http', port: 80 },
          { name: 'http', port: 81 },
        ],
      }),
      want: ['ports[1].name: Duplicate value: "http"'],
    },
    {
      name: 'two unnamed ports collide',
      object: slice({ addressType: 'IPv4', ports: [{ port: 80 }, { port: 81 }] }),
      want: ['ports[1].name: Duplicate value: ""'],
    },
    {
      name: 'port name is a DNS label',
      object: slice({ addressType: 'IPv4', ports: [{ name: 'HTTP', port: 80 }] }),
      want: [`ports[0].name: Invalid value: "HTTP": ${LABEL}`],
    },
    {
      name: 'port protocol',
      object: slice({ addressType: 'IPv4', ports: [{ port: 80, protocol: 'HTTP' }] }),
      want: [
        'ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
      ],
    },
    {
      name: 'a nil port means all ports',
      object: slice({ addressType: 'IPv4', ports: [{ name: 'all' }] }),
      want: [],
    },
    {
      name: 'labels are validated',
      object: {
        ...slice({ addressType: 'IPv4' }),
        metadata: {
          name: 'x',
          namespace: 'default',
          labels: { 'kubernetes.io/service-name': 'bad value!' },
        },
      },
      want: [
        "metadata.labels: Invalid value: \"bad value!\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
      ],
    },
    {
      name: 'generateName alone is enough',
      object: {
        ...slice({ addressType: 'IPv4' }),
        metadata: { generateName: 'web-', namespace: 'default' },
      },
      want: [],
    },
  ];
  for (const c of cases)
    it(c.name, () => assert.deepEqual(rendered(write('endpointslices', c.object).causes), c.want));

  describe('deprecatedTopology through v1 (dropTopologyOnV1)', () => {
    const topo = (topology: Record<string, string>, extra: Record<string, unknown> = {}) =>
      slice({
        addressType: 'IPv4',
        endpoints: [ep(['10.1.2.3'], { deprecatedTopology: topology, ...extra })],
      });

    it('is dropped on create, so it is never validated', () => {
      const { object, causes } = write(
        'endpointslices',
        topo({ 'kubernetes.io/hostname': 'node-1', 'a/b/c': 'x' }),
      );
      assert.deepEqual(causes, []);
      assert.deepEqual(object.endpoints, [{ addresses: ['10.1.2.3'] }]);
    });

    it('is kept by an update that leaves the endpoints unchanged', () => {
      const stored = topo({ 'kubernetes.io/hostname': 'node-1' });
      const relabelled = structuredClone(stored);
      relabelled.metadata.labels = { ...relabelled.metadata.labels, extra: 'yes' };
      const { object } = write('endpointslices', relabelled, { previous: stored });
      assert.deepEqual(object.endpoints, stored.endpoints);
    });

    it('moves a node name the stored slice kept there to nodeName when endpoints change', () => {
      const stored = topo({ 'kubernetes.io/hostname': 'node-1' });
      const changed = topo({ 'kubernetes.io/hostname': 'node-1' }, { hostname: 'web-0' });
      const { object } = write('endpointslices', changed, { previous: stored });
      assert.deepEqual(object.endpoints, [
        { addresses: ['10.1.2.3'], hostname: 'web-0', nodeName: 'node-1' },
      ]);
      const unknown = topo({ 'kubernetes.io/hostname': 'node-2' }, { hostname: 'web-0' });
      const fresh = write('endpointslices', unknown, { previous: stored }).object;
      assert.deepEqual(fresh.endpoints, [{ addresses: ['10.1.2.3'], hostname: 'web-0' }]);
    });
  });

  it('addressType is immutable', () => {
    const before = write('endpointslices', slice({ addressType: 'IPv4' })).object;
    const after = structuredClone(before);
    after.addressType = 'IPv6';
    assert.deepEqual(rendered(write('endpointslices', after, { previous: before }).causes), [
      'addressType: Invalid value: "IPv6": field is immutable',
    ]);
  });
});
