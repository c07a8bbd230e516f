/**
 * The authentication API's writes as resources of the chain, both create-only (any other method
 * gets 405) and answered 201 as upstream's registries do:
 * - TokenRequest, `POST /api/v1/namespaces/NS/serviceaccounts/NAME/token` (`kubectl create
 *   token`): a signed ServiceAccount JWT from emulator/auth/serviceaccount/token-request.ts;
 * - TokenReview, `POST /apis/authentication.k8s.io/v1/tokenreviews`: the token run through the
 *   cluster's own request authenticator (emulator/auth/token-review.ts).
 * Bodies are JSON or, as client-go's typed clients send them, protobuf (emulator/api/protobuf).
 * Authorization happened before (create on `serviceaccounts/token` or `tokenreviews`).
 */
import { decodeAuthenticationRequest } from '../api/protobuf';
import { createTokenRequest, type TokenRequestContext } from '../auth/serviceaccount/token-request';
import { reviewToken } from '../auth/token-review';
import type { RequestAuthenticator } from '../auth/tokens/token-authenticator';
import { methodNotAllowed } from '../core/errors';
import type { RequestInfo } from './request-info';
import { jsonResponse } from './responses';
import { decodeReviewBody } from './review-body';

export interface AuthenticationEndpointsContext {
  tokenRequest: TokenRequestContext;
  /** The cluster's request authenticator (TokenReview asks it). */
  authenticator: RequestAuthenticator;
}

type Endpoint = 'TokenRequest' | 'TokenReview';

function endpointOf(info: RequestInfo): Endpoint | undefined {
  if (!info.isResourceRequest) return undefined;
  if (
    info.apiGroup === '' &&
    info.apiVersion === 'v1' &&
    info.resource === 'serviceaccounts' &&
    info.subresource === 'token' &&
    info.parts.length === 3
  ) {
    return 'TokenRequest';
  }
  if (
    info.apiGroup === 'authentication.k8s.io' &&
    info.apiVersion === 'v1' &&
    info.resource === 'tokenreviews' &&
    info.namespace === '' &&
    info.parts.length === 1
  ) {
    return 'TokenReview';
  }
  return undefined;
}

/** Answers a TokenRequest or TokenReview, or undefined when the request is neither. */
export async function serveAuthenticationEndpoint(
  ctx: AuthenticationEndpointsContext,
  request: Request,
  info: RequestInfo,
): Promise<Response | undefined> {
  const endpoint = endpointOf(info);
  if (!endpoint) return undefined;
  if (request.method.toUpperCase() !== 'POST') throw methodNotAllowed();
  const body = await decodeReviewBody(request, endpoint, (bytes) =>
    decodeAuthenticationRequest(bytes, endpoint),
  );
  if (endpoint === 'TokenReview') {
    return jsonResponse(
      201,
      await reviewToken(ctx.authenticator, ctx.tokenRequest.apiAudiences, body),
    );
  }
  const result = await createTokenRequest(ctx.tokenRequest, info.namespace, info.name, body);
  return jsonResponse(201, result.body);
}
