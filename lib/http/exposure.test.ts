import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAllowedHost } from './allowed-hosts';
import {
  bindHostOf,
  exposureRefusal,
  hostPolicyFromEnv,
  insecureExposure,
  isLoopbackHost,
} from './exposure';

const STANDALONE = { __NEXT_PRIVATE_STANDALONE_CONFIG: '{}' };

describe('bindHostOf', () => {
  it('is HOSTNAME under the standalone server, 0.0.0.0 when unset (what server.js binds)', () => {
    assert.equal(bindHostOf({ ...STANDALONE, HOSTNAME: '127.0.0.1' }), '127.0.0.1');
    assert.equal(bindHostOf({ ...STANDALONE }), '0.0.0.0');
  });
  it('is SWITCHBOARD_BIND_HOST otherwise, and ignores a shell HOSTNAME there', () => {
    assert.equal(bindHostOf({ SWITCHBOARD_BIND_HOST: '::1', HOSTNAME: 'laptop' }), '::1');
    assert.equal(bindHostOf({ HOSTNAME: 'laptop' }), undefined);
  });
});

describe('isLoopbackHost', () => {
  for (const host of [
    '127.0.0.1',
    '127.8.9.10',
    '::1',
    '[::1]',
    'localhost',
    'LOCALHOST.',
    'a.localhost',
    '::ffff:127.0.0.1',
  ])
    it(`${host} is loopback`, () => assert.equal(isLoopbackHost(host), true));
  for (const host of ['0.0.0.0', '::', '', '10.0.0.5', 'my-pod-7d9f', 'localhost.evil.example'])
    it(`${JSON.stringify(host)} is not`, () => assert.equal(isLoopbackHost(host), false));
});

describe('exposureRefusal', () => {
  it('allows loopback and an unknown bind', () => {
    assert.equal(exposureRefusal('127.0.0.1', {}), undefined);
    assert.equal(exposureRefusal(undefined, {}), undefined);
  });
  it('refuses any other address without --insecure-no-auth, naming the ways out', () => {
    for (const host of ['0.0.0.0', '::', '10.0.0.5', 'my-pod-7d9f']) {
      const reason = exposureRefusal(host, {}) ?? '';
      assert.match(
        reason,
        new RegExp(`refusing to serve on ${host.replace(/\./g, '\\.')} without sign-in`),
      );
      assert.match(reason, /port-forward/);
      assert.match(reason, /--insecure-no-auth/);
    }
  });
  it('allows it with --insecure-no-auth, and then the banner is on', () => {
    const env = { ...STANDALONE, HOSTNAME: '0.0.0.0', SWITCHBOARD_INSECURE_NO_AUTH: '1' };
    assert.equal(exposureRefusal('0.0.0.0', env), undefined);
    assert.equal(insecureExposure(env), true);
    assert.equal(insecureExposure({ ...env, HOSTNAME: '127.0.0.1' }), false);
    assert.equal(insecureExposure({ ...STANDALONE, HOSTNAME: '0.0.0.0' }), false);
  });
  it('names sign-in as the way out', () => {
    assert.match(exposureRefusal('0.0.0.0', {}) ?? '', /--auth oidc, proxy or token/);
  });
  it('any sign-in mode may bind anywhere, with no banner', () => {
    for (const mode of ['oidc', 'proxy', 'token']) {
      const env = { ...STANDALONE, HOSTNAME: '0.0.0.0', SWITCHBOARD_AUTH: mode };
      assert.equal(exposureRefusal('0.0.0.0', env), undefined, mode);
      assert.equal(insecureExposure({ ...env, SWITCHBOARD_INSECURE_NO_AUTH: '1' }), false);
    }
  });
  it('none, said explicitly or malformed, is still refused beyond loopback', () => {
    for (const mode of ['none', 'NONE', 'basic'])
      assert.ok(exposureRefusal('10.0.0.5', { SWITCHBOARD_AUTH: mode }), mode);
  });
});

describe('hostPolicyFromEnv', () => {
  it('outside a cluster: loopback names, IPs and --allowed-hosts only', () => {
    const policy = hostPolicyFromEnv({
      SWITCHBOARD_BIND_HOST: '127.0.0.1',
      SWITCHBOARD_ALLOWED_HOSTS: 'dash.example',
    });
    assert.equal(isAllowedHost('dash.example:3000', policy), true);
    assert.equal(isAllowedHost('switchboard.switchboard.svc', policy), false);
    assert.equal(isAllowedHost('evil.example', policy), false);
  });

  it('the host of SWITCHBOARD_PUBLIC_URL, as the sign-in overlays set it, is allowed', () => {
    const env = {
      ...STANDALONE,
      HOSTNAME: '0.0.0.0',
      SWITCHBOARD_AUTH: 'oidc',
      SWITCHBOARD_PUBLIC_URL: 'https://switchboard.example.com',
    };
    assert.equal(isAllowedHost('switchboard.example.com', hostPolicyFromEnv(env)), true);
    assert.equal(isAllowedHost('evil.example', hostPolicyFromEnv(env)), false);
    const changed = { ...env, SWITCHBOARD_PUBLIC_URL: 'https://dash.example.org/' };
    assert.equal(isAllowedHost('dash.example.org', hostPolicyFromEnv(changed)), true);
    assert.equal(isAllowedHost('switchboard.example.com', hostPolicyFromEnv(changed)), false);
  });

  it('in a cluster: the Service names in the namespace of the ServiceAccount file', (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-sa-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'namespace'), 'observability\n');
    const policy = hostPolicyFromEnv({
      KUBERNETES_SERVICE_HOST: '10.96.0.1',
      SWITCHBOARD_SERVICEACCOUNT_DIR: dir,
    });
    assert.equal(isAllowedHost('switchboard.observability.svc.cluster.local', policy), true);
    assert.equal(isAllowedHost('switchboard.default.svc', policy), false);
  });

  it('in a cluster: POD_NAMESPACE, the Service name and the cluster domain as configured', () => {
    const policy = hostPolicyFromEnv({
      KUBERNETES_SERVICE_HOST: '10.96.0.1',
      POD_NAMESPACE: 'ops',
      SWITCHBOARD_SERVICE_NAME: 'routes',
      SWITCHBOARD_CLUSTER_DOMAIN: 'corp.internal',
    });
    assert.equal(isAllowedHost('routes.ops.svc.corp.internal', policy), true);
    assert.equal(isAllowedHost('switchboard.ops.svc', policy), false);
  });
});
