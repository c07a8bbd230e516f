import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import {
  MAX_PROBE_TARGETS,
  canonicalAddress,
  connectOnce,
  probeEndpoints,
  probePolicy,
  refusedAddresses,
} from './reachability';

const open = {
  simulated: false,
  refused: refusedAddresses({
    // A pod IP stored in a non-canonical IPv6 form must still stop a probe to its canonical form.
    cluster: ['10.244.1.5', '10.96.0.10', 'FD00:10:244:0:0:0:0:0A'],
    nodes: ['192.168.49.2'],
    apiServer: ['172.18.0.3'],
    server: ['10.0.2.15', 'fe80::1'],
  }),
};

describe('probePolicy', () => {
  const cases: [string, string, string | RegExp | undefined][] = [
    ['an external IPv4 address is probed', '10.10.50.53', undefined],
    ['a public IPv6 address is probed', '2001:db8::10', undefined],
    ['loopback is refused', '127.0.0.1', /loopback/],
    ['IPv6 loopback is refused', '::1', /loopback/],
    ['link-local is refused', '169.254.10.1', /linkLocal/],
    ['the cloud metadata address is refused', '169.254.169.254', /metadata/],
    ['the AWS IPv6 metadata address is refused', 'fd00:ec2::254', /metadata/],
    ['Alibaba metadata is refused', '100.100.100.200', /metadata/],
    ['a pod IP is refused', '10.244.1.5', /inside the cluster/],
    ['a ClusterIP is refused', '10.96.0.10', /inside the cluster/],
    ['unspecified is refused', '0.0.0.0', /unspecified/],
    ['multicast is refused', '224.0.0.5', /multicast/],
    ['a hostname is not probed', 'db.example.com', /not an IP/],
    ['IPv4-mapped IPv6 loopback is refused', '::ffff:127.0.0.1', /loopback/],
    ['a pod IP in IPv4-mapped form is refused', '::ffff:10.244.1.5', /inside the cluster/],
    [
      'a pod IP stored non-canonically is refused in canonical form',
      'fd00:10:244::a',
      /inside the cluster/,
    ],
    ["a node's InternalIP is refused (kubelet :10250)", '192.168.49.2', /node's address/],
    ["the API server's endpoint is refused", '172.18.0.3', /API server/],
    ["the server's own address is refused", '10.0.2.15', /Switchboard server itself/],
    ['NAT64 embedding loopback is refused', '64:ff9b::7f00:1', /embeds an IPv4/],
    ['local-use NAT64 is refused', '64:ff9b:1::a00:5', /embeds an IPv4/],
    ['6to4 embedding loopback is refused', '2002:7f00:1::1', /embeds an IPv4/],
    ['IPv4-translated is refused', '::ffff:0:7f00:1', /embeds an IPv4/],
    ['IPv4-compatible is refused', '::7f00:1', /embeds an IPv4/],
    ['Teredo is refused', '2001:0:4136:e378:8000:63bf:3fff:fdd2', /embeds an IPv4/],
  ];
  for (const [name, address, expected] of cases) {
    it(name, () => {
      const reason = probePolicy({ address, port: 80, protocol: 'TCP' }, open);
      if (expected === undefined) assert.equal(reason, undefined);
      else assert.match(reason ?? '', expected as RegExp);
    });
  }

  it('refuses every address on a simulated cluster', () => {
    const reason = probePolicy(
      { address: '10.10.50.53', port: 80, protocol: 'TCP' },
      { simulated: true, refused: new Map() },
    );
    assert.match(reason ?? '', /simulated/);
  });

  it('refuses UDP, which a connect cannot check', () => {
    assert.match(
      probePolicy({ address: '10.10.50.53', port: 53, protocol: 'UDP' }, open) ?? '',
      /only TCP/,
    );
  });
});

describe('connectOnce against loopback servers this test owns', () => {
  let server: Server;
  let port = 0;
  before(async () => {
    server = createServer((socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    port = typeof address === 'object' && address ? address.port : 0;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('reports a successful connect with its latency', async () => {
    const result = await connectOnce('127.0.0.1', port, 2000);
    assert.equal(result.ok, true);
    assert.equal(typeof result.latencyMs, 'number');
  });

  it('reports a refused connection in plain words', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const address = closed.address();
    const closedPort = typeof address === 'object' && address ? address.port : 0;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const result = await connectOnce('127.0.0.1', closedPort, 2000);
    assert.equal(result.ok, false);
    assert.match(result.error ?? '', /refused/);
  });
});

describe('canonicalAddress', () => {
  it('maps every spelling of an address to one text', () => {
    assert.equal(canonicalAddress('::ffff:10.0.0.1'), '10.0.0.1');
    assert.equal(canonicalAddress('0:0:0:0:0:ffff:a00:1'), '10.0.0.1');
    assert.equal(canonicalAddress('FD00:0:0::0A'), 'fd00::a');
    assert.equal(canonicalAddress('not-an-ip'), undefined);
  });
});

describe('probeEndpoints', () => {
  it(`probes at most ${MAX_PROBE_TARGETS} targets per request and says why the rest were not`, async () => {
    let connects = 0;
    const targets = Array.from({ length: 600 }, (_, i) => ({
      address: `10.10.${Math.floor(i / 250)}.${(i % 250) + 1}`,
      port: 443,
      protocol: 'TCP',
    }));
    const results = await probeEndpoints(targets, open, {
      connect: async () => {
        connects += 1;
        return { ok: true, latencyMs: 1 };
      },
    });
    assert.equal(connects, MAX_PROBE_TARGETS);
    assert.equal(results.length, 600);
    assert.equal(results.filter((r) => r.skipped).length, 600 - MAX_PROBE_TARGETS);
    assert.match(results[MAX_PROBE_TARGETS]!.error ?? '', /at most 64/);
  });

  it('applies the policy before connecting and connects only to allowed targets', async () => {
    const connected: string[] = [];
    const results = await probeEndpoints(
      [
        { address: '10.10.50.53', port: 80, protocol: 'TCP' },
        { address: '169.254.169.254', port: 80, protocol: 'TCP' },
        { address: '10.244.1.5', port: 8080, protocol: 'TCP' },
      ],
      open,
      {
        connect: async (address) => {
          connected.push(address);
          return { ok: true, latencyMs: 1 };
        },
      },
    );
    assert.deepEqual(connected, ['10.10.50.53']);
    assert.deepEqual(
      results.map((r) => [r.address, r.ok, r.skipped ?? false]),
      [
        ['10.10.50.53', true, false],
        ['169.254.169.254', false, true],
        ['10.244.1.5', false, true],
      ],
    );
  });
});
