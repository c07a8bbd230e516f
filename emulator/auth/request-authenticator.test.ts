/**
 * The request authenticator as kube-apiserver composes it (bearer tokens over a token union,
 * `system:authenticated`, anonymous), and TokenReview answered from it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isApiError } from '../core/errors';
import { requestAuthenticator } from './request-authenticator';
import { loadOrCreateSigningKey } from './serviceaccount/signing-key';
import { serviceAccountTokenAuthenticator } from './serviceaccount/token-authenticator';
import { createTokenRequest } from './serviceaccount/token-request';
import { DEFAULT_ISSUER } from './serviceaccount/tokens';
import { fakeObjects } from './testing/objects';
import { reviewToken } from './token-review';
import {
  audienceAgnostic,
  bearerToken,
  bearerTokenAuthenticator,
  unionTokenAuthenticator,
} from './tokens/token-authenticator';
import { parseTokenFile, staticTokenAuthenticator } from './tokens/token-file';

const AUDIENCES = [DEFAULT_ISSUER];

function withAuthorization(value?: string): Request {
  return new Request(
    'https://127.0.0.1/api',
    value === undefined ? {} : { headers: { authorization: value } },
  );
}

async function cluster() {
  const key = await loadOrCreateSigningKey();
  const objects = fakeObjects();
  objects.put('ServiceAccount', 'team-a', 'builder');
  const file = parseTokenFile(
    'admin-token,kubernetes-admin,,system:masters\nalice-token,alice,uid-a,"team-a"\nnobody-token,nobody,,system:unauthenticated\n',
    'tokens.csv',
  );
  const tokens = unionTokenAuthenticator([
    audienceAgnostic(AUDIENCES, staticTokenAuthenticator(file.users)),
    serviceAccountTokenAuthenticator({
      issuer: DEFAULT_ISSUER,
      apiAudiences: AUDIENCES,
      keys: [key],
      getter: objects,
      minorVersion: 33,
    }),
  ]);
  const authenticator = requestAuthenticator([bearerTokenAuthenticator(tokens)]);
  const mint = async (spec: Record<string, unknown> = {}, now?: () => Date) => {
    const { body } = await createTokenRequest(
      {
        issuer: DEFAULT_ISSUER,
        apiAudiences: AUDIENCES,
        key,
        getter: objects,
        minorVersion: 33,
        now,
      },
      'team-a',
      'builder',
      { spec },
    );
    return (body.status as { token: string }).token;
  };
  return { authenticator, mint };
}

test('bearer header parsing as bearertoken.go', () => {
  assert.equal(bearerToken(withAuthorization('Bearer abc')), 'abc');
  assert.equal(bearerToken(withAuthorization('bearer abc')), 'abc');
  assert.equal(bearerToken(withAuthorization('  Bearer abc  ')), 'abc');
  assert.equal(bearerToken(withAuthorization('Bearer abc def')), 'abc');
  assert.equal(bearerToken(withAuthorization('Bearer  abc')), undefined);
  assert.equal(bearerToken(withAuthorization('Basic YTpi')), undefined);
  assert.equal(bearerToken(withAuthorization('Bearer')), undefined);
  assert.equal(bearerToken(withAuthorization()), undefined);
});

test('known tokens: their users, plus system:authenticated unless they say otherwise', async () => {
  const { authenticator, mint } = await cluster();
  assert.deepEqual(await authenticator.authenticate(withAuthorization('Bearer admin-token')), {
    ok: true,
    user: {
      username: 'kubernetes-admin',
      uid: '',
      groups: ['system:masters', 'system:authenticated'],
    },
    audiences: AUDIENCES,
  });
  const nobody = await authenticator.authenticate(withAuthorization('Bearer nobody-token'));
  assert.deepEqual(nobody?.ok && nobody.user.groups, ['system:unauthenticated']);
  const sa = await authenticator.authenticate(withAuthorization(`Bearer ${await mint()}`));
  assert.deepEqual(sa?.ok && sa.user.groups, [
    'system:serviceaccounts',
    'system:serviceaccounts:team-a',
    'system:authenticated',
  ]);
});

test('no credentials: system:anonymous in system:unauthenticated; bad credentials: an error', async () => {
  const { authenticator, mint } = await cluster();
  const anonymous = {
    ok: true,
    user: { username: 'system:anonymous', groups: ['system:unauthenticated'] },
  };
  assert.deepEqual(await authenticator.authenticate(withAuthorization()), anonymous);
  assert.deepEqual(
    await authenticator.authenticate(withAuthorization('Bearer  spaced')),
    anonymous,
  );
  assert.deepEqual(await authenticator.authenticate(withAuthorization('Bearer wrong')), {
    ok: false,
    error: 'invalid bearer token',
  });
  const expired = await mint({}, () => new Date(Date.now() - 2 * 60 * 60 * 1000));
  assert.deepEqual(await authenticator.authenticate(withAuthorization(`Bearer ${expired}`)), {
    ok: false,
    error: '[invalid bearer token, service account token has expired]',
  });
  const closed = requestAuthenticator([], { anonymous: false });
  assert.equal(await closed.authenticate(withAuthorization()), undefined);
});

test('TokenReview: user, audiences and errors as tokenreview/storage.go', async () => {
  const { authenticator, mint } = await cluster();
  const review = (spec: Record<string, unknown>) => reviewToken(authenticator, AUDIENCES, { spec });

  const token = await mint();
  const ok = await review({ token });
  assert.deepEqual(ok.status, {
    authenticated: true,
    user: (ok.status as { user: Record<string, unknown> }).user,
    audiences: AUDIENCES,
  });
  const user = (ok.status as { user: Record<string, unknown> }).user;
  assert.equal(user.username, 'system:serviceaccount:team-a:builder');
  assert.deepEqual(Object.keys(user), ['username', 'uid', 'groups', 'extra']);
  assert.deepEqual(ok.spec, { token });
  assert.equal(ok.kind, 'TokenReview');
  assert.equal(ok.apiVersion, 'authentication.k8s.io/v1');

  const vault = await mint({ audiences: ['vault'] });
  const forVault = (await review({ token: vault, audiences: ['vault'] })).status as Record<
    string,
    unknown
  >;
  assert.equal(forVault.authenticated, true);
  assert.deepEqual(forVault.audiences, ['vault']);
  assert.deepEqual((await review({ token: vault })).status, {
    user: {},
    error: `[invalid bearer token, token audiences ["vault"] is invalid for the target audiences ["${DEFAULT_ISSUER}"]]`,
  });
  // The static tokens are valid only for the apiserver's own audiences.
  assert.deepEqual((await review({ token: 'alice-token', audiences: ['vault'] })).status, {
    user: {},
    error: 'invalid bearer token',
  });
  assert.deepEqual((await review({ token: 'alice-token' })).status, {
    authenticated: true,
    user: { username: 'alice', uid: 'uid-a', groups: ['team-a', 'system:authenticated'] },
    audiences: AUDIENCES,
  });

  await assert.rejects(review({ token: '' }), (error: unknown) => {
    assert.ok(isApiError(error));
    assert.equal(error.code, 400);
    assert.equal(error.message, 'token is required for TokenReview in authentication');
    return true;
  });
});
