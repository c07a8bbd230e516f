/**
 * The test OpenID provider and its sign-in driver (./oidc-provider.ts, ./oidc-sign-in.ts) do
 * what the sign-in tests rely on: a code flow with the accounts' `email` and `groups` in the ID
 * token, PKCE enforced by the provider itself, a cancel that answers `access_denied`, and an
 * outage that looks like one.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as client from 'openid-client';
import { startOidcProvider, type TestOidcProvider } from './oidc-provider';
import { signInThroughProvider } from './oidc-sign-in';

const REDIRECT = 'http://127.0.0.1:9/callback';
let provider: TestOidcProvider;
let config: client.Configuration;

before(async () => {
  provider = await startOidcProvider({ redirectUris: [REDIRECT] });
  config = await client.discovery(
    new URL(provider.issuer),
    provider.clientId,
    undefined,
    client.ClientSecretBasic(provider.clientSecret),
    { execute: [client.allowInsecureRequests] },
  );
});
after(() => provider.close());

async function authorization(overrides: Record<string, string | undefined> = {}) {
  const verifier = client.randomPKCECodeVerifier();
  const params: Record<string, string> = {
    redirect_uri: REDIRECT,
    scope: 'openid email groups',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state: client.randomState(),
    nonce: client.randomNonce(),
  };
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) delete params[name];
    else params[name] = value;
  }
  return { verifier, params, url: client.buildAuthorizationUrl(config, params) };
}

test('alice signs in: the ID token carries her email and groups and the nonce', async () => {
  const { verifier, params, url } = await authorization();
  const { url: callback } = await signInThroughProvider(url, 'alice', { stopAt: REDIRECT });
  assert.equal(callback.searchParams.get('state'), params.state);
  const tokens = await client.authorizationCodeGrant(config, callback, {
    pkceCodeVerifier: verifier,
    expectedState: params.state,
    expectedNonce: params.nonce,
  });
  const claims = tokens.claims();
  assert.equal(claims?.sub, 'alice');
  assert.equal(claims?.email, 'alice@example.com');
  assert.deepEqual(claims?.groups, ['team-a']);
});

test('PKCE is enforced by the provider: no challenge is refused, no verifier is refused', async () => {
  const { url } = await authorization({
    code_challenge: undefined,
    code_challenge_method: undefined,
  });
  const refused = await signInThroughProvider(url, 'bob', { stopAt: REDIRECT });
  assert.equal(refused.url.searchParams.get('error'), 'invalid_request');
  assert.match(refused.url.searchParams.get('error_description') ?? '', /requires PKCE/);

  const { url: withChallenge } = await authorization();
  const { url: callback } = await signInThroughProvider(withChallenge, 'bob', { stopAt: REDIRECT });
  const token = await fetch(config.serverMetadata().token_endpoint!, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${provider.clientId}:${provider.clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: callback.searchParams.get('code') ?? '',
      redirect_uri: REDIRECT,
    }),
  });
  assert.equal(token.status, 400);
  assert.equal(((await token.json()) as { error: string }).error, 'invalid_grant');
});

test('cancelling at the provider answers access_denied to the client', async () => {
  const { url } = await authorization();
  const denied = await signInThroughProvider(url, 'alice', { stopAt: REDIRECT, deny: true });
  assert.equal(denied.url.searchParams.get('error'), 'access_denied');
});

test('an unreachable provider fails every request until it is reachable again', async () => {
  const discovery = `${provider.issuer}/.well-known/openid-configuration`;
  provider.setReachable(false);
  await assert.rejects(fetch(discovery));
  provider.setReachable(true);
  assert.equal((await fetch(discovery)).status, 200);
});
