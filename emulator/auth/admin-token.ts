/**
 * The cluster admin's bearer token (the kubeconfig's user, `kubernetes-admin` in
 * `system:masters`): random for each start, or — with `--cert-dir` — kept in DIR as `admin.token`
 * and reused, so a restarted cluster keeps both its CA and its admin credential and a kubeconfig
 * written for an earlier run keeps working, as kubeadm's admin.conf does across restarts of a
 * real control plane.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { readIfPresent, writePrivateFile } from './pki/key-files';

export const ADMIN_TOKEN_FILE = 'admin.token';

export async function loadOrCreateAdminToken(certDir?: string): Promise<string> {
  const path = certDir ? join(certDir, ADMIN_TOKEN_FILE) : undefined;
  const existing = path ? (await readIfPresent(path))?.trim() : undefined;
  if (existing) return existing;
  const token = randomBytes(24).toString('hex');
  if (path) await writePrivateFile(path, `${token}\n`);
  return token;
}
