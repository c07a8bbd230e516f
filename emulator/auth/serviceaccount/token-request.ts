/**
 * TokenRequest: `POST /api/v1/namespaces/NS/serviceaccounts/NAME/token` (`kubectl create token`),
 * as pkg/registry/core/serviceaccount/storage/token.go answers it, with the defaults of
 * authentication.k8s.io/v1 (expirationSeconds 3600) and pkg/apis/authentication/validation
 * (at least 600 seconds, at most 2^32).
 *
 * The answer is the request with `metadata.name`/`namespace`/`creationTimestamp`, the defaulted
 * spec (audiences default to the apiserver's) and `status.token`/`expirationTimestamp`. A
 * `boundObjectRef` (Pod, Secret, or Node from 1.31) must name an existing object — with the same
 * uid when one is given, and for a pod one that runs as this ServiceAccount; the token then stops
 * working when that object goes.
 */
import { ApiError, badRequest, conflict, fieldInvalid, invalid, notFound } from '../../core/errors';
import { timestamp } from '../../core/time';
import type { KubeObject } from '../../core/types';
import type { SigningKey } from './signing-key';
import type { ServiceAccountTokenGetter } from './token-authenticator';
import {
  mintsTokenIds,
  newTokenId,
  serviceAccountClaims,
  signClaims,
  type BoundObjects,
} from './tokens';

export const TOKEN_REQUEST_API_VERSION = 'authentication.k8s.io/v1';
const DEFAULT_EXPIRATION_SECONDS = 60 * 60;
const MIN_EXPIRATION_SECONDS = 10 * 60;
const MAX_EXPIRATION_SECONDS = 2 ** 32;
/** Audit annotation naming the credential a TokenRequest issued. */
export const ISSUED_CREDENTIAL_ID_ANNOTATION = 'authentication.kubernetes.io/issued-credential-id';

export interface TokenRequestContext {
  issuer: string;
  apiAudiences: readonly string[];
  key: SigningKey;
  getter: ServiceAccountTokenGetter;
  minorVersion: number;
  now?: () => Date;
}

export interface TokenRequestResult {
  body: Record<string, unknown>;
  /** Audit annotations the request adds (the issued credential's id). */
  auditAnnotations: Record<string, string>;
}

interface BoundObjectReference {
  kind?: string;
  apiVersion?: string;
  name?: string;
  uid?: string;
}

function uidOf(object: KubeObject): string {
  return typeof object.metadata.uid === 'string' ? object.metadata.uid : '';
}

function groupOf(apiVersion: string | undefined): { group: string; version: string } {
  const value = apiVersion ?? '';
  const slash = value.indexOf('/');
  return slash < 0
    ? { group: '', version: value }
    : { group: value.slice(0, slash), version: value.slice(slash + 1) };
}

function expirationOf(spec: Record<string, unknown>): number {
  const value = spec.expirationSeconds;
  if (value === undefined || value === null) return DEFAULT_EXPIRATION_SECONDS;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw badRequest(
      `TokenRequest in version "v1" cannot be handled as a TokenRequest: json: cannot unmarshal ${typeof value} into Go struct field TokenRequestSpec.spec.expirationSeconds of type int64`,
    );
  }
  return value;
}

function bindTo(
  ctx: TokenRequestContext,
  namespace: string,
  serviceAccount: string,
  ref: BoundObjectReference,
): BoundObjects {
  const { group, version } = groupOf(ref.apiVersion);
  const name = ref.name ?? '';
  let object: KubeObject | undefined;
  const bound: BoundObjects = {};
  if (group === '' && ref.kind === 'Pod') {
    object = ctx.getter.getPod(namespace, name);
    if (!object) throw notFound('pods', '', name);
    const spec = (object.spec ?? {}) as { serviceAccountName?: string; nodeName?: string };
    if ((spec.serviceAccountName ?? '') !== serviceAccount) {
      throw badRequest(
        `cannot bind token for serviceaccount "${serviceAccount}" to pod running with different serviceaccount name.`,
      );
    }
    bound.pod = { name, uid: uidOf(object) };
    if (ctx.minorVersion >= 30 && spec.nodeName) {
      const node = ctx.getter.getNode(spec.nodeName);
      bound.node = node ? { name: spec.nodeName, uid: uidOf(node) } : { name: spec.nodeName };
    }
  } else if (group === '' && ref.kind === 'Node') {
    if (ctx.minorVersion < 31) {
      throw badRequest(
        'cannot bind token to a Node object as the "ServiceAccountTokenNodeBinding" feature-gate is disabled',
      );
    }
    object = ctx.getter.getNode(name);
    if (!object) throw notFound('nodes', '', name);
    bound.node = { name, uid: uidOf(object) };
  } else if (group === '' && ref.kind === 'Secret') {
    object = ctx.getter.getSecret(namespace, name);
    if (!object) throw notFound('secrets', '', name);
    bound.secret = { name, uid: uidOf(object) };
  } else {
    throw badRequest(
      `cannot bind token to object of type ${group}/${version}, Kind=${ref.kind ?? ''}`,
    );
  }
  if (ref.uid && ref.uid !== uidOf(object)) {
    throw conflict(
      ref.kind ?? '',
      group,
      name,
      `the UID in the bound object reference (${ref.uid}) does not match the UID in record. The object might have been deleted and then recreated`,
    );
  }
  return bound;
}

export async function createTokenRequest(
  ctx: TokenRequestContext,
  namespace: string,
  name: string,
  requestBody: unknown,
): Promise<TokenRequestResult> {
  const body = (requestBody ?? {}) as Record<string, unknown>;
  const metadata = (body.metadata ?? {}) as { name?: string; namespace?: string };
  if (metadata.name && metadata.name !== name) {
    throw invalid('TokenRequest', 'authentication.k8s.io', name, [
      fieldInvalid(
        'metadata.name',
        metadata.name,
        'must match the service account name if specified',
      ),
    ]);
  }
  if (metadata.namespace && metadata.namespace !== namespace) {
    throw invalid('TokenRequest', 'authentication.k8s.io', name, [
      fieldInvalid(
        'metadata.namespace',
        metadata.namespace,
        'must match the service account namespace if specified',
      ),
    ]);
  }
  const serviceAccount = ctx.getter.getServiceAccount(namespace, name);
  if (!serviceAccount) throw notFound('serviceaccounts', '', name);

  const spec = (body.spec ?? {}) as Record<string, unknown>;
  const requested = Array.isArray(spec.audiences) ? (spec.audiences as string[]) : [];
  const audiences = requested.length ? requested : [...ctx.apiAudiences];
  const expirationSeconds = expirationOf(spec);
  const now = (ctx.now ?? (() => new Date()))();
  if (expirationSeconds < MIN_EXPIRATION_SECONDS || expirationSeconds > MAX_EXPIRATION_SECONDS) {
    const detail =
      expirationSeconds < MIN_EXPIRATION_SECONDS
        ? 'may not specify a duration less than 10 minutes'
        : 'may not specify a duration larger than 2^32 seconds';
    throw invalid('TokenRequest', 'authentication.k8s.io', '', [
      fieldInvalid('spec.expirationSeconds', expirationSeconds, detail),
    ]);
  }
  const ref = spec.boundObjectRef as BoundObjectReference | null | undefined;
  const bound = ref ? bindTo(ctx, namespace, name, ref) : {};

  const id = mintsTokenIds(ctx.minorVersion) ? newTokenId() : undefined;
  const claims = serviceAccountClaims(ctx.issuer, {
    serviceAccount: { namespace, name, uid: uidOf(serviceAccount) },
    bound,
    audiences,
    expirationSeconds,
    now,
    id,
  });
  let token: string;
  try {
    token = await signClaims(ctx.key, claims);
  } catch (error) {
    throw new ApiError(
      500,
      'InternalError',
      `failed to generate token: ${(error as Error).message}`,
    );
  }
  const expiration = new Date(now.getTime() + expirationSeconds * 1000);
  return {
    body: {
      kind: 'TokenRequest',
      apiVersion: TOKEN_REQUEST_API_VERSION,
      metadata: { name, namespace, creationTimestamp: timestamp(now) },
      spec: { audiences, expirationSeconds, boundObjectRef: ref ?? null },
      status: { token, expirationTimestamp: timestamp(expiration) },
    },
    auditAnnotations: id ? { [ISSUED_CREDENTIAL_ID_ANNOTATION]: `JTI=${id}` } : {},
  };
}
