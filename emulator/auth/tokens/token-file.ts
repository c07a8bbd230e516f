/**
 * `--token-auth-file FILE`: static bearer tokens in kube-apiserver's CSV format
 * (staging/src/k8s.io/apiserver/pkg/authentication/token/tokenfile/tokenfile.go NewCSV):
 *
 *   token,user,uid,"group1,group2"
 *
 * Read with Go's CSV rules (./go-csv.ts): at least three columns per record (a record with
 * fewer is an error naming the file and the count), a fourth column split on commas into the
 * groups (no trimming; further columns ignored), records with an empty token skipped, and a
 * repeated token's last record winning — each as upstream, which only logs the last two.
 */
import { readFile } from 'node:fs/promises';
import type { UserInfo } from '../types';
import { readAllRecords } from './go-csv';
import type { TokenAuthenticator } from './token-authenticator';

export interface TokenFile {
  users: ReadonlyMap<string, UserInfo>;
  /** What upstream logs as warnings (empty and duplicate tokens), for the CLI to print. */
  warnings: string[];
}

/** Parses a token file's contents; `path` names it in errors and warnings. */
export function parseTokenFile(contents: Buffer | string, path: string): TokenFile {
  const users = new Map<string, UserInfo>();
  const warnings: string[] = [];
  let recordNumber = 0;
  for (const record of readAllRecords(contents)) {
    if (record.length < 3) {
      throw new Error(
        `token file '${path}' must have at least 3 columns (token, user name, user uid), found ${record.length}`,
      );
    }
    recordNumber++;
    const [token = '', username = '', uid = '', groups] = record;
    if (token === '') {
      warnings.push(
        `empty token has been found in token file '${path}', record number '${recordNumber}'`,
      );
      continue;
    }
    if (users.has(token)) {
      warnings.push(
        `duplicate token has been found in token file '${path}', record number '${recordNumber}'`,
      );
    }
    const user: UserInfo = { username, uid, groups: groups === undefined ? [] : groups.split(',') };
    users.set(token, user);
  }
  return { users, warnings };
}

export async function readTokenFile(path: string): Promise<TokenFile> {
  return parseTokenFile(await readFile(path), path);
}

/** tokenfile.TokenAuthenticator: a known token is its user, any other token is not its own. */
export function staticTokenAuthenticator(users: ReadonlyMap<string, UserInfo>): TokenAuthenticator {
  return {
    authenticateToken(token) {
      const user = users.get(token);
      if (!user) return undefined;
      return {
        ok: true,
        user: { ...user, groups: [...user.groups], ...(user.extra ? { extra: user.extra } : {}) },
      };
    },
  };
}
