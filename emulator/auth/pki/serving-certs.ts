/**
 * The embedded cluster's TLS material: a CA and a serving certificate for the addresses clients
 * dial (127.0.0.1, ::1, localhost, the bound host) plus the in-cluster names of the `kubernetes`
 * Service, as kube-apiserver's self-signed fallback makes them
 * (staging/src/k8s.io/apiserver/pkg/server/options/serving.go MaybeDefaultWithSelfSignedCerts).
 *
 * Contract:
 * - Without a directory, fresh material is made for this process only.
 * - With `certDir` (kube-apiserver's `--cert-dir`), the material lives in DIR under upstream's
 *   and kubeadm's names — `ca.crt`/`ca.key` and `apiserver.crt` (the serving certificate
 *   followed by the CA, as upstream writes it)/`apiserver.key` — and is reused on the next
 *   start, so clients that trust the CA keep trusting a restarted cluster.
 * - A CA in DIR is never replaced: a CA that cannot be read, whose key does not match, or that
 *   has expired is an error for a person to resolve. A serving certificate that is missing,
 *   expired, not issued by that CA or not valid for a requested host is re-issued from the CA.
 */
// @peculiar/x509 2.x resolves its algorithms through tsyringe, which needs a Reflect metadata
// polyfill loaded before it (the library's README asks for exactly this import).
import 'reflect-metadata';
import { X509Certificate, randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import {
  EC_SIGNING_ALGORITHM,
  certificatePem,
  generateKeyPair,
  importKeyPair,
  pemBlocks,
  privateKeyPem,
  readIfPresent,
  writePrivateFile,
} from './key-files';

x509.cryptoProvider.set(globalThis.crypto);

export interface ServingCertificates {
  /** PEM of the CA clients trust (the kubeconfig's `certificate-authority-data`). */
  caCertificate: string;
  /** PEM chain the server presents: the serving certificate, then the CA. */
  certificateChain: string;
  /** PKCS#8 PEM private key of the serving certificate. */
  privateKey: string;
}

export interface ServingCertificateOptions {
  /** Keep and reuse the material here (`--cert-dir`). */
  certDir?: string;
  /** Extra hosts (IP addresses or DNS names) the serving certificate must be valid for. */
  hosts?: string[];
  /** The clock (tests). */
  now?: () => Date;
}

export const CERT_FILES = {
  caCertificate: 'ca.crt',
  caKey: 'ca.key',
  certificate: 'apiserver.crt',
  key: 'apiserver.key',
} as const;

const DAY_MS = 24 * 60 * 60 * 1000;
const CA_VALIDITY_MS = 10 * 365 * DAY_MS;
const SERVING_VALIDITY_MS = 365 * DAY_MS;
/** Upstream backdates self-signed certificates by an hour against clock skew. */
const BACKDATE_MS = 60 * 60 * 1000;

/**
 * Always covered: loopback by address and name, and the names and ClusterIP of the `kubernetes`
 * Service in the embedded cluster (10.96.0.1 is data: nothing dials it).
 */
const DEFAULT_HOSTS = [
  '127.0.0.1',
  '::1',
  'localhost',
  'kubernetes',
  'kubernetes.default',
  'kubernetes.default.svc',
  'kubernetes.default.svc.cluster.local',
  '10.96.0.1',
];

interface CertificateAuthority {
  certificate: string;
  keys: CryptoKeyPair;
}

function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f; // positive, as RFC 5280 requires
  return bytes.toString('hex');
}

function wantedHosts(options: ServingCertificateOptions): string[] {
  const extra = (options.hosts ?? []).filter((h) => h && h !== '0.0.0.0' && h !== '::');
  return [...new Set([...DEFAULT_HOSTS, ...extra])];
}

async function createAuthority(now: Date): Promise<CertificateAuthority> {
  const keys = await generateKeyPair();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialNumber(),
    name: `CN=switchboard-ca@${Math.floor(now.getTime() / 1000)}`,
    notBefore: new Date(now.getTime() - BACKDATE_MS),
    notAfter: new Date(now.getTime() + CA_VALIDITY_MS),
    signingAlgorithm: EC_SIGNING_ALGORITHM,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign |
          x509.KeyUsageFlags.cRLSign |
          x509.KeyUsageFlags.digitalSignature,
        true,
      ),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certificate: certificatePem(certificate.rawData), keys };
}

async function issueServingCertificate(
  authority: CertificateAuthority,
  hosts: string[],
  now: Date,
): Promise<{ certificate: string; privateKey: string }> {
  const keys = await generateKeyPair();
  const issuer = new x509.X509Certificate(authority.certificate);
  const names = hosts.map((host) =>
    isIP(host) ? { type: 'ip' as const, value: host } : { type: 'dns' as const, value: host },
  );
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: serialNumber(),
    subject: 'CN=kube-apiserver',
    issuer: issuer.subject,
    notBefore: new Date(now.getTime() - BACKDATE_MS),
    notAfter: new Date(now.getTime() + SERVING_VALIDITY_MS),
    signingAlgorithm: EC_SIGNING_ALGORITHM,
    publicKey: keys.publicKey,
    signingKey: authority.keys.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
        true,
      ),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(names),
      await x509.AuthorityKeyIdentifierExtension.create(authority.keys.publicKey),
    ],
  });
  return {
    certificate: certificatePem(certificate.rawData),
    privateKey: await privateKeyPem(keys.privateKey),
  };
}

function coversHost(certificate: X509Certificate, host: string): boolean {
  return isIP(host)
    ? certificate.checkIP(host) !== undefined
    : certificate.checkHost(host) !== undefined;
}

async function loadAuthority(dir: string, now: Date): Promise<CertificateAuthority | undefined> {
  const certPath = join(dir, CERT_FILES.caCertificate);
  const keyPath = join(dir, CERT_FILES.caKey);
  const [certificate, key] = await Promise.all([readIfPresent(certPath), readIfPresent(keyPath)]);
  if (certificate === undefined && key === undefined) return undefined;
  if (certificate === undefined || key === undefined) {
    throw new Error(
      `${dir}: found only one of ${CERT_FILES.caCertificate} and ${CERT_FILES.caKey}; ` +
        'restore the other or remove both to make a new CA',
    );
  }
  let parsed: X509Certificate;
  let keys: CryptoKeyPair;
  try {
    parsed = new X509Certificate(certificate);
    keys = await importKeyPair(key);
  } catch (error) {
    throw new Error(`${dir}: cannot read the CA: ${(error as Error).message}`);
  }
  const publicKey = await globalThis.crypto.subtle.exportKey('spki', keys.publicKey);
  const certificateKey = parsed.publicKey.export({ type: 'spki', format: 'der' });
  if (!Buffer.from(publicKey).equals(certificateKey)) {
    throw new Error(`${dir}: ${CERT_FILES.caKey} is not the key of ${CERT_FILES.caCertificate}`);
  }
  if (new Date(parsed.validTo).getTime() <= now.getTime()) {
    throw new Error(`${dir}: the CA in ${CERT_FILES.caCertificate} expired on ${parsed.validTo}`);
  }
  return { certificate, keys };
}

async function reusableServingPair(
  dir: string,
  authority: CertificateAuthority,
  hosts: string[],
  now: Date,
): Promise<{ certificate: string; privateKey: string } | undefined> {
  const [chain, privateKey] = await Promise.all([
    readIfPresent(join(dir, CERT_FILES.certificate)),
    readIfPresent(join(dir, CERT_FILES.key)),
  ]);
  if (chain === undefined || privateKey === undefined) return undefined;
  try {
    const [leafDer] = pemBlocks(chain, 'CERTIFICATE');
    if (!leafDer) return undefined;
    const leaf = new X509Certificate(leafDer);
    const ca = new X509Certificate(authority.certificate);
    if (!leaf.checkIssued(ca) || !leaf.verify(ca.publicKey)) return undefined;
    if (new Date(leaf.validTo).getTime() <= now.getTime()) return undefined;
    if (!hosts.every((host) => coversHost(leaf, host))) return undefined;
    const keys = await importKeyPair(privateKey);
    const publicKey = await globalThis.crypto.subtle.exportKey('spki', keys.publicKey);
    if (!Buffer.from(publicKey).equals(leaf.publicKey.export({ type: 'spki', format: 'der' }))) {
      return undefined;
    }
    return { certificate: certificatePem(leafDer), privateKey };
  } catch {
    return undefined;
  }
}

/** The CA and serving certificate for this start, made or reused as the header describes. */
export async function loadOrCreateServingCertificates(
  options: ServingCertificateOptions = {},
): Promise<ServingCertificates> {
  const now = (options.now ?? (() => new Date()))();
  const hosts = wantedHosts(options);
  const dir = options.certDir;
  let authority = dir ? await loadAuthority(dir, now) : undefined;
  if (!authority) {
    authority = await createAuthority(now);
    if (dir) {
      await writePrivateFile(
        join(dir, CERT_FILES.caKey),
        await privateKeyPem(authority.keys.privateKey),
      );
      await writePrivateFile(join(dir, CERT_FILES.caCertificate), authority.certificate);
    }
  }
  let serving = dir ? await reusableServingPair(dir, authority, hosts, now) : undefined;
  if (!serving) {
    serving = await issueServingCertificate(authority, hosts, now);
    if (dir) {
      await writePrivateFile(join(dir, CERT_FILES.key), serving.privateKey);
      await writePrivateFile(
        join(dir, CERT_FILES.certificate),
        serving.certificate + authority.certificate,
      );
    }
  }
  return {
    caCertificate: authority.certificate,
    certificateChain: serving.certificate + authority.certificate,
    privateKey: serving.privateKey,
  };
}
