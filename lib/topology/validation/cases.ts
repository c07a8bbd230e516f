/**
 * The validation table (well over 100 cases), shared by the unit test and the differential test
 * against the embedded cluster. Each case is a whole form submission and the verdict we expect.
 *
 * Contract: `expect.ok === false` names the first field and code our validation must report;
 * `apiserver` records whether kube-apiserver itself rejects the equivalent objects (documentation
 * for readers; the differential test measures it instead of trusting it).
 */
import type { ClusterFacts, ExternalServiceInput } from './external-service';

export interface ValidationCase {
  title: string;
  input: unknown;
  facts?: ClusterFacts;
  expect: { ok: true } | { ok: false; field: string; code?: string; apiserverQuote?: string };
  /** Does the real apiserver reject this too? ('n/a' for payloads that are not objects.) */
  apiserver: 'rejects' | 'accepts' | 'n/a';
}

export const BASE: ExternalServiceInput = {
  namespace: 'default',
  name: 'external-web',
  addresses: ['10.10.50.53'],
  ports: [{ port: '80', name: 'apache', protocol: 'TCP' }],
  createAs: 'EndpointSlice',
  allowInternalTarget: false,
};

const FACTS: ClusterFacts = {
  namespaces: ['default', 'kube-system', 'demo'],
  internalTargets: [
    { address: '10.96.0.1', what: 'ClusterIP of Service default/kubernetes' },
    { address: '10.96.0.10', what: 'ClusterIP of Service kube-system/kube-dns' },
    { address: '10.244.1.5', what: 'IP of Pod demo/web-1' },
    { address: '10.244.0.0/16', what: 'pod CIDR' },
    { address: '10.96.0.0/12', what: 'service CIDR' },
    { address: '172.18.0.2', what: 'InternalIP of Node kind-control-plane' },
    { address: 'fd00:10:96::/112', what: 'IPv6 service CIDR' },
  ],
};

const with_ = (patch: Partial<ExternalServiceInput>): ExternalServiceInput => ({
  ...BASE,
  ...patch,
});
const addr = (...addresses: string[]) => with_({ addresses });
const port = (p: string | number, name = 'apache', protocol = 'TCP') =>
  with_({ ports: [{ port: p as string, name, protocol }] });

const ok = (title: string, input: unknown, facts?: ClusterFacts): ValidationCase => ({
  title,
  input,
  facts,
  expect: { ok: true },
  apiserver: 'accepts',
});
const bad = (
  title: string,
  input: unknown,
  field: string,
  code: string | undefined,
  apiserver: ValidationCase['apiserver'],
  extra: { facts?: ClusterFacts; apiserverQuote?: string } = {},
): ValidationCase => ({
  title,
  input,
  facts: extra.facts,
  expect: { ok: false, field, code, apiserverQuote: extra.apiserverQuote },
  apiserver,
});

const long = (n: number) => 'a'.repeat(n);

export const CASES: ValidationCase[] = [
  // --- valid submissions -------------------------------------------------------------------
  ok('the seed external-web', BASE),
  ok('the seed with cluster facts', BASE, FACTS),
  ok('a one-letter name', with_({ name: 'a' })),
  ok('a name with digits and dashes', with_({ name: 'db-01-x' })),
  ok('a 63-character name', with_({ name: long(63) })),
  ok('port 1', port(1)),
  ok('port 65535', port('65535')),
  ok('port given as a number', port(443, 'https')),
  ok('UDP', port(53, 'dns', 'UDP')),
  ok('SCTP', port(3868, 'diameter', 'SCTP')),
  ok('an unnamed single port', port(80, '')),
  ok('a 15-character port name', port(80, 'abcdefghijklmno')),
  ok('a port name with digits', port(80, 'h2c')),
  ok(
    'two named ports',
    with_({
      ports: [
        { port: '80', name: 'http' },
        { port: '443', name: 'https' },
      ],
    }),
  ),
  ok(
    'same number, different protocols',
    with_({
      ports: [
        { port: '53', name: 'dns', protocol: 'UDP' },
        { port: '53', name: 'dns-tcp', protocol: 'TCP' },
      ],
    }),
  ),
  ok('a public IPv4', addr('8.8.8.8')),
  ok('RFC 1918 192.168', addr('192.168.1.10')),
  ok('RFC 1918 172.16', addr('172.16.0.1')),
  ok('CGNAT range (not Alibaba metadata)', addr('100.64.0.1')),
  ok('TEST-NET-3', addr('203.0.113.9')),
  ok('IPv6 documentation address', addr('2001:db8::1')),
  ok('IPv6 upper case (normalised)', addr('2001:DB8::A')),
  ok('a ULA that is not AWS', addr('fd12:3456:789a::1')),
  ok('dual stack', addr('10.10.50.53', '2001:db8::53')),
  ok('three addresses', addr('10.0.0.1', '10.0.0.2', '10.0.0.3')),
  ok('create as Endpoints', with_({ createAs: 'Endpoints' })),
  ok('create as both', with_({ createAs: 'Both' })),
  ok('optional fields defaulted', {
    namespace: 'default',
    name: 'x',
    addresses: ['10.1.2.3'],
    ports: [{ port: 80 }],
  }),
  ok('an address outside every internal range', addr('10.10.50.53'), FACTS),
  ok('a ClusterIP with the override', { ...addr('10.96.0.10'), allowInternalTarget: true }, FACTS),
  ok('a pod IP with the override', { ...addr('10.244.1.5'), allowInternalTarget: true }, FACTS),
  ok(
    '100 addresses',
    addr(...Array.from({ length: 100 }, (_, i) => `10.20.${i >> 8}.${(i & 255) + 1}`)),
  ),

  // --- names -------------------------------------------------------------------------------
  bad('name Bad_Name', with_({ name: 'Bad_Name' }), 'name', 'name', 'rejects', {
    apiserverQuote: 'a DNS-1035 label must consist of',
  }),
  bad('empty name', with_({ name: '' }), 'name', 'name', 'rejects'),
  bad('name starting with a digit', with_({ name: '1web' }), 'name', 'name', 'rejects'),
  bad('name starting with a dash', with_({ name: '-web' }), 'name', 'name', 'rejects'),
  bad('name ending with a dash', with_({ name: 'web-' }), 'name', 'name', 'rejects'),
  bad('upper-case name', with_({ name: 'WEB' }), 'name', 'name', 'rejects'),
  bad('name with a dot', with_({ name: 'web.db' }), 'name', 'name', 'rejects'),
  bad('64-character name', with_({ name: long(64) }), 'name', 'name', 'rejects', {
    apiserverQuote: 'must be no more than 63 characters',
  }),
  bad('name with underscore', with_({ name: 'a_b' }), 'name', 'name', 'rejects'),
  bad('name with a space', with_({ name: 'web db' }), 'name', 'name', 'rejects'),
  bad('name with non-ASCII', with_({ name: 'wéb' }), 'name', 'name', 'rejects'),
  bad('name with a newline', with_({ name: 'web\n' }), 'name', 'name', 'rejects'),
  bad(
    'namespace with upper case',
    with_({ namespace: 'Bad_NS' }),
    'namespace',
    'namespace',
    'rejects',
  ),
  bad('empty namespace', with_({ namespace: '' }), 'namespace', 'namespace', 'n/a'),
  bad(
    'namespace that does not exist',
    with_({ namespace: 'nope' }),
    'namespace',
    'namespace-missing',
    'rejects',
    { facts: FACTS },
  ),

  // --- ports -------------------------------------------------------------------------------
  bad('port 70000', port('70000'), 'ports.0.port', 'port-range', 'rejects', {
    apiserverQuote: 'must be between 1 and 65535, inclusive',
  }),
  bad('port 65536', port(65536), 'ports.0.port', 'port-range', 'rejects'),
  bad('port 0', port(0), 'ports.0.port', 'port-range', 'rejects'),
  bad('port -1', port('-1'), 'ports.0.port', 'port-invalid', 'rejects'),
  bad('empty port', port(''), 'ports.0.port', 'port-required', 'rejects'),
  bad('port as a word', port('http'), 'ports.0.port', 'port-invalid', 'rejects'),
  bad('port with a letter', port('8o'), 'ports.0.port', 'port-invalid', 'rejects'),
  bad('fractional port', port(80.5), 'ports.0.port', 'port-invalid', 'rejects'),
  bad('huge port', port('99999999999'), 'ports.0.port', 'port-invalid', 'rejects'),
  bad('no ports', with_({ ports: [] }), 'ports', 'ports-required', 'rejects'),
  bad(
    '21 ports',
    with_({
      ports: Array.from({ length: 21 }, (_, i) => ({ port: String(i + 1), name: `p${i}` })),
    }),
    'ports',
    'malformed',
    'accepts',
  ),
  bad('lower-case protocol', port(80, 'apache', 'tcp'), 'ports.0.protocol', 'protocol', 'rejects'),
  bad('protocol HTTP', port(80, 'apache', 'HTTP'), 'ports.0.protocol', 'protocol', 'rejects'),
  bad(
    'empty protocol (apiserver defaults it)',
    port(80, 'apache', ''),
    'ports.0.protocol',
    'protocol',
    'accepts',
  ),
  bad('upper-case port name', port(80, 'Apache'), 'ports.0.name', 'port-name', 'rejects'),
  bad('port name with underscore', port(80, 'http_x'), 'ports.0.name', 'port-name', 'rejects'),
  bad('port name starting with a dash', port(80, '-http'), 'ports.0.name', 'port-name', 'rejects'),
  bad('port name ending with a dash', port(80, 'http-'), 'ports.0.name', 'port-name', 'rejects'),
  bad('port name with a dot', port(80, 'a.b'), 'ports.0.name', 'port-name', 'rejects'),
  bad('port name with "--" (IANA)', port(80, 'a--b'), 'ports.0.name', 'port-name', 'accepts'),
  bad('numeric port name (IANA)', port(80, '1234'), 'ports.0.name', 'port-name', 'accepts'),
  bad(
    '16-character port name (IANA)',
    port(80, 'abcdefghijklmnop'),
    'ports.0.name',
    'port-name',
    'accepts',
  ),
  bad('64-character port name', port(80, long(64)), 'ports.0.name', 'port-name', 'rejects'),
  bad(
    'two ports, one unnamed',
    with_({
      ports: [
        { port: '80', name: 'http' },
        { port: '443', name: '' },
      ],
    }),
    'ports.1.name',
    'port-name-required',
    'rejects',
  ),
  bad(
    'two unnamed ports',
    with_({
      ports: [
        { port: '80', name: '' },
        { port: '443', name: '' },
      ],
    }),
    'ports.0.name',
    'port-name-required',
    'rejects',
  ),
  bad(
    'duplicate port names',
    with_({
      ports: [
        { port: '80', name: 'http' },
        { port: '81', name: 'http' },
      ],
    }),
    'ports.1.name',
    'port-name-duplicate',
    'rejects',
  ),
  bad(
    'duplicate port/protocol',
    with_({
      ports: [
        { port: '80', name: 'http' },
        { port: '80', name: 'web' },
      ],
    }),
    'ports.1.port',
    'port-duplicate',
    'rejects',
  ),

  // --- addresses the apiserver rejects -----------------------------------------------------
  bad('loopback 127.0.0.1', addr('127.0.0.1'), 'addresses.0', 'loopback', 'rejects', {
    apiserverQuote: 'may not be in the loopback range (127.0.0.0/8, ::1/128)',
  }),
  bad('loopback 127.1.2.3', addr('127.1.2.3'), 'addresses.0', 'loopback', 'rejects'),
  bad('loopback ::1', addr('::1'), 'addresses.0', 'loopback', 'rejects'),
  bad('unspecified 0.0.0.0', addr('0.0.0.0'), 'addresses.0', 'unspecified', 'rejects', {
    apiserverQuote: 'may not be unspecified (0.0.0.0)',
  }),
  bad('unspecified ::', addr('::'), 'addresses.0', 'unspecified', 'rejects'),
  bad('link-local 169.254.1.1', addr('169.254.1.1'), 'addresses.0', 'link-local', 'rejects', {
    apiserverQuote: 'may not be in the link-local range (169.254.0.0/16, fe80::/10)',
  }),
  bad('link-local fe80::1', addr('fe80::1'), 'addresses.0', 'link-local', 'rejects'),
  bad('link-local febf::1', addr('febf::1'), 'addresses.0', 'link-local', 'rejects'),
  bad(
    'link-local multicast 224.0.0.1',
    addr('224.0.0.1'),
    'addresses.0',
    'link-local-multicast',
    'rejects',
    { apiserverQuote: 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)' },
  ),
  bad(
    'link-local multicast 224.0.0.251',
    addr('224.0.0.251'),
    'addresses.0',
    'link-local-multicast',
    'rejects',
  ),
  bad(
    'link-local multicast ff02::1',
    addr('ff02::1'),
    'addresses.0',
    'link-local-multicast',
    'rejects',
  ),
  bad(
    'link-local multicast ff12::1',
    addr('ff12::1'),
    'addresses.0',
    'link-local-multicast',
    'rejects',
  ),
  bad(
    'cloud metadata 169.254.169.254',
    addr('169.254.169.254'),
    'addresses.0',
    'metadata',
    'rejects',
    { apiserverQuote: 'link-local range' },
  ),
  bad(
    'ECS task metadata 169.254.170.2',
    addr('169.254.170.2'),
    'addresses.0',
    'metadata',
    'rejects',
  ),
  bad(
    'EKS pod identity 169.254.170.23',
    addr('169.254.170.23'),
    'addresses.0',
    'metadata',
    'rejects',
  ),
  bad('Tencent metadata 169.254.0.23', addr('169.254.0.23'), 'addresses.0', 'metadata', 'rejects'),
  bad('not an IP', addr('abc!'), 'addresses.0', 'invalid', 'rejects', {
    apiserverQuote: 'must be a valid IP address',
  }),
  bad('three octets', addr('1.2.3'), 'addresses.0', 'invalid', 'rejects'),
  bad('five octets', addr('1.2.3.4.5'), 'addresses.0', 'invalid', 'rejects'),
  bad('octet over 255', addr('256.1.1.1'), 'addresses.0', 'invalid', 'rejects'),
  bad('empty address', addr(''), 'addresses.0', 'required', 'rejects'),
  bad('IPv6 with two ::', addr('1::2::3'), 'addresses.0', 'invalid', 'rejects'),
  bad('IPv6 with a zone', addr('fe80::1%eth0'), 'addresses.0', 'zone', 'rejects'),
  bad('a CIDR instead of an address', addr('10.0.0.0/8'), 'addresses.0', 'invalid', 'rejects'),
  bad('address with spaces', addr(' 10.0.0.1'), 'addresses.0', 'whitespace', 'rejects'),
  bad('no addresses', addr(), 'addresses', 'addresses-required', 'rejects'),
  bad('a host name', addr('db.example.com'), 'addresses.0', 'hostname', 'rejects'),
  bad(
    'the GCP metadata host name',
    addr('metadata.google.internal'),
    'addresses.0',
    'metadata',
    'rejects',
  ),
  bad(
    'IPv4-mapped loopback ::ffff:127.0.0.1',
    addr('::ffff:127.0.0.1'),
    'addresses.0',
    'embedded-ipv4',
    'rejects',
  ),
  bad(
    'IPv4-mapped loopback in hex ::ffff:7f00:1',
    addr('::ffff:7f00:1'),
    'addresses.0',
    'loopback',
    'rejects',
  ),
  bad(
    'IPv4-mapped metadata in hex',
    addr('::ffff:a9fe:a9fe'),
    'addresses.0',
    'metadata',
    'rejects',
  ),

  // --- addresses only we reject ------------------------------------------------------------
  bad(
    'leading zeros 010.10.50.53',
    addr('010.10.50.53'),
    'addresses.0',
    'non-canonical',
    'accepts',
  ),
  bad('"this network" 0.1.2.3', addr('0.1.2.3'), 'addresses.0', 'this-network', 'accepts'),
  bad(
    'Alibaba metadata 100.100.100.200',
    addr('100.100.100.200'),
    'addresses.0',
    'metadata',
    'accepts',
  ),
  bad('Oracle metadata 192.0.0.192', addr('192.0.0.192'), 'addresses.0', 'metadata', 'accepts'),
  bad(
    'Azure WireServer 168.63.129.16',
    addr('168.63.129.16'),
    'addresses.0',
    'metadata',
    'accepts',
  ),
  bad(
    'AWS IMDS over IPv6 fd00:ec2::254',
    addr('fd00:ec2::254'),
    'addresses.0',
    'metadata',
    'accepts',
  ),
  bad(
    'AWS DNS over IPv6 fd00:ec2::253',
    addr('fd00:ec2::253'),
    'addresses.0',
    'metadata',
    'accepts',
  ),
  bad(
    'AWS IMDS written long',
    addr('fd00:0ec2:0000:0000:0000:0000:0000:0254'),
    'addresses.0',
    'metadata',
    'accepts',
  ),
  bad('IETF 192.0.0.8', addr('192.0.0.8'), 'addresses.0', 'reserved', 'accepts'),
  bad('multicast 239.1.1.1', addr('239.1.1.1'), 'addresses.0', 'multicast', 'accepts'),
  bad('multicast 224.1.1.1', addr('224.1.1.1'), 'addresses.0', 'multicast', 'accepts'),
  bad('IPv6 multicast ff05::1', addr('ff05::1'), 'addresses.0', 'multicast', 'accepts'),
  bad('reserved 240.0.0.1', addr('240.0.0.1'), 'addresses.0', 'reserved', 'accepts'),
  bad('broadcast 255.255.255.255', addr('255.255.255.255'), 'addresses.0', 'reserved', 'accepts'),
  bad('site-local fec0::1', addr('fec0::1'), 'addresses.0', 'reserved', 'accepts'),
  bad(
    'IPv4-mapped private ::ffff:10.0.0.1 (an IPv6 EndpointSlice refuses it)',
    addr('::ffff:10.0.0.1'),
    'addresses.0',
    'embedded-ipv4',
    'rejects',
  ),
  bad(
    'IPv4-mapped in hex ::ffff:a00:1 (an IPv6 EndpointSlice refuses it)',
    addr('::ffff:a00:1'),
    'addresses.0',
    'ipv4-in-ipv6',
    'rejects',
  ),
  bad('IPv4-compatible ::7f00:1', addr('::7f00:1'), 'addresses.0', 'ipv4-in-ipv6', 'accepts'),
  bad(
    'IPv4-compatible dotted ::127.0.0.1',
    addr('::127.0.0.1'),
    'addresses.0',
    'embedded-ipv4',
    'accepts',
  ),
  bad('NAT64 of loopback', addr('64:ff9b::7f00:1'), 'addresses.0', 'loopback', 'accepts'),
  bad('NAT64 of metadata', addr('64:ff9b::a9fe:a9fe'), 'addresses.0', 'metadata', 'accepts'),
  bad('6to4 of loopback', addr('2002:7f00:1::1'), 'addresses.0', 'loopback', 'accepts'),
  bad(
    'duplicate address',
    addr('10.0.0.1', '10.0.0.1'),
    'addresses.1',
    'address-duplicate',
    'accepts',
  ),
  bad(
    'duplicate IPv6 in two spellings',
    addr('2001:db8::1', '2001:DB8:0::1'),
    'addresses.1',
    'address-duplicate',
    'accepts',
  ),
  bad(
    '101 addresses',
    addr(...Array.from({ length: 101 }, (_, i) => `10.20.0.${i + 1}`)),
    'addresses',
    'malformed',
    'accepts',
  ),

  // --- inside the cluster (overridable) ----------------------------------------------------
  bad('a ClusterIP', addr('10.96.0.10'), 'addresses.0', 'internal-target', 'accepts', {
    facts: FACTS,
  }),
  bad(
    'the kubernetes Service ClusterIP',
    addr('10.96.0.1'),
    'addresses.0',
    'internal-target',
    'accepts',
    { facts: FACTS },
  ),
  bad('a pod IP', addr('10.244.1.5'), 'addresses.0', 'internal-target', 'accepts', {
    facts: FACTS,
  }),
  bad(
    'an address in the pod CIDR',
    addr('10.244.9.9'),
    'addresses.0',
    'internal-target',
    'accepts',
    { facts: FACTS },
  ),
  bad(
    'an address in the service CIDR',
    addr('10.100.0.1'),
    'addresses.0',
    'internal-target',
    'accepts',
    { facts: FACTS },
  ),
  bad('a node IP', addr('172.18.0.2'), 'addresses.0', 'internal-target', 'accepts', {
    facts: FACTS,
  }),
  bad(
    'an IPv6 service CIDR address',
    addr('fd00:10:96::a'),
    'addresses.0',
    'internal-target',
    'accepts',
    { facts: FACTS },
  ),
  bad(
    'override does not cover metadata',
    { ...addr('169.254.169.254'), allowInternalTarget: true },
    'addresses.0',
    'metadata',
    'rejects',
    { facts: FACTS },
  ),

  // --- hostile payloads ----------------------------------------------------------------------
  bad('null', null, 'form', 'malformed', 'n/a'),
  bad('a string', 'external-web', 'form', 'malformed', 'n/a'),
  bad('an array', [BASE], 'form', 'malformed', 'n/a'),
  bad('an unknown key', { ...BASE, spec: { selector: { app: 'x' } } }, 'form', 'malformed', 'n/a'),
  bad('createAs nonsense', { ...BASE, createAs: 'Pod' }, 'createAs', 'malformed', 'n/a'),
  bad(
    'allowInternalTarget as a string',
    { ...BASE, allowInternalTarget: 'yes' },
    'allowInternalTarget',
    'malformed',
    'n/a',
  ),
  bad(
    'addresses not an array',
    { ...BASE, addresses: '10.0.0.1' },
    'addresses',
    'malformed',
    'n/a',
  ),
  bad(
    'a port object with extra keys',
    { ...BASE, ports: [{ port: 80, nodePort: 30000 }] },
    'ports.0',
    'malformed',
    'n/a',
  ),
  bad(
    'a prototype-pollution key',
    JSON.parse(
      '{"__proto__":{"x":1},"namespace":"default","name":"a","addresses":["10.0.0.1"],"ports":[{"port":80}]}',
    ),
    'form',
    'malformed',
    'n/a',
  ),
  bad('a huge name', with_({ name: long(100_000) }), 'name', 'malformed', 'rejects'),
];
