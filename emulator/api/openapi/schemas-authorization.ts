/**
 * OpenAPI v3 schemas of the authorization.k8s.io/v1 reviews (k8s.io/api/authorization/v1):
 * SubjectAccessReview, LocalSubjectAccessReview, SelfSubjectAccessReview and
 * SelfSubjectRulesReview, in the shape of ./schemas.ts. A review is only created; its status is
 * the answer.
 */
import { arr, bool, kind, obj, open, ref, s, strs, type Schema } from './builders';

const A = 'io.k8s.api.authorization.v1.';
const G = 'authorization.k8s.io';

const resourceAttributes = obj('ResourceAttributes', {
  fieldSelector: open,
  group: s(),
  labelSelector: open,
  name: s(),
  namespace: s(),
  resource: s(),
  subresource: s(),
  verb: s(),
  version: s(),
});
const nonResourceAttributes = obj('NonResourceAttributes', { path: s(), verb: s() });
const accessStatus = ref(`${A}SubjectAccessReviewStatus`);

/** SubjectAccessReviewSpec: the access asked about and, for the non-self reviews, for whom. */
const subjectSpec = obj('SubjectAccessReviewSpec is a description of the access request.', {
  extra: { type: 'object', additionalProperties: strs },
  groups: arr(s()),
  nonResourceAttributes,
  resourceAttributes,
  uid: s(),
  user: s(),
});

export const AUTHORIZATION_SCHEMAS: Record<string, Schema> = {
  [`${A}SubjectAccessReviewStatus`]: obj(
    'SubjectAccessReviewStatus',
    { allowed: bool, denied: bool, evaluationError: s(), reason: s() },
    ['allowed'],
  ),
  [`${A}SubjectAccessReview`]: kind(
    G,
    'v1',
    'SubjectAccessReview',
    'SubjectAccessReview checks whether or not a user or group can perform an action.',
    { spec: subjectSpec, status: accessStatus },
  ),
  [`${A}LocalSubjectAccessReview`]: kind(
    G,
    'v1',
    'LocalSubjectAccessReview',
    'LocalSubjectAccessReview checks whether or not a user or group can perform an action in a given namespace.',
    { spec: subjectSpec, status: accessStatus },
  ),
  [`${A}SelfSubjectAccessReview`]: kind(
    G,
    'v1',
    'SelfSubjectAccessReview',
    'SelfSubjectAccessReview checks whether or the current user can perform an action.',
    {
      spec: obj('SelfSubjectAccessReviewSpec is a description of the access request.', {
        nonResourceAttributes,
        resourceAttributes,
      }),
      status: accessStatus,
    },
  ),
  [`${A}SelfSubjectRulesReview`]: kind(
    G,
    'v1',
    'SelfSubjectRulesReview',
    'SelfSubjectRulesReview enumerates the set of actions the current user can perform within a namespace.',
    {
      spec: obj(
        'SelfSubjectRulesReviewSpec defines the specification for SelfSubjectRulesReview.',
        {
          namespace: s(),
        },
      ),
      status: obj(
        'SubjectRulesReviewStatus',
        {
          evaluationError: s(),
          incomplete: bool,
          nonResourceRules: arr(
            obj('NonResourceRule', { nonResourceURLs: arr(s()), verbs: arr(s()) }, ['verbs']),
          ),
          resourceRules: arr(
            obj(
              'ResourceRule',
              {
                apiGroups: arr(s()),
                resourceNames: arr(s()),
                resources: arr(s()),
                verbs: arr(s()),
              },
              ['verbs'],
            ),
          ),
        },
        ['resourceRules', 'nonResourceRules', 'incomplete'],
      ),
    },
  ),
};
