/**
 * Key material on disk for the embedded cluster's PKI (the serving CA and certificate, the
 * ServiceAccount signing key): ECDSA P-256 keys as PKCS#8 PEM, written owner-only and atomically
 * (a temp file renamed into place), so a cluster that crashes mid-write never leaves a half key
 * that the next start would trust.
 *
 * P-256 rather than upstream's usual RSA-2048: generation is instant (every test cluster makes
 * its own), and kube-apiserver, kubectl and Node's TLS all accept ECDSA certificates and ES256
 * ServiceAccount tokens (pkg/serviceaccount/jwt.go signerFromECDSAPrivateKey).
 */
import { randomBytes, webcrypto } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export const EC_KEY_ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;
export const EC_SIGNING_ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };

export async function generateKeyPair(): Promise<CryptoKeyPair> {
  return webcrypto.subtle.generateKey(EC_KEY_ALGORITHM, true, ['sign', 'verify']);
}

function pem(label: string, der: ArrayBuffer | Uint8Array): string {
  const base64 = Buffer.from(der instanceof Uint8Array ? der : new Uint8Array(der)).toString(
    'base64',
  );
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** Every PEM block of `label` in `text`, decoded. */
export function pemBlocks(text: string, label: string): Buffer[] {
  const pattern = new RegExp(`-----BEGIN ${label}-----([^-]+)-----END ${label}-----`, 'g');
  return [...text.matchAll(pattern)].map((m) =>
    Buffer.from((m[1] ?? '').replace(/\s+/g, ''), 'base64'),
  );
}

export async function privateKeyPem(key: CryptoKey): Promise<string> {
  return pem('PRIVATE KEY', await webcrypto.subtle.exportKey('pkcs8', key));
}

export async function publicKeyPem(key: CryptoKey): Promise<string> {
  return pem('PUBLIC KEY', await webcrypto.subtle.exportKey('spki', key));
}

export function certificatePem(der: ArrayBuffer | Uint8Array): string {
  return pem('CERTIFICATE', der);
}

/** The key pair of a PKCS#8 P-256 private key PEM (the public half is derived through JWK). */
export async function importKeyPair(privatePem: string): Promise<CryptoKeyPair> {
  const [der] = pemBlocks(privatePem, 'PRIVATE KEY');
  if (!der) throw new Error('no PKCS#8 "PRIVATE KEY" PEM block');
  const privateKey = await webcrypto.subtle.importKey('pkcs8', der, EC_KEY_ALGORITHM, true, [
    'sign',
  ]);
  const jwk = await webcrypto.subtle.exportKey('jwk', privateKey);
  const publicJwk = { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y };
  const publicKey = await webcrypto.subtle.importKey('jwk', publicJwk, EC_KEY_ALGORITHM, true, [
    'verify',
  ]);
  return { privateKey, publicKey };
}

/** The file's text, or undefined when it does not exist (any other error is thrown). */
export async function readIfPresent(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Writes owner-only next to the target and renames, so a reader never sees half a file. */
export async function writePrivateFile(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, text, { mode: 0o600 });
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
