/**
 * Discovery's rules that need no provider (lib/auth/oidc-discovery.ts): plain http only on
 * loopback, refused before any request is sent. The cached and retried discovery is proven
 * against a real provider in lib/auth/oidc.test.ts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isLoopbackHost, oidcConfiguration } from './oidc-discovery';

test('loopback names are 127.0.0.0/8, ::1 and localhost only', () => {
  for (const host of ['127.0.0.1', '127.1.2.3', '[::1]', '::1', 'localhost', 'LOCALHOST']) {
    assert.equal(isLoopbackHost(host), true, host);
  }
  for (const host of ['10.0.0.1', '128.0.0.1', 'localhost.example.com', '127.0.0.1.nip.io', '::']) {
    assert.equal(isLoopbackHost(host), false, host);
  }
});

test('a plain http issuer that is not on loopback is refused without a request', async () => {
  // 192.0.2.0/24 is reserved for documentation: nothing would answer, and nothing is sent.
  await assert.rejects(
    oidcConfiguration({ issuer: 'http://192.0.2.10/realms/x', clientId: 'switchboard' }),
    /plain http on a non-loopback host; it must be https/,
  );
});
