/**
 * ServiceAccount tokens as kube-apiserver verifies them: pkg/serviceaccount/jwt.go
 * (jwtTokenAuthenticator.AuthenticateToken) and claims.go (validator.Validate).
 *
 * A token is this authenticator's only when it is a compact JWS whose (unverified) `iss` is the
 * cluster's issuer; anything else is left to the next authenticator. An own token then fails,
 * with upstream's error texts, when its signature does not verify, its audiences miss the wanted
 * ones, it has expired (exp + 60 s leeway), is not valid yet or was issued in the future, its
 * ServiceAccount is gone, recreated (another uid) or deleted, or an object it is bound to (pod,
 * secret, node) is gone or was recreated. Otherwise it is `system:serviceaccount:NS:NAME`.
 */
import { compactVerify, decodeProtectedHeader } from 'jose';
import type { KubeObject } from '../../core/types';
import { goQuoteList } from '../rbac/go-format';
import type { TokenAuthenticator } from '../tokens/token-authenticator';
import { serviceAccountUser, type ServiceAccountInfo } from './names';
import type { SigningKey } from './signing-key';
import type { ServiceAccountClaims } from './tokens';

/** Reads the objects a token refers to (ServiceAccountTokenGetter). */
export interface ServiceAccountTokenGetter {
  getServiceAccount(namespace: string, name: string): KubeObject | undefined;
  getPod(namespace: string, name: string): KubeObject | undefined;
  getSecret(namespace: string, name: string): KubeObject | undefined;
  getNode(name: string): KubeObject | undefined;
}

export interface ServiceAccountAuthenticatorOptions {
  issuer: string;
  /** The apiserver's audiences (`--api-audiences`, the issuer by default). */
  apiAudiences: readonly string[];
  keys: readonly SigningKey[];
  getter: ServiceAccountTokenGetter;
  minorVersion: number;
  now?: () => Date;
}

/** go-jose's jwt.DefaultLeeway. */
const LEEWAY_SECONDS = 60;
const INVALIDATED = 'service account token has been invalidated';
/** go-jose's ErrCryptoFailure, what a signature that does not verify reports. */
const CRYPTO_FAILURE = 'go-jose/go-jose: error in cryptographic primitive';

type Claims = Partial<Omit<ServiceAccountClaims, 'aud'>> & { aud?: string | string[] };

/** hasCorrectIssuer: the unverified payload's `iss`, when the token is shaped like a JWS. */
function unverifiedIssuer(token: string): string | undefined {
  if (token.trim().startsWith('{')) return undefined;
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const payload: unknown = JSON.parse(Buffer.from(parts[1] ?? '', 'base64url').toString('utf8'));
    const iss = (payload as { iss?: unknown } | null)?.iss;
    return typeof iss === 'string' ? iss : undefined;
  } catch {
    return undefined;
  }
}

function uidOf(object: KubeObject): string {
  return typeof object.metadata.uid === 'string' ? object.metadata.uid : '';
}

/** Deleted before now minus the leeway (a deletionTimestamp has whole-second precision). */
function deletedBefore(object: KubeObject, nowSeconds: number): boolean {
  const stamp = object.metadata.deletionTimestamp;
  if (typeof stamp !== 'string') return false;
  return Date.parse(stamp) / 1000 < nowSeconds - LEEWAY_SECONDS;
}

function timeError(claims: Claims, now: number): string | undefined {
  if (typeof claims.exp === 'number' && now - LEEWAY_SECONDS > claims.exp) {
    return 'service account token has expired';
  }
  if (typeof claims.nbf === 'number' && now + LEEWAY_SECONDS < claims.nbf) {
    return 'service account token is not valid yet';
  }
  if (typeof claims.iat === 'number' && now + LEEWAY_SECONDS < claims.iat) {
    return 'service account token is issued in the future';
  }
  return undefined;
}

/** validator.Validate: the ServiceAccount info of verified claims, or the reason they fail. */
function validate(
  claims: Claims,
  options: ServiceAccountAuthenticatorOptions,
  now: number,
): ServiceAccountInfo | string {
  const timing = timeError(claims, now);
  if (timing) return timing;
  const k8s = claims['kubernetes.io'];
  const namespace = k8s?.namespace ?? '';
  const saRef = k8s?.serviceaccount ?? { name: '', uid: '' };
  const { getter } = options;
  const sa = getter.getServiceAccount(namespace, saRef.name);
  if (!sa) return `serviceaccounts "${saRef.name}" not found`;
  if (uidOf(sa) !== saRef.uid) {
    return `service account UID (${uidOf(sa)}) does not match claim (${saRef.uid})`;
  }
  if (deletedBefore(sa, now)) return `service account ${namespace}/${saRef.name} has been deleted`;
  const info: ServiceAccountInfo = { namespace, name: saRef.name, uid: saRef.uid };
  if (k8s?.secret) {
    const secret = getter.getSecret(namespace, k8s.secret.name);
    if (!secret) return INVALIDATED;
    if (uidOf(secret) !== k8s.secret.uid) {
      return `secret UID (${uidOf(secret)}) does not match service account secret ref claim (${k8s.secret.uid})`;
    }
    if (deletedBefore(secret, now)) return INVALIDATED;
  }
  if (k8s?.pod) {
    const pod = getter.getPod(namespace, k8s.pod.name);
    if (!pod) return INVALIDATED;
    if (uidOf(pod) !== k8s.pod.uid) {
      return `pod UID (${uidOf(pod)}) does not match service account pod ref claim (${k8s.pod.uid})`;
    }
    if (deletedBefore(pod, now)) return INVALIDATED;
    info.podName = k8s.pod.name;
    info.podUID = k8s.pod.uid;
  }
  if (k8s?.node) {
    if (k8s.pod) {
      if (options.minorVersion >= 30) {
        info.nodeName = k8s.node.name;
        if (k8s.node.uid) info.nodeUID = k8s.node.uid;
      }
    } else {
      if (options.minorVersion < 30) {
        return 'token is bound to a Node object but the ServiceAccountTokenNodeBindingValidation feature gate is disabled';
      }
      const node = getter.getNode(k8s.node.name);
      if (!node) return INVALIDATED;
      if (uidOf(node) !== (k8s.node.uid ?? '')) {
        return `node UID (${uidOf(node)}) does not match service account node ref claim (${k8s.node.uid ?? ''})`;
      }
      if (deletedBefore(node, now)) return INVALIDATED;
      info.nodeName = k8s.node.name;
      if (k8s.node.uid) info.nodeUID = k8s.node.uid;
    }
  }
  if (options.minorVersion >= 30 && typeof claims.jti === 'string' && claims.jti) {
    info.credentialID = `JTI=${claims.jti}`;
  }
  return info;
}

async function verifiedClaims(
  token: string,
  keys: readonly SigningKey[],
): Promise<Claims | { error: string } | undefined> {
  let kid: string | undefined;
  try {
    kid = decodeProtectedHeader(token).kid;
  } catch {
    return undefined; // not a JWS at all (jwt.ParseSigned fails): not ours
  }
  const candidates = kid ? keys.filter((key) => key.keyId === kid) : keys;
  if (candidates.length === 0) return { error: 'invalid signature, no keys found' };
  for (const key of candidates) {
    try {
      const { payload } = await compactVerify(token, key.publicKey);
      return JSON.parse(new TextDecoder().decode(payload)) as Claims;
    } catch {
      // try the next key (key rotation); all failing is a crypto failure
    }
  }
  return { error: CRYPTO_FAILURE };
}

export function serviceAccountTokenAuthenticator(
  options: ServiceAccountAuthenticatorOptions,
): TokenAuthenticator {
  const now = options.now ?? (() => new Date());
  return {
    async authenticateToken(token, audiences) {
      if (unverifiedIssuer(token) !== options.issuer) return undefined;
      const claims = await verifiedClaims(token, options.keys);
      if (!claims) return undefined;
      if ('error' in claims) return { ok: false, error: claims.error };
      if (claims.iss !== options.issuer) {
        return { ok: false, error: `token issuer "${String(claims.iss)}" is invalid` };
      }
      const tokenAudiences =
        claims.aud === undefined ? [] : Array.isArray(claims.aud) ? claims.aud : [claims.aud];
      const effective = tokenAudiences.length ? tokenAudiences : [...options.apiAudiences];
      const wanted = audiences ?? options.apiAudiences;
      const shared = effective.filter((a) => wanted.includes(a));
      if (shared.length === 0 && options.apiAudiences.length !== 0) {
        return {
          ok: false,
          error: `token audiences ${goQuoteList(effective)} is invalid for the target audiences ${goQuoteList(wanted)}`,
        };
      }
      const info = validate(claims, options, Math.floor(now().getTime() / 1000));
      if (typeof info === 'string') return { ok: false, error: info };
      return { ok: true, user: serviceAccountUser(info), audiences: shared };
    },
  };
}
