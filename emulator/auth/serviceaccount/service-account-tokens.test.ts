/**
 * ServiceAccount tokens end to end without HTTP: TokenRequest mints (token.go), the
 * authenticator verifies (jwt.go + claims.go). Expiry is proven without waiting, by minting
 * under a clock in the past and by signing past-dated claims with the cluster's key.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { isApiError } from '../../core/errors';
import { fakeObjects } from '../testing/objects';
import { loadOrCreateSigningKey } from './signing-key';
import { serviceAccountTokenAuthenticator } from './token-authenticator';
import { createTokenRequest, type TokenRequestContext } from './token-request';
import { DEFAULT_ISSUER, serviceAccountClaims, signClaims } from './tokens';

const AUDIENCES = [DEFAULT_ISSUER];

async function setup(minorVersion = 33) {
  const key = await loadOrCreateSigningKey();
  const objects = fakeObjects();
  const sa = objects.put('ServiceAccount', 'team-a', 'builder');
  const ctx: TokenRequestContext = {
    issuer: DEFAULT_ISSUER,
    apiAudiences: AUDIENCES,
    key,
    getter: objects,
    minorVersion,
  };
  const authenticator = serviceAccountTokenAuthenticator({
    issuer: DEFAULT_ISSUER,
    apiAudiences: AUDIENCES,
    keys: [key],
    getter: objects,
    minorVersion,
  });
  const mint = async (body: unknown = {}, name = 'builder') =>
    (await createTokenRequest(ctx, 'team-a', name, body)).body as {
      metadata: Record<string, unknown>;
      spec: Record<string, unknown>;
      status: { token: string; expirationTimestamp: string };
    };
  return { key, objects, sa, ctx, authenticator, mint };
}

async function apiError(promise: Promise<unknown>): Promise<{ code: number; message: string }> {
  try {
    await promise;
  } catch (error) {
    assert.ok(isApiError(error), String(error));
    return { code: error.code, message: error.message };
  }
  assert.fail('expected an ApiError');
}

test('TokenRequest: defaults, the answer shape and upstream claims', async () => {
  const { mint, sa, key } = await setup();
  const answer = await mint({
    kind: 'TokenRequest',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: { creationTimestamp: null },
    spec: { audiences: null, expirationSeconds: null, boundObjectRef: null },
  });
  assert.deepEqual(answer.spec, {
    audiences: AUDIENCES,
    expirationSeconds: 3600,
    boundObjectRef: null,
  });
  assert.equal(answer.metadata.name, 'builder');
  assert.equal(answer.metadata.namespace, 'team-a');
  const claims = decodeJwt(answer.status.token);
  assert.deepEqual(Object.keys(claims), [
    'aud',
    'exp',
    'iat',
    'iss',
    'jti',
    'kubernetes.io',
    'nbf',
    'sub',
  ]);
  assert.equal(claims.iss, DEFAULT_ISSUER);
  assert.equal(claims.sub, 'system:serviceaccount:team-a:builder');
  assert.deepEqual(claims.aud, AUDIENCES);
  assert.equal((claims.exp ?? 0) - (claims.iat ?? 0), 3600);
  assert.equal(claims.nbf, claims.iat);
  assert.deepEqual(claims['kubernetes.io'], {
    namespace: 'team-a',
    serviceaccount: { name: 'builder', uid: sa.metadata.uid },
  });
  assert.equal(
    Date.parse(answer.status.expirationTimestamp) / 1000,
    claims.exp,
    'expirationTimestamp is the token exp',
  );
  assert.deepEqual(decodeProtectedHeader(answer.status.token), { alg: 'ES256', kid: key.keyId });
});

test('TokenRequest: expirationSeconds bounds as ValidateTokenRequest words them', async () => {
  const { mint } = await setup();
  assert.deepEqual(await apiError(mint({ spec: { expirationSeconds: 599 } })), {
    code: 422,
    message:
      'TokenRequest.authentication.k8s.io "" is invalid: spec.expirationSeconds: Invalid value: 599: may not specify a duration less than 10 minutes',
  });
  assert.deepEqual(await apiError(mint({ spec: { expirationSeconds: 2 ** 32 + 1 } })), {
    code: 422,
    message:
      'TokenRequest.authentication.k8s.io "" is invalid: spec.expirationSeconds: Invalid value: 4294967297: may not specify a duration larger than 2^32 seconds',
  });
  const ok = await mint({ spec: { expirationSeconds: 600, audiences: ['vault'] } });
  assert.deepEqual(ok.spec.audiences, ['vault']);
  assert.equal(ok.spec.expirationSeconds, 600);
});

test('TokenRequest: missing ServiceAccount, mismatched metadata', async () => {
  const { mint } = await setup();
  assert.deepEqual(await apiError(mint({}, 'nobody')), {
    code: 404,
    message: 'serviceaccounts "nobody" not found',
  });
  assert.deepEqual(await apiError(mint({ metadata: { name: 'other' } })), {
    code: 422,
    message:
      'TokenRequest.authentication.k8s.io "builder" is invalid: metadata.name: Invalid value: "other": must match the service account name if specified',
  });
});

test('TokenRequest: bound to a pod (with its node), refused for another pod or a recreated one', async () => {
  const { mint, objects, authenticator } = await setup();
  const node = objects.put('Node', '', 'node-1');
  const pod = objects.put('Pod', 'team-a', 'web-0', {
    serviceAccountName: 'builder',
    nodeName: 'node-1',
  });
  objects.put('Pod', 'team-a', 'other', { serviceAccountName: 'default' });
  const ref = { kind: 'Pod', apiVersion: 'v1', name: 'web-0' };
  const answer = await mint({ spec: { boundObjectRef: ref } });
  const claims = decodeJwt(answer.status.token)['kubernetes.io'] as Record<string, unknown>;
  assert.deepEqual(claims.pod, { name: 'web-0', uid: pod.metadata.uid });
  assert.deepEqual(claims.node, { name: 'node-1', uid: node.metadata.uid });
  const result = await authenticator.authenticateToken(answer.status.token);
  assert.ok(result?.ok);
  const jti = decodeJwt(answer.status.token).jti;
  assert.deepEqual(result.user.extra, {
    'authentication.kubernetes.io/pod-name': ['web-0'],
    'authentication.kubernetes.io/pod-uid': [pod.metadata.uid],
    'authentication.kubernetes.io/credential-id': [`JTI=${jti}`],
    'authentication.kubernetes.io/node-name': ['node-1'],
    'authentication.kubernetes.io/node-uid': [node.metadata.uid],
  });

  assert.deepEqual(await apiError(mint({ spec: { boundObjectRef: { ...ref, name: 'other' } } })), {
    code: 400,
    message:
      'cannot bind token for serviceaccount "builder" to pod running with different serviceaccount name.',
  });
  assert.deepEqual(await apiError(mint({ spec: { boundObjectRef: { ...ref, uid: 'stale' } } })), {
    code: 409,
    message:
      'Operation cannot be fulfilled on Pod "web-0": the UID in the bound object reference (stale) does not match the UID in record. The object might have been deleted and then recreated',
  });
  assert.deepEqual(
    await apiError(
      mint({ spec: { boundObjectRef: { kind: 'Deployment', apiVersion: 'apps/v1', name: 'x' } } }),
    ),
    { code: 400, message: 'cannot bind token to object of type apps/v1, Kind=Deployment' },
  );

  objects.remove('Pod', 'team-a', 'web-0');
  assert.deepEqual(await authenticator.authenticateToken(answer.status.token), {
    ok: false,
    error: 'service account token has been invalidated',
  });
});

test('TokenRequest: Node binding from 1.31', async () => {
  const old = await setup(30);
  old.objects.put('Node', '', 'node-1');
  assert.deepEqual(
    await apiError(
      old.mint({ spec: { boundObjectRef: { kind: 'Node', apiVersion: 'v1', name: 'node-1' } } }),
    ),
    {
      code: 400,
      message:
        'cannot bind token to a Node object as the "ServiceAccountTokenNodeBinding" feature-gate is disabled',
    },
  );
  const current = await setup(33);
  current.objects.put('Node', '', 'node-1');
  const answer = await current.mint({
    spec: { boundObjectRef: { kind: 'Node', apiVersion: 'v1', name: 'node-1' } },
  });
  assert.ok((await current.authenticator.authenticateToken(answer.status.token))?.ok);
  current.objects.put('Node', '', 'node-1'); // recreated: a new uid
  const result = await current.authenticator.authenticateToken(answer.status.token);
  assert.ok(result && !result.ok);
  assert.match(
    result.error,
    /^node UID \(.+\) does not match service account node ref claim \(.+\)$/,
  );
});

test('1.29 tokens carry no jti and give no credential id', async () => {
  const { mint, authenticator } = await setup(29);
  const answer = await mint();
  assert.equal(decodeJwt(answer.status.token).jti, undefined);
  const result = await authenticator.authenticateToken(answer.status.token);
  assert.ok(result?.ok);
  assert.equal(result.user.extra, undefined);
});

test('a valid token is the ServiceAccount, for the apiserver audience', async () => {
  const { mint, authenticator, sa } = await setup();
  const { status } = await mint();
  const result = await authenticator.authenticateToken(status.token);
  assert.ok(result?.ok);
  assert.equal(result.user.username, 'system:serviceaccount:team-a:builder');
  assert.equal(result.user.uid, sa.metadata.uid);
  assert.deepEqual(result.user.groups, ['system:serviceaccounts', 'system:serviceaccounts:team-a']);
  assert.deepEqual(result.audiences, AUDIENCES);
});

test('expiry without waiting: minted under an earlier clock, or signed past-dated', async () => {
  const { ctx, key, sa, authenticator } = await setup();
  const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
  const stale = await createTokenRequest(
    { ...ctx, now: () => twoHoursAgo },
    'team-a',
    'builder',
    {},
  );
  const token = (stale.body.status as { token: string }).token;
  assert.deepEqual(await authenticator.authenticateToken(token), {
    ok: false,
    error: 'service account token has expired',
  });

  const nowSeconds = Math.floor(Date.now() / 1000);
  const claims = (exp: number, nbf = nowSeconds - 600) => ({
    ...serviceAccountClaims(DEFAULT_ISSUER, {
      serviceAccount: { namespace: 'team-a', name: 'builder', uid: String(sa.metadata.uid) },
      audiences: AUDIENCES,
      expirationSeconds: 0,
      now: new Date(nbf * 1000),
    }),
    exp,
  });
  // Within go-jose's 60 s leeway an expired token still holds; past it, it does not.
  assert.ok(
    (await authenticator.authenticateToken(await signClaims(key, claims(nowSeconds - 30))))?.ok,
  );
  assert.deepEqual(
    await authenticator.authenticateToken(await signClaims(key, claims(nowSeconds - 120))),
    { ok: false, error: 'service account token has expired' },
  );
  assert.deepEqual(
    await authenticator.authenticateToken(
      await signClaims(key, {
        ...claims(nowSeconds + 3600),
        nbf: nowSeconds + 600,
        iat: nowSeconds,
      }),
    ),
    { ok: false, error: 'service account token is not valid yet' },
  );
});

test('forged tokens: another key, a tampered payload, an unknown key id', async () => {
  const { mint, authenticator } = await setup();
  const other = await loadOrCreateSigningKey();
  const { status } = await mint();
  const [header, payload, signature] = status.token.split('.') as [string, string, string];

  const claims = decodeJwt(status.token);
  const tampered = Buffer.from(
    JSON.stringify({ ...claims, sub: 'system:serviceaccount:kube-system:admin' }),
  ).toString('base64url');
  assert.deepEqual(await authenticator.authenticateToken(`${header}.${tampered}.${signature}`), {
    ok: false,
    error: 'go-jose/go-jose: error in cryptographic primitive',
  });

  const foreign = await signClaims(other, claims);
  assert.deepEqual(await authenticator.authenticateToken(foreign), {
    ok: false,
    error: 'invalid signature, no keys found',
  });

  const reheaded = `${header}.${foreign.split('.')[1]}.${foreign.split('.')[2]}`;
  assert.deepEqual(await authenticator.authenticateToken(reheaded), {
    ok: false,
    error: 'go-jose/go-jose: error in cryptographic primitive',
  });
  assert.ok(payload);
});

test('not ours: opaque tokens, JSON, another issuer', async () => {
  const { key, authenticator } = await setup();
  assert.equal(await authenticator.authenticateToken('0123456789abcdef'), undefined);
  assert.equal(await authenticator.authenticateToken('{"iss":"x"}'), undefined);
  const foreignIssuer = await signClaims(key, { iss: 'https://issuer.example', sub: 'x' });
  assert.equal(await authenticator.authenticateToken(foreignIssuer), undefined);
});

test('audiences: a token for another audience is refused for the apiserver, accepted when asked for', async () => {
  const { mint, authenticator } = await setup();
  const { status } = await mint({ spec: { audiences: ['vault'] } });
  assert.deepEqual(await authenticator.authenticateToken(status.token), {
    ok: false,
    error: `token audiences ["vault"] is invalid for the target audiences ["${DEFAULT_ISSUER}"]`,
  });
  const forVault = await authenticator.authenticateToken(status.token, ['vault', 'other']);
  assert.ok(forVault?.ok);
  assert.deepEqual(forVault.audiences, ['vault']);
});

test('the ServiceAccount must still exist with the same uid', async () => {
  const { mint, authenticator, objects } = await setup();
  const { status } = await mint();
  objects.put('ServiceAccount', 'team-a', 'builder');
  const recreated = await authenticator.authenticateToken(status.token);
  assert.ok(recreated && !recreated.ok);
  assert.match(recreated.error, /^service account UID \(.+\) does not match claim \(.+\)$/);
  objects.remove('ServiceAccount', 'team-a', 'builder');
  assert.deepEqual(await authenticator.authenticateToken(status.token), {
    ok: false,
    error: 'serviceaccounts "builder" not found',
  });
});
