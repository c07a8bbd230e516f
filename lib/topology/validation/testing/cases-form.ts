/**
 * Validation cases about the form as a whole: valid submissions, names, ports, and payloads no
 * form sends (hostile or malformed). Test support only.
 */
import { BASE, FACTS, addr, bad, long, ok, port, with_, type ValidationCase } from './case-kit';

export const VALID_CASES: ValidationCase[] = [
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
];

export const NAME_AND_PORT_CASES: ValidationCase[] = [
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
];

export const HOSTILE_CASES: ValidationCase[] = [
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
  // Over-long text is a field's own finding, not a malformed payload (the body is bounded).
  bad('a huge name', with_({ name: long(100_000) }), 'name', 'name', 'rejects'),
  bad('a 600-character address', addr(long(600)), 'addresses.0', 'invalid', 'rejects'),
  bad('a 40-character port', port('1'.repeat(40)), 'ports.0.port', 'port-invalid', 'rejects'),
  bad('a 300-character port name', port(80, long(300)), 'ports.0.name', 'port-name', 'rejects'),
];
