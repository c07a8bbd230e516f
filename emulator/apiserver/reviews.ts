/**
 * The self-reviews as resources of the chain: `POST` of a SelfSubjectAccessReview or
 * SelfSubjectRulesReview (authorization.k8s.io/v1, JSON or the protobuf `kubectl auth can-i`
 * sends) and of a SelfSubjectReview (authentication.k8s.io/v1beta1, and v1 from 1.28:
 * `kubectl auth whoami`, whose body carries nothing but its kind and is not decoded). Answers are
 * 201 with the review filled in by emulator/auth/access-reviews.ts from the chain's own
 * authorizer and the authenticated user. Other methods get 405.
 */
import { decodeSelfSubjectAccessReview, decodeSelfSubjectRulesReview } from '../api/protobuf';
import {
  selfSubjectAccessReview,
  selfSubjectReview,
  selfSubjectRulesReview,
} from '../auth/access-reviews';
import { localSubjectAccessReview, subjectAccessReview } from '../auth/subject-access-reviews';
import type { Authorizer, RuleResolver, UserInfo } from '../auth/types';
import { methodNotAllowed } from '../core/errors';
import type { RequestInfo } from './request-info';
import { jsonResponse } from './responses';
import { decodeReviewBody } from './review-body';

export interface ReviewContext {
  authorizer: Authorizer;
  ruleResolver: RuleResolver;
  minorVersion: number;
}

type Review =
  | 'SelfSubjectAccessReview'
  | 'SelfSubjectRulesReview'
  | 'SelfSubjectReview'
  | 'SubjectAccessReview'
  | 'LocalSubjectAccessReview';

/** The review a request addresses, or undefined when it is no review this cluster serves. */
function reviewOf(info: RequestInfo, minorVersion: number): Review | undefined {
  if (!info.isResourceRequest || info.parts.length !== 1) return undefined;
  const { apiGroup, apiVersion, resource } = info;
  if (info.namespace !== '') {
    const local = apiGroup === 'authorization.k8s.io' && apiVersion === 'v1';
    return local && resource === 'localsubjectaccessreviews'
      ? 'LocalSubjectAccessReview'
      : undefined;
  }
  if (apiGroup === 'authorization.k8s.io' && apiVersion === 'v1') {
    if (resource === 'selfsubjectaccessreviews') return 'SelfSubjectAccessReview';
    if (resource === 'selfsubjectrulesreviews') return 'SelfSubjectRulesReview';
    if (resource === 'subjectaccessreviews') return 'SubjectAccessReview';
  }
  // Not in discovery: kubectl posts it without looking (v1beta1 since 1.27, v1 since 1.28).
  if (
    apiGroup === 'authentication.k8s.io' &&
    resource === 'selfsubjectreviews' &&
    (apiVersion === 'v1beta1' || (apiVersion === 'v1' && minorVersion >= 28))
  ) {
    return 'SelfSubjectReview';
  }
  return undefined;
}

/** Answers a self-review request, or undefined when the request is none. */
export async function serveReview(
  ctx: ReviewContext,
  request: Request,
  info: RequestInfo,
  user: UserInfo,
): Promise<Response | undefined> {
  const kind = reviewOf(info, ctx.minorVersion);
  if (!kind) return undefined;
  if (request.method.toUpperCase() !== 'POST') throw methodNotAllowed();
  if (kind === 'SelfSubjectReview') {
    return jsonResponse(201, selfSubjectReview(user, `${info.apiGroup}/${info.apiVersion}`));
  }
  const review = await decodeReviewBody(request, kind, (bytes) =>
    kind === 'SelfSubjectRulesReview'
      ? decodeSelfSubjectRulesReview(bytes)
      : decodeSelfSubjectAccessReview(bytes),
  );
  switch (kind) {
    case 'SelfSubjectAccessReview':
      return jsonResponse(201, selfSubjectAccessReview(ctx.authorizer, user, review));
    case 'SelfSubjectRulesReview':
      return jsonResponse(201, selfSubjectRulesReview(ctx.ruleResolver, user, review));
    case 'SubjectAccessReview':
      return jsonResponse(201, subjectAccessReview(ctx.authorizer, review));
    default:
      return jsonResponse(201, localSubjectAccessReview(ctx.authorizer, review, info.namespace));
  }
}
