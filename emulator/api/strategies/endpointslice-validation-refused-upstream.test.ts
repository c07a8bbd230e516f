// upstream's TestValidateEndpointSlice (pkg/apis/discovery/validation/validation_test.go), the
// cases it refuses, as data under upstream's names: each case's causes (field and type) number
// upstream's expectedErrors. Objects go through the v1 create path (defaults, then validation);
// the deprecatedTopology cases also call validateEndpointSlice directly, because a v1 write drops
// that field before validation runs (dropTopologyOnV1), so through the API they are accepted.
import { describe } from 'node:test';
import {
  INVALID,
  MAX_ADDRESSES,
  MAX_ENDPOINTS,
  MAX_PORTS,
  MAX_TOPOLOGY_LABELS,
  generateEndpoints,
  generateIPAddresses,
  generatePorts,
  generateTopology,
  http,
  runSliceCases,
  slice,
  type SliceCase,
} from './testing/endpointslices';

const refused: SliceCase[] = [
  {
    name: 'duplicate-port-name',
    object: slice({
      addressType: 'IPv4',
      ports: [
        { name: '', protocol: 'TCP' },
        { name: '', protocol: 'TCP' },
      ],
      endpoints: [],
    }),
    want: [['ports[1].name', 'FieldValueDuplicate']],
  },
  {
    name: 'bad-port-name-caps',
    object: slice({ addressType: 'IPv4', ports: [{ name: 'aCapital', protocol: 'TCP' }] }),
    want: [['ports[0].name', INVALID]],
  },
  {
    name: 'bad-port-name-chars',
    object: slice({ addressType: 'IPv4', ports: [{ name: 'almost_valid', protocol: 'TCP' }] }),
    want: [['ports[0].name', INVALID]],
  },
  {
    name: 'bad-port-name-length',
    object: slice({ addressType: 'IPv4', ports: [{ name: 'a'.repeat(64), protocol: 'TCP' }] }),
    want: [['ports[0].name', INVALID]],
  },
  {
    name: 'invalid-port-protocol',
    object: slice({ addressType: 'IPv4', ports: [{ name: 'http', protocol: 'foo' }] }),
    want: [['ports[0].protocol', 'FieldValueNotSupported']],
  },
  {
    name: 'too-many-ports',
    object: slice({ addressType: 'IPv4', ports: generatePorts(MAX_PORTS + 1) }),
    want: [['ports', 'FieldValueTooMany']],
  },
  {
    name: 'too-many-endpoints',
    object: slice({
      addressType: 'IPv4',
      ports: generatePorts(1),
      endpoints: generateEndpoints(MAX_ENDPOINTS + 1),
    }),
    want: [['endpoints', 'FieldValueTooMany']],
  },
  {
    name: 'no-endpoint-addresses',
    object: slice({ addressType: 'IPv4', ports: http, endpoints: [{ addresses: [] }] }),
    want: [['endpoints[0].addresses', 'FieldValueRequired']],
  },
  {
    name: 'too-many-addresses',
    object: slice({
      addressType: 'IPv4',
      ports: http,
      endpoints: [{ addresses: generateIPAddresses(MAX_ADDRESSES + 1) }],
    }),
    want: [['endpoints[0].addresses', 'FieldValueTooMany']],
  },
  {
    name: 'bad-topology-key',
    object: slice({
      addressType: 'IPv4',
      ports: http,
      endpoints: [
        { addresses: generateIPAddresses(1), deprecatedTopology: { '--INVALID': 'example' } },
      ],
    }),
    want: [],
    direct: [['endpoints[0].deprecatedTopology', INVALID]],
  },
  {
    name: 'too-many-topology-keys',
    object: slice({
      addressType: 'IPv4',
      ports: http,
      endpoints: [
        {
          addresses: generateIPAddresses(1),
          deprecatedTopology: generateTopology(MAX_TOPOLOGY_LABELS + 1),
        },
      ],
    }),
    want: [],
    direct: [['endpoints[0].deprecatedTopology', 'FieldValueTooMany']],
  },
  {
    name: 'bad-hostname',
    object: slice({
      addressType: 'IPv4',
      ports: http,
      endpoints: [{ addresses: generateIPAddresses(1), hostname: '--INVALID' }],
    }),
    want: [['endpoints[0].hostname', INVALID]],
  },
  {
    name: 'bad-meta',
    object: slice(
      {
        addressType: 'IPv4',
        ports: http,
        endpoints: [{ addresses: generateIPAddresses(1), hostname: 'valid-123' }],
      },
      { name: '*&^', namespace: 'foo' },
    ),
    want: [['metadata.name', INVALID]],
  },
  {
    name: 'bad-ip',
    object: slice({
      addressType: 'IPv4',
      ports: http,
      endpoints: [{ addresses: ['123.456.789.012'], hostname: 'valid-123' }],
    }),
    want: [['endpoints[0].addresses[0]', INVALID]],
  },
  {
    name: 'bad-ipv4',
    object: slice({
      addressType: 'IPv4',
      ports: http,
      endpoints: [
        { addresses: ['123.456.789.012', '2001:4860:4860::8888'], hostname: 'valid-123' },
      ],
    }),
    want: [
      ['endpoints[0].addresses[0]', INVALID],
      ['endpoints[0].addresses[1]', INVALID],
    ],
  },
  {
    name: 'bad-ipv6',
    object: slice({
      addressType: 'IPv6',
      ports: http,
      endpoints: [{ addresses: ['123.456.789.012', '2001:4860:4860:defg'], hostname: 'valid-123' }],
    }),
    want: [
      ['endpoints[0].addresses[0]', INVALID],
      ['endpoints[0].addresses[1]', INVALID],
    ],
  },
  {
    name: 'bad-fqdns',
    object: slice({
      addressType: 'FQDN',
      ports: http,
      endpoints: [
        {
          addresses: [
            'foo.*',
            'FOO.example.com',
            'underscores_are_bad.example.com',
            '*.example.com',
          ],
          hostname: 'valid-123',
        },
      ],
    }),
    want: [0, 1, 2, 3].map((i) => [`endpoints[0].addresses[${i}]`, INVALID]),
  },
  {
    name: 'bad-app-protocol',
    object: slice({
      addressType: 'IPv4',
      ports: [{ name: 'http', protocol: 'TCP', appProtocol: '--' }],
      endpoints: [{ addresses: generateIPAddresses(1), hostname: 'valid-123' }],
    }),
    want: [['ports[0].appProtocol', INVALID]],
  },
  {
    name: 'invalid-hints',
    object: slice({
      addressType: 'IPv4',
      ports: http,
      endpoints: [
        { addresses: generateIPAddresses(1), hints: { forZones: [{ name: 'inv@lid' }] } },
      ],
    }),
    want: [['endpoints[0].hints.forZones[0].name', INVALID]],
  },
  {
    name: 'overlapping-hints',
    object: slice({
      addressType: 'IPv4',
      ports: http,
      endpoints: [
        {
          addresses: generateIPAddresses(1),
          hints: { forZones: [{ name: 'zone-a' }, { name: 'zone-b' }, { name: 'zone-a' }] },
        },
      ],
    }),
    want: [['endpoints[0].hints.forZones[2].name', 'FieldValueDuplicate']],
  },
  {
    name: 'too-many-hints',
    object: slice({
      addressType: 'IPv4',
      ports: http,
      endpoints: [
        {
          addresses: generateIPAddresses(1),
          hints: { forZones: 'abcdefghi'.split('').map((z) => ({ name: `zone-${z}` })) },
        },
      ],
    }),
    want: [['endpoints[0].hints.forZones', 'FieldValueTooMany']],
  },
  {
    name: 'empty-everything',
    object: { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: {} },
    want: [
      ['metadata.name', 'FieldValueRequired'],
      ['metadata.namespace', 'FieldValueRequired'],
      ['addressType', 'FieldValueRequired'],
    ],
  },
  {
    name: 'zone-key-topology',
    object: slice({
      addressType: 'IPv4',
      ports: http,
      endpoints: [
        {
          addresses: generateIPAddresses(1),
          deprecatedTopology: { 'topology.kubernetes.io/zone': 'zone1' },
        },
      ],
    }),
    want: [],
    direct: [['endpoints[0].deprecatedTopology[topology.kubernetes.io/zone]', 'InternalError']],
  },
  {
    name: 'special-ipv4',
    object: slice({
      addressType: 'IPv4',
      ports: http,
      endpoints: [{ addresses: ['127.0.0.1'], hostname: 'valid-123' }],
    }),
    want: [['endpoints[0].addresses[0]', INVALID]],
  },
  {
    name: 'special-ipv6',
    object: slice({
      addressType: 'IPv6',
      ports: http,
      endpoints: [{ addresses: ['fe80::9656:d028:8652:66b6'], hostname: 'valid-123' }],
    }),
    want: [['endpoints[0].addresses[0]', INVALID]],
  },
];

describe('TestValidateEndpointSlice (upstream table): refused', () => runSliceCases(refused));
