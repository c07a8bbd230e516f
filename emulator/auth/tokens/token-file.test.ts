/**
 * Upstream's token file cases (staging/src/k8s.io/apiserver/pkg/authentication/token/tokenfile/
 * tokenfile_test.go) plus the CSV quoting and error texts kube-apiserver would print.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseTokenFile, readTokenFile, staticTokenAuthenticator } from './token-file';

const FILE = 'tokens.csv';

test('TestTokenFile: users, uids and groups, quoted or not, extra columns ignored', async () => {
  const { users } = parseTokenFile(
    `
token1,user1,uid1
token2,user2,uid2
token3,user3,uid3,"group1,group2"
token4,user4,uid4,"group2"
token5,user5,uid5,group5
token6,user6,uid6,group5,otherdata
token7,user7,uid7,"group1,group2",otherdata
`,
    FILE,
  );
  const auth = staticTokenAuthenticator(users);
  const expected: [string, string, string, string[]][] = [
    ['token1', 'user1', 'uid1', []],
    ['token2', 'user2', 'uid2', []],
    ['token3', 'user3', 'uid3', ['group1', 'group2']],
    ['token4', 'user4', 'uid4', ['group2']],
    ['token5', 'user5', 'uid5', ['group5']],
    ['token6', 'user6', 'uid6', ['group5']],
    ['token7', 'user7', 'uid7', ['group1', 'group2']],
  ];
  for (const [token, username, uid, groups] of expected) {
    assert.deepEqual(await auth.authenticateToken(token), {
      ok: true,
      user: { username, uid, groups },
    });
  }
  assert.equal(await auth.authenticateToken('token8'), undefined);
});

test('TestBadTokenFile / TestInsufficientColumnsTokenFile: fewer than 3 columns', () => {
  assert.throws(
    () => parseTokenFile('\ntoken1,user1,uid1\ntoken2,user2,uid2\ntoken3,user3\ntoken4\n', FILE),
    {
      message:
        "token file 'tokens.csv' must have at least 3 columns (token, user name, user uid), found 2",
    },
  );
  assert.throws(() => parseTokenFile('token4\n', FILE), {
    message:
      "token file 'tokens.csv' must have at least 3 columns (token, user name, user uid), found 1",
  });
});

test('TestEmptyTokenTokenFile: an empty token is skipped with a warning', () => {
  const file = parseTokenFile(',user5,uid5\n', FILE);
  assert.equal(file.users.size, 0);
  assert.deepEqual(file.warnings, [
    "empty token has been found in token file 'tokens.csv', record number '1'",
  ]);
});

test('a duplicate token: the last record wins, with upstream warning', async () => {
  const file = parseTokenFile('t,alice,1\nt,bob,2\n', FILE);
  assert.deepEqual(file.warnings, [
    "duplicate token has been found in token file 'tokens.csv', record number '2'",
  ]);
  const result = await staticTokenAuthenticator(file.users).authenticateToken('t');
  assert.equal(result?.ok && result.user.username, 'bob');
});

test('Go CSV quoting: escaped quotes, a group with a comma, CRLF, an empty groups column', () => {
  const { users } = parseTokenFile('t1,"al""ice",u1,"a,b"\r\nt2,bob,u2,""\r\n', FILE);
  assert.deepEqual(users.get('t1'), { username: 'al"ice', uid: 'u1', groups: ['a', 'b'] });
  // strings.Split("", ",") is [""]: upstream keeps one empty group name.
  assert.deepEqual(users.get('t2'), { username: 'bob', uid: 'u2', groups: [''] });
});

test('malformed CSV: Go encoding/csv ParseError text', () => {
  assert.throws(() => parseTokenFile('t1,al"ice,u1\n', FILE), {
    message: 'parse error on line 1, column 6: bare " in non-quoted-field',
  });
  assert.throws(() => parseTokenFile('t1,alice,u1,"a,b\n', FILE), {
    message: 'parse error on line 1, column 18: extraneous or missing " in quoted-field',
  });
});

test('readTokenFile reads from disk', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'token-file-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const path = join(dir, 'tokens.csv');
  await writeFile(path, 'secret,alice,uid-a,"team-a,dev"\n');
  const { users } = await readTokenFile(path);
  assert.deepEqual(users.get('secret'), {
    username: 'alice',
    uid: 'uid-a',
    groups: ['team-a', 'dev'],
  });
});
