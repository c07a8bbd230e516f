/**
 * The key that signs ServiceAccount tokens (kube-apiserver's `--service-account-signing-key-file`
 * and `--service-account-key-file`; kubeadm keeps them as `sa.key`/`sa.pub`). With a cert
 * directory the pair is kept there and reused, so tokens minted before a restart still verify
 * against a restarted cluster's key (they still need their ServiceAccount to exist with the
 * same uid); without one it lives for this process only.
 *
 * The key ID is upstream's: base64url(SHA-256(DER SubjectPublicKeyInfo))
 * (pkg/serviceaccount/jwt.go keyIDFromPublicKey).
 */
import { createHash, webcrypto } from 'node:crypto';
import { join } from 'node:path';
import {
  generateKeyPair,
  importKeyPair,
  privateKeyPem,
  publicKeyPem,
  readIfPresent,
  writePrivateFile,
} from '../pki/key-files';

export const SIGNING_KEY_FILES = { privateKey: 'sa.key', publicKey: 'sa.pub' } as const;

export interface SigningKey {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  keyId: string;
  /** JWS algorithm for the key (a P-256 key signs ES256). */
  algorithm: 'ES256';
}

async function keyId(publicKey: CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('spki', publicKey));
  return createHash('sha256').update(der).digest('base64url');
}

export async function signingKeyFrom(keys: CryptoKeyPair): Promise<SigningKey> {
  return { ...keys, keyId: await keyId(keys.publicKey), algorithm: 'ES256' };
}

export async function loadOrCreateSigningKey(certDir?: string): Promise<SigningKey> {
  const path = certDir ? join(certDir, SIGNING_KEY_FILES.privateKey) : undefined;
  const existing = path ? await readIfPresent(path) : undefined;
  if (existing !== undefined) {
    try {
      return await signingKeyFrom(await importKeyPair(existing));
    } catch (error) {
      throw new Error(
        `${path}: cannot read the ServiceAccount signing key: ${(error as Error).message}`,
      );
    }
  }
  const keys = await generateKeyPair();
  if (certDir) {
    await writePrivateFile(
      join(certDir, SIGNING_KEY_FILES.privateKey),
      await privateKeyPem(keys.privateKey),
    );
    await writePrivateFile(
      join(certDir, SIGNING_KEY_FILES.publicKey),
      await publicKeyPem(keys.publicKey),
    );
  }
  return signingKeyFrom(keys);
}
