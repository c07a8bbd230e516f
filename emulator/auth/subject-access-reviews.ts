/**
 * SubjectAccessReview and LocalSubjectAccessReview (authorization.k8s.io/v1): "may this user do
 * this?" asked about anyone, answered from the cluster's authorizer as
 * pkg/registry/authorization/{subjectaccessreview,localsubjectaccessreview}/rest.go answer it.
 * The user is the spec's (user, groups, uid, extra), not the requester; the status carries
 * `allowed`, `denied` (only for an explicit deny), the authorizer's `reason`.
 *
 * Validation and its messages are pkg/apis/authorization/validation's: exactly one of
 * resourceAttributes and nonResourceAttributes, at least a user or a group; a local review names
 * its own namespace (the URL's) in spec.resourceAttributes.namespace and no non-resource
 * attributes.
 */
import { badRequest, fieldInvalid, invalid } from '../core/errors';
import type { FieldCause } from '../core/types';
import { attributesOf } from './access-reviews';
import type { Authorizer, UserInfo } from './types';

const GROUP = 'authorization.k8s.io';

interface ReviewSpec {
  resourceAttributes?: { namespace?: string } & Record<string, unknown>;
  nonResourceAttributes?: Record<string, unknown>;
  user?: string;
  groups?: string[];
  uid?: string;
  extra?: Record<string, string[]>;
}

function specCauses(spec: ReviewSpec): FieldCause[] {
  const causes: FieldCause[] = [];
  if (spec.resourceAttributes && spec.nonResourceAttributes) {
    causes.push(
      fieldInvalid(
        'spec.nonResourceAttributes',
        spec.nonResourceAttributes,
        'cannot be specified in combination with resourceAttributes',
      ),
    );
  }
  if (!spec.resourceAttributes && !spec.nonResourceAttributes) {
    causes.push(
      fieldInvalid(
        'spec.resourceAttributes',
        'null',
        'exactly one of nonResourceAttributes or resourceAttributes must be specified',
      ),
    );
  }
  if (!spec.user && (spec.groups ?? []).length === 0) {
    causes.push(
      fieldInvalid('spec.user', spec.user ?? '', 'at least one of user or group must be specified'),
    );
  }
  return causes;
}

function userOf(spec: ReviewSpec): UserInfo {
  const user: UserInfo = { username: spec.user ?? '', groups: spec.groups ?? [] };
  if (spec.uid) user.uid = spec.uid;
  if (spec.extra) user.extra = spec.extra;
  return user;
}

function answer(authorizer: Authorizer, review: Record<string, unknown>, spec: ReviewSpec) {
  const decision = authorizer.authorize(
    attributesOf(userOf(spec), spec as Parameters<typeof attributesOf>[1]),
  );
  const status: Record<string, unknown> = { allowed: decision.decision === 'allow' };
  if (decision.decision === 'deny') status.denied = true;
  if (decision.reason) status.reason = decision.reason;
  const metadata = { ...((review.metadata as Record<string, unknown> | undefined) ?? {}) };
  metadata.creationTimestamp ??= null;
  return { metadata, status };
}

export function subjectAccessReview(
  authorizer: Authorizer,
  review: Record<string, unknown>,
): Record<string, unknown> {
  const spec = (review.spec ?? {}) as ReviewSpec;
  const causes = specCauses(spec);
  if (causes.length > 0) throw invalid('SubjectAccessReview', GROUP, '', causes);
  const { metadata, status } = answer(authorizer, review, spec);
  return { kind: 'SubjectAccessReview', apiVersion: `${GROUP}/v1`, metadata, spec, status };
}

/** `namespace` is the URL's (…/namespaces/NS/localsubjectaccessreviews). */
export function localSubjectAccessReview(
  authorizer: Authorizer,
  review: Record<string, unknown>,
  namespace: string,
): Record<string, unknown> {
  if (!namespace) throw badRequest(`namespace is required on this type: ${namespace}`);
  const metadata = (review.metadata ?? {}) as Record<string, unknown>;
  const objectNamespace = typeof metadata.namespace === 'string' ? metadata.namespace : '';
  if (objectNamespace && objectNamespace !== namespace) {
    throw badRequest(
      'the namespace of the provided object does not match the namespace sent on the request',
    );
  }
  const withNamespace = { ...review, metadata: { ...metadata, namespace } };
  const spec = (review.spec ?? {}) as ReviewSpec;
  const causes = specCauses(spec);
  if (spec.resourceAttributes && (spec.resourceAttributes.namespace ?? '') !== namespace) {
    causes.push(
      fieldInvalid(
        'spec.resourceAttributes.namespace',
        spec.resourceAttributes.namespace ?? '',
        'must match metadata.namespace',
      ),
    );
  }
  if (spec.nonResourceAttributes) {
    causes.push(
      fieldInvalid(
        'spec.nonResourceAttributes',
        spec.nonResourceAttributes,
        'disallowed on this kind of request',
      ),
    );
  }
  if (causes.length > 0) throw invalid('LocalSubjectAccessReview', GROUP, '', causes);
  const answered = answer(authorizer, withNamespace, spec);
  return {
    kind: 'LocalSubjectAccessReview',
    apiVersion: `${GROUP}/v1`,
    metadata: answered.metadata,
    spec,
    status: answered.status,
  };
}
