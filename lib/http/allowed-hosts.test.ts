import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hostPolicy, hostnameOf, isAllowedHost } from './allowed-hosts';

describe('hostnameOf', () => {
  const cases: [string, string | undefined][] = [
    ['127.0.0.1:3000', '127.0.0.1'],
    ['LocalHost:3000', 'localhost'],
    ['[::1]:3000', '::1'],
    ['[::1]', '::1'],
    ['example.com.', 'example.com'],
    ['example.com:99999x', undefined],
    ['[::1]junk', undefined],
    ['user@evil.example', undefined],
    ['evil.example/path', undefined],
    ['', undefined],
  ];
  for (const [header, expected] of cases) {
    it(`${JSON.stringify(header)} → ${expected}`, () => assert.equal(hostnameOf(header), expected));
  }
});

describe('isAllowedHost', () => {
  const loopback = hostPolicy({ bindHost: '127.0.0.1' });

  it('allows IP literals (rebinding needs a name) and the localhost names', () => {
    for (const host of [
      '127.0.0.1:3000',
      '10.1.2.3:9090',
      '[::1]:3000',
      '[fd00::5]',
      'localhost:3000',
      'app.localhost',
    ])
      assert.equal(isAllowedHost(host, loopback), true, host);
  });

  it('refuses any other name, a missing Host and a malformed one', () => {
    for (const host of [
      'evil.example',
      'evil.example:3000',
      'localhost.evil.example',
      '127.0.0.1.nip.io',
      '',
      null,
      undefined,
      'a b',
    ])
      assert.equal(isAllowedHost(host, loopback), false, String(host));
  });

  it('refuses numeric forms that are not dotted quads, which no browser sends as Host', () => {
    assert.equal(isAllowedHost('2130706433', loopback), false);
    assert.equal(isAllowedHost('0x7f.1', loopback), false);
  });

  it('allows the bind address when it is a name, ignoring case and a trailing dot', () => {
    const policy = hostPolicy({ bindHost: 'dash.internal' });
    assert.equal(isAllowedHost('DASH.internal.:3000', policy), true);
    assert.equal(isAllowedHost('other.internal', policy), false);
  });

  it('allows --allowed-hosts names exactly and `.domain` entries with their subdomains', () => {
    const policy = hostPolicy({ allowedHosts: 'switchboard.example.com, .corp.example' });
    assert.equal(isAllowedHost('switchboard.example.com', policy), true);
    assert.equal(isAllowedHost('x.switchboard.example.com', policy), false);
    assert.equal(isAllowedHost('corp.example', policy), true);
    assert.equal(isAllowedHost('a.b.corp.example:443', policy), true);
    assert.equal(isAllowedHost('evilcorp.example', policy), false);
  });

  it('allows the host of --public-url (where the identity provider sends people back)', () => {
    const policy = hostPolicy({ publicUrl: 'https://Switchboard.Example.com:8443/base/' });
    assert.equal(isAllowedHost('switchboard.example.com', policy), true);
    assert.equal(isAllowedHost('switchboard.example.com:443', policy), true);
    assert.equal(isAllowedHost('example.com', policy), false);
    assert.equal(isAllowedHost('x.switchboard.example.com', policy), false);
  });

  it('an unparsable --public-url adds no name', () => {
    const policy = hostPolicy({ publicUrl: 'not a url' });
    assert.equal(isAllowedHost('not', policy), false);
    assert.deepEqual([...policy.names], ['localhost']);
  });

  it('`*` allows every well-formed name', () => {
    const policy = hostPolicy({ allowedHosts: '*' });
    assert.equal(isAllowedHost('anything.example', policy), true);
    assert.equal(isAllowedHost('', policy), false);
  });

  it('in a cluster allows the Service DNS names, and no other name in the cluster zone', () => {
    const policy = hostPolicy({
      bindHost: '0.0.0.0',
      inCluster: { service: 'switchboard', namespace: 'ops', clusterDomain: 'cluster.local' },
    });
    for (const host of [
      'switchboard',
      'switchboard.ops:3000',
      'switchboard.ops.svc',
      'switchboard.ops.svc.cluster.local',
    ])
      assert.equal(isAllowedHost(host, policy), true, host);
    for (const host of ['other.ops.svc', 'switchboard.default.svc', '0.0.0.0.evil'])
      assert.equal(isAllowedHost(host, policy), false, host);
  });
});
