/**
 * OpenAPI v3 schemas of authentication.k8s.io/v1 (k8s.io/api/authentication/v1): TokenReview,
 * SelfSubjectReview and TokenRequest (the ServiceAccount `token` subresource's kind), in the
 * shape of ./schemas.ts. None is stored: a client creates one and reads the answer.
 */
import { arr, bool, int64, kind, obj, ref, s, strs, time, type Schema } from './builders';

const A = 'io.k8s.api.authentication.v1.';
const G = 'authentication.k8s.io';

export const AUTHENTICATION_SCHEMAS: Record<string, Schema> = {
  [`${A}UserInfo`]: obj(
    'UserInfo holds the information about the user needed to implement the user.Info interface.',
    {
      extra: { type: 'object', additionalProperties: strs },
      groups: arr(s()),
      uid: s(),
      username: s(),
    },
  ),
  [`${A}TokenReview`]: kind(
    G,
    'v1',
    'TokenReview',
    'TokenReview attempts to authenticate a token to a known user.',
    {
      spec: obj('TokenReviewSpec is a description of the token authentication request.', {
        audiences: arr(s()),
        token: s(),
      }),
      status: obj('TokenReviewStatus is the result of the token authentication request.', {
        audiences: arr(s()),
        authenticated: bool,
        error: s(),
        user: ref(`${A}UserInfo`),
      }),
    },
  ),
  [`${A}SelfSubjectReview`]: kind(
    G,
    'v1',
    'SelfSubjectReview',
    'SelfSubjectReview contains the user information that the kube-apiserver has about the user making this request.',
    {
      status: obj(
        'SelfSubjectReviewStatus is filled by the kube-apiserver and sent back to a user.',
        { userInfo: ref(`${A}UserInfo`) },
      ),
    },
  ),
  [`${A}TokenRequest`]: kind(
    G,
    'v1',
    'TokenRequest',
    'TokenRequest requests a token for a given service account.',
    {
      spec: obj(
        'TokenRequestSpec contains client provided parameters of a token request.',
        {
          audiences: arr(s()),
          boundObjectRef: obj(
            'BoundObjectReference is a reference to an object that a token is bound to.',
            { apiVersion: s(), kind: s(), name: s(), uid: s() },
          ),
          expirationSeconds: int64,
        },
        ['audiences'],
      ),
      status: obj(
        'TokenRequestStatus is the result of a token request.',
        { expirationTimestamp: time, token: s() },
        ['token', 'expirationTimestamp'],
      ),
    },
  ),
};
