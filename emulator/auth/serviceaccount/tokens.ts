/**
 * Minting ServiceAccount tokens: the claims of pkg/serviceaccount/claims.go Claims, signed as
 * pkg/serviceaccount/jwt.go's generator signs them (a compact JWS whose header names the key,
 * `{"alg":"ES256","kid":…}`).
 *
 * The payload is written with its keys in sorted order at every level, which is what go-jose
 * produces (it merges the claim sets into Go maps, and Go encodes maps sorted):
 *
 *   {"aud":[…],"exp":…,"iat":…,"iss":"https://kubernetes.default.svc.cluster.local","jti":"…",
 *    "kubernetes.io":{"namespace":"ns","node":{…},"pod":{…},"serviceaccount":{"name":"sa","uid":"…"}},
 *    "nbf":…,"sub":"system:serviceaccount:ns:sa"}
 *
 * `jti` is set from Kubernetes 1.30 (ServiceAccountTokenJTI on by default); the pod's node is
 * named from 1.30 (ServiceAccountTokenPodNodeInfo).
 */
import { randomUUID } from 'node:crypto';
import { CompactSign } from 'jose';
import { serviceAccountUsername } from '../rbac/subjects';
import type { SigningKey } from './signing-key';

/** kube-apiserver's `--service-account-issuer` as kubeadm and kind set it; also its API audience. */
export const DEFAULT_ISSUER = 'https://kubernetes.default.svc.cluster.local';

export interface ObjectRef {
  name: string;
  uid: string;
}

export interface TokenSubject {
  namespace: string;
  name: string;
  uid: string;
}

export interface BoundObjects {
  pod?: ObjectRef;
  secret?: ObjectRef;
  /** A bound Node, or the node of a bound pod (its uid is absent when the Node is gone). */
  node?: { name: string; uid?: string };
}

export interface ClaimsInput {
  serviceAccount: TokenSubject;
  bound?: BoundObjects;
  audiences: readonly string[];
  expirationSeconds: number;
  now: Date;
  /** A token id (`jti`), or undefined where the Kubernetes version sets none. */
  id?: string;
}

export interface ServiceAccountClaims {
  aud: string[];
  exp: number;
  iat: number;
  iss: string;
  jti?: string;
  'kubernetes.io': {
    namespace: string;
    node?: { name: string; uid?: string };
    pod?: ObjectRef;
    secret?: ObjectRef;
    serviceaccount: ObjectRef;
  };
  nbf: number;
  sub: string;
}

/** Whether tokens minted for this minor version carry a `jti` (and the credential id it gives). */
export function mintsTokenIds(minorVersion: number): boolean {
  return minorVersion >= 30;
}

export function newTokenId(): string {
  return randomUUID();
}

function ref(object: { name: string; uid?: string }): { name: string; uid?: string } {
  return object.uid ? { name: object.name, uid: object.uid } : { name: object.name };
}

/** The claims of a token for `serviceAccount`, issued by `issuer` (keys in go-jose's order). */
export function serviceAccountClaims(issuer: string, input: ClaimsInput): ServiceAccountClaims {
  const now = Math.floor(input.now.getTime() / 1000);
  const { serviceAccount: sa, bound = {} } = input;
  const kubernetes: ServiceAccountClaims['kubernetes.io'] = {
    namespace: sa.namespace,
    ...(bound.node ? { node: ref(bound.node) } : {}),
    ...(bound.pod ? { pod: { name: bound.pod.name, uid: bound.pod.uid } } : {}),
    ...(bound.secret ? { secret: { name: bound.secret.name, uid: bound.secret.uid } } : {}),
    serviceaccount: { name: sa.name, uid: sa.uid },
  };
  return {
    aud: [...input.audiences],
    exp: now + input.expirationSeconds,
    iat: now,
    iss: issuer,
    ...(input.id ? { jti: input.id } : {}),
    'kubernetes.io': kubernetes,
    nbf: now,
    sub: serviceAccountUsername(sa.namespace, sa.name),
  };
}

/** Signs any claim set with the ServiceAccount key (tests sign past-dated or odd claims too). */
export async function signClaims(key: SigningKey, claims: object): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(claims)))
    .setProtectedHeader({ alg: key.algorithm, kid: key.keyId })
    .sign(key.privateKey);
}
