/**
 * ID token claims → the person as the apiserver's OIDC authenticator names them
 * (lib/auth/oidc-identity.ts): claims, the username prefix rule, groups, refusals.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  effectiveUsernamePrefix,
  identityFromClaims,
  type OidcClaimSettings,
} from './oidc-identity';

const ISSUER = 'https://issuer.example';
const base: OidcClaimSettings = { issuer: ISSUER, usernameClaim: 'email', groupsClaim: 'groups' };
const alice = {
  sub: 'alice',
  email: 'alice@example.com',
  email_verified: true,
  groups: ['team-a'],
};

test('the email claim names the person without a prefix, groups as they are', () => {
  assert.deepEqual(identityFromClaims(alice, base), {
    ok: true,
    user: { username: 'alice@example.com', groups: ['team-a'] },
  });
});

test('the username prefix follows the apiserver: issuer# for claims other than email, - for none', () => {
  assert.equal(effectiveUsernamePrefix(base), '');
  assert.equal(effectiveUsernamePrefix({ ...base, usernameClaim: 'sub' }), `${ISSUER}#`);
  assert.equal(effectiveUsernamePrefix({ ...base, usernameClaim: 'sub', usernamePrefix: '-' }), '');
  assert.equal(effectiveUsernamePrefix({ ...base, usernamePrefix: '-' }), '');
  assert.equal(effectiveUsernamePrefix({ ...base, usernamePrefix: 'oidc:' }), 'oidc:');
  const bySub = identityFromClaims(alice, { ...base, usernameClaim: 'sub' });
  assert.deepEqual(bySub, { ok: true, user: { username: `${ISSUER}#alice`, groups: ['team-a'] } });
});

test('the groups prefix goes before every group; a single string is one group; none is no group', () => {
  const prefixed = identityFromClaims(
    { ...alice, groups: ['team-a', 'sre'] },
    { ...base, usernamePrefix: 'oidc:', groupsPrefix: 'oidc:' },
  );
  assert.deepEqual(prefixed, {
    ok: true,
    user: { username: 'oidc:alice@example.com', groups: ['oidc:team-a', 'oidc:sre'] },
  });
  const single = identityFromClaims({ ...alice, groups: 'team-a' }, base);
  assert.deepEqual(single.ok && single.user.groups, ['team-a']);
  const none = identityFromClaims({ email: 'x@example.com' }, base);
  assert.deepEqual(none.ok && none.user.groups, []);
  const other = identityFromClaims({ ...alice, roles: ['r'] }, { ...base, groupsClaim: 'roles' });
  assert.deepEqual(other.ok && other.user.groups, ['r']);
});

test('a missing or empty username claim, or a malformed groups claim, is refused', () => {
  for (const claims of [{ sub: 'carol' }, { email: '' }, { email: 42 }]) {
    const answer = identityFromClaims(claims, base);
    assert.equal(answer.ok, false);
    assert.equal(!answer.ok && answer.error, 'missing-claim');
  }
  const badGroups = identityFromClaims({ ...alice, groups: [1, 2] }, base);
  assert.equal(!badGroups.ok && badGroups.error, 'missing-claim');
});

test('with the email claim, email_verified must be true when present (absent is accepted)', () => {
  const unverified = identityFromClaims({ ...alice, email_verified: false }, base);
  assert.equal(!unverified.ok && unverified.error, 'email-not-verified');
  const asString = identityFromClaims({ ...alice, email_verified: 'true' }, base);
  assert.equal(!asString.ok && asString.error, 'email-not-verified');
  const absent = identityFromClaims({ email: 'alice@example.com' }, base);
  assert.equal(absent.ok, true);
  // Only the email claim is checked against it, as upstream does.
  const bySub = identityFromClaims(
    { ...alice, email_verified: false },
    { ...base, usernameClaim: 'sub' },
  );
  assert.equal(bySub.ok, true);
});

test('names under system: are refused, before or after the prefix', () => {
  for (const [claims, settings] of [
    [{ ...alice, email: 'system:admin' }, base],
    [{ ...alice, groups: ['system:masters'] }, base],
    [
      { ...alice, groups: ['masters'] },
      { ...base, groupsPrefix: 'system:' },
    ],
    [
      { ...alice, sub: 'admin' },
      { ...base, usernameClaim: 'sub', usernamePrefix: 'system:' },
    ],
  ] as const) {
    const answer = identityFromClaims(claims, settings);
    assert.equal(!answer.ok && answer.error, 'reserved-name', JSON.stringify(claims));
  }
  for (const groups of [['system:nodes'], ['team-a', 'system:serviceaccounts']]) {
    const answer = identityFromClaims({ ...alice, groups }, base);
    assert.equal(!answer.ok && answer.error, 'reserved-name', JSON.stringify(groups));
  }
  // The one system: group allowed, as in proxy mode: every authenticated user has it anyway.
  const authenticated = identityFromClaims(
    { ...alice, groups: ['team-a', 'system:authenticated', ''] },
    base,
  );
  assert.deepEqual(authenticated.ok && authenticated.user.groups, [
    'team-a',
    'system:authenticated',
  ]);
  const prefixed = identityFromClaims(
    { ...alice, groups: ['system:masters'] },
    { ...base, groupsPrefix: 'oidc:' },
  );
  assert.deepEqual(prefixed.ok && prefixed.user.groups, ['oidc:system:masters']);
});
