/**
 * Test support for token mode against the embedded cluster (a process from e2e/harness.ts):
 * ServiceAccount tokens from `kubectl create token`, and an expired one. The cluster refuses
 * TokenRequest below 10 minutes, as upstream does, so an expired token is one it issued,
 * past-dated and signed again with the cluster's own ServiceAccount key (its --cert-dir
 * `sa.key`, ES256): exactly what it would have issued that long ago.
 */
import assert from 'node:assert/strict';
import { sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { EmbeddedCluster } from '../../../e2e/harness';

export async function serviceAccountToken(
  cluster: EmbeddedCluster,
  name: string,
  duration = '1h',
): Promise<string> {
  const created = await cluster.kubectl('create', 'serviceaccount', name);
  assert.equal(created.code, 0, created.stderr);
  const minted = await cluster.kubectl('create', 'token', name, '--duration', duration);
  assert.equal(minted.code, 0, minted.stderr);
  return minted.stdout.trim();
}

/** The same token as if issued `seconds` earlier, signed with the cluster's own key. */
export function pastDated(cluster: EmbeddedCluster, token: string, seconds: number): string {
  const [header, payload] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as Record<
    string,
    number
  >;
  for (const claim of ['iat', 'nbf', 'exp']) claims[claim] = claims[claim]! - seconds;
  const body = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  const key = readFileSync(join(dirname(cluster.kubeconfig), 'pki', 'sa.key'), 'utf8');
  const signature = sign('sha256', Buffer.from(body), { key, dsaEncoding: 'ieee-p1363' });
  return `${body}.${signature.toString('base64url')}`;
}
