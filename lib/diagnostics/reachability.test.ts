import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { connectOnce, probeEndpoints, probePolicy } from './reachability';

const open = { simulated: false, internalAddresses: new Set<string>(['10.244.1.5', '10.96.0.10']) };

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
      { simulated: true, internalAddresses: new Set() },
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

describe('probeEndpoints', () => {
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
