import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { problemTypeOf } from '../api/problem';
import { PEER_HEADER } from '../http/peer-address';
import { groupsOf, isTrustedPeer, proxyViewer } from './proxy-viewer';
import { authSettingsFromEnv, parseTrustedProxies } from './settings';

const settings = authSettingsFromEnv({
  SWITCHBOARD_AUTH: 'proxy',
  SWITCHBOARD_TRUSTED_PROXIES: '10.0.0.0/24, 127.0.0.2, fd00::/64',
});
const proxy = settings.proxy!;

function from(peer: string | undefined, headers: Record<string, string> = {}) {
  const h = new Headers(headers);
  if (peer !== undefined) h.set(PEER_HEADER, peer);
  return proxyViewer(h, proxy);
}

const IDENTITY = { 'x-forwarded-user': 'alice@example.com', 'x-forwarded-groups': 'team-a' };

describe('proxy mode', () => {
  it('a trusted proxy names the user and groups', () => {
    for (const peer of ['10.0.0.7', '127.0.0.2', '::ffff:10.0.0.200', 'fd00::1']) {
      const answer = from(peer, IDENTITY);
      assert.ok(answer.ok, peer);
      assert.deepEqual(answer.viewer, {
        mode: 'proxy',
        user: { username: 'alice@example.com', groups: ['team-a'] },
      });
    }
  });
  it('the same headers from an untrusted address are refused, saying why', () => {
    for (const peer of ['10.0.1.7', '127.0.0.1', '192.168.1.5', 'fd01::1', undefined]) {
      const answer = from(peer, IDENTITY);
      assert.ok(!answer.ok);
      assert.equal(answer.problem.status, 403);
      assert.equal(problemTypeOf(answer.problem), 'untrusted-identity');
      assert.match(answer.problem.detail, /--trusted-proxies/);
    }
  });
  it('a groups header alone from an untrusted address is refused too (spoofed groups)', () => {
    const answer = from('203.0.113.9', { 'X-Forwarded-Groups': 'system:masters' });
    assert.ok(!answer.ok);
    assert.equal(answer.problem.status, 403);
  });
  it('system:masters smuggled through a trusted proxy is refused', () => {
    for (const groups of ['system:masters', 'team-a, system:masters']) {
      const answer = from('10.0.0.7', { ...IDENTITY, 'x-forwarded-groups': groups });
      assert.ok(!answer.ok);
      assert.equal(problemTypeOf(answer.problem), 'untrusted-identity');
      assert.match(answer.problem.detail, /system:masters/);
    }
  });
  it('every other system: group is refused too; system:authenticated passes', () => {
    for (const groups of ['system:nodes', 'team-a, system:serviceaccounts', 'system:kube-proxy']) {
      const answer = from('10.0.0.7', { ...IDENTITY, 'x-forwarded-groups': groups });
      assert.ok(!answer.ok, groups);
      assert.equal(problemTypeOf(answer.problem), 'untrusted-identity');
      assert.match(answer.problem.detail, /under system:/);
    }
    const authenticated = from('10.0.0.7', {
      ...IDENTITY,
      'x-forwarded-groups': 'team-a, system:authenticated',
    });
    assert.ok(authenticated.ok);
    assert.deepEqual(authenticated.viewer, {
      mode: 'proxy',
      user: { username: 'alice@example.com', groups: ['team-a', 'system:authenticated'] },
    });
  });
  it('a username under system: through a trusted proxy is refused', () => {
    for (const user of ['system:admin', 'system:node:worker-1', ' system:kube-scheduler']) {
      const answer = from('10.0.0.7', { 'x-forwarded-user': user });
      assert.ok(!answer.ok, user);
      assert.equal(answer.problem.status, 403);
      assert.equal(problemTypeOf(answer.problem), 'untrusted-identity');
      assert.match(answer.problem.detail, /under system:/);
    }
    const lookalike = from('10.0.0.7', { 'x-forwarded-user': 'systems:alice' });
    assert.ok(lookalike.ok);
  });
  it('no identity from anyone is 401; a trusted proxy that names nobody is 401', () => {
    for (const answer of [
      from('203.0.113.9'),
      from('10.0.0.7'),
      from('10.0.0.7', { 'x-forwarded-user': ' ' }),
    ]) {
      assert.ok(!answer.ok);
      assert.equal(answer.problem.status, 401);
      assert.equal(problemTypeOf(answer.problem), 'unauthenticated');
    }
  });
  it('groups are comma-separated and/or repeated headers; none is no group', () => {
    const h = new Headers({ [PEER_HEADER]: '10.0.0.7', 'x-forwarded-user': 'bob' });
    h.append('x-forwarded-groups', 'sre, oncall');
    h.append('x-forwarded-groups', 'sre');
    h.append('x-forwarded-groups', 'viewers');
    const answer = proxyViewer(h, proxy);
    assert.ok(answer.ok && answer.viewer.mode === 'proxy');
    assert.deepEqual(answer.viewer.user.groups, ['sre', 'oncall', 'viewers']);
    const bare = from('10.0.0.7', { 'x-forwarded-user': 'bob' });
    assert.ok(bare.ok && bare.viewer.mode === 'proxy');
    assert.deepEqual(bare.viewer.user.groups, []);
    assert.deepEqual(groupsOf(',, a ,'), ['a']);
  });
  it('honours the configured header names, case-insensitively', () => {
    const custom = authSettingsFromEnv({
      SWITCHBOARD_AUTH: 'proxy',
      SWITCHBOARD_TRUSTED_PROXIES: '10.0.0.1',
      SWITCHBOARD_PROXY_USER_HEADER: 'X-Auth-Request-Email',
      SWITCHBOARD_PROXY_GROUPS_HEADER: 'X-Auth-Request-Groups',
    }).proxy!;
    const h = new Headers({
      [PEER_HEADER]: '10.0.0.1',
      'X-AUTH-REQUEST-EMAIL': 'carol',
      'x-auth-request-groups': 'g',
      'x-forwarded-user': 'mallory',
    });
    const answer = proxyViewer(h, custom);
    assert.ok(answer.ok && answer.viewer.mode === 'proxy');
    assert.equal(answer.viewer.user.username, 'carol');
  });
  it('an unparsable peer is never trusted', () => {
    const ranges = parseTrustedProxies('0.0.0.0/0');
    assert.equal(isTrustedPeer('not-an-ip', ranges), false);
    assert.equal(isTrustedPeer('', ranges), false);
    assert.equal(isTrustedPeer('8.8.8.8', ranges), true);
    const mapped = parseTrustedProxies('::ffff:10.0.0.0/104');
    assert.equal(isTrustedPeer('10.200.0.1', mapped), true);
    assert.equal(isTrustedPeer('::ffff:10.200.0.1', mapped), true);
    assert.equal(isTrustedPeer('11.0.0.1', mapped), false);
  });
});
