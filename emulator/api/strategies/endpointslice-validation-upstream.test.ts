// upstream's TestValidateEndpointSlice (pkg/apis/discovery/validation/validation_test.go), the
// cases it accepts (its refused ones are endpointslice-validation-refused-upstream.test.ts), as
// data under upstream's names, through the v1 create path (defaults, then validation).
import { describe } from 'node:test';
import {
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

const accepted: SliceCase[] = [
  {
    name: 'good-slice',
    object: slice({
      addressType: 'IPv4',
      ports: http,
      endpoints: [{ addresses: generateIPAddresses(1), hostname: 'valid-123' }],
    }),
    want: [],
  },
  {
    name: 'good-ipv6',
    object: slice({
      addressType: 'IPv6',
      ports: http,
      endpoints: [{ addresses: ['a00:100::4'], hostname: 'valid-123' }],
    }),
    want: [],
  },
  {
    name: 'good-fqdns',
    object: slice({
      addressType: 'FQDN',
      ports: http,
      endpoints: [
        {
          addresses: [
            'foo.example.com',
            'example.com',
            'example.com.',
            'hyphens-are-good.example.com',
          ],
          hostname: 'valid-123',
        },
      ],
    }),
    want: [],
  },
  {
    name: 'all-protocols',
    object: slice({
      addressType: 'IPv4',
      ports: [
        { name: 'tcp', protocol: 'TCP' },
        { name: 'udp', protocol: 'UDP' },
        { name: 'sctp', protocol: 'SCTP' },
      ],
      endpoints: [{ addresses: generateIPAddresses(1), hostname: 'valid-123' }],
    }),
    want: [],
  },
  {
    name: 'app-protocols',
    object: slice({
      addressType: 'IPv4',
      ports: [
        { name: 'one', protocol: 'TCP', appProtocol: 'HTTP' },
        { name: 'two', protocol: 'TCP', appProtocol: 'https' },
        { name: 'three', protocol: 'TCP', appProtocol: 'my-protocol' },
        { name: 'four', protocol: 'TCP', appProtocol: 'example.com/custom-protocol' },
      ],
      endpoints: [{ addresses: generateIPAddresses(1), hostname: 'valid-123' }],
    }),
    want: [],
  },
  {
    name: 'empty-port-name',
    object: slice({
      addressType: 'IPv4',
      ports: [
        { name: '', protocol: 'TCP' },
        { name: 'http', protocol: 'TCP' },
      ],
      endpoints: [{ addresses: generateIPAddresses(1) }],
    }),
    want: [],
  },
  {
    name: 'long-port-name',
    object: slice({
      addressType: 'IPv4',
      ports: [{ name: 'a'.repeat(63), protocol: 'TCP' }],
      endpoints: [{ addresses: generateIPAddresses(1) }],
    }),
    want: [],
  },
  {
    name: 'empty-ports-and-endpoints',
    object: slice({ addressType: 'IPv4', ports: [], endpoints: [] }),
    want: [],
  },
  {
    name: 'max-endpoints',
    object: slice({
      addressType: 'IPv4',
      ports: generatePorts(1),
      endpoints: generateEndpoints(MAX_ENDPOINTS),
    }),
    want: [],
  },
  {
    name: 'max-ports',
    object: slice({ addressType: 'IPv4', ports: generatePorts(MAX_PORTS) }),
    want: [],
  },
  {
    name: 'max-addresses',
    object: slice({
      addressType: 'IPv4',
      ports: http,
      endpoints: [{ addresses: generateIPAddresses(MAX_ADDRESSES) }],
    }),
    want: [],
  },
  {
    name: 'max-topology-keys',
    object: slice({
      addressType: 'IPv4',
      ports: http,
      endpoints: [
        {
          addresses: generateIPAddresses(1),
          deprecatedTopology: generateTopology(MAX_TOPOLOGY_LABELS),
        },
      ],
    }),
    want: [],
  },
  {
    name: 'valid-hints',
    object: slice({
      addressType: 'IPv4',
      ports: http,
      endpoints: [{ addresses: generateIPAddresses(1), hints: { forZones: [{ name: 'zone-a' }] } }],
    }),
    want: [],
  },
];

describe('TestValidateEndpointSlice (upstream table): accepted', () => runSliceCases(accepted));
