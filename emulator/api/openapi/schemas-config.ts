/**
 * OpenAPI v3 schemas of v1 ConfigMap and ServiceAccount (k8s.io/api/core/v1), in the shape of
 * ./schemas.ts.
 */
import {
  atomic,
  bool,
  kind,
  list,
  mergeList,
  obj,
  P,
  ref,
  s,
  strMap,
  type Schema,
} from './builders';

export const CONFIG_SCHEMAS: Record<string, Schema> = {
  [`${P}ConfigMap`]: kind(
    '',
    'v1',
    'ConfigMap',
    'ConfigMap holds configuration data for pods to consume.',
    {
      binaryData: { type: 'object', additionalProperties: { type: 'string', format: 'byte' } },
      data: strMap,
      immutable: bool,
    },
  ),
  [`${P}ConfigMapList`]: list('', 'v1', 'ConfigMapList', `${P}ConfigMap`),
  [`${P}ServiceAccount`]: kind(
    '',
    'v1',
    'ServiceAccount',
    'ServiceAccount binds together: * a name, understood by users, and perhaps by peripheral systems, for an identity * a principal that can be authenticated and authorized * a set of secrets',
    {
      automountServiceAccountToken: bool,
      imagePullSecrets: atomic(ref(`${P}LocalObjectReference`)),
      secrets: mergeList(ref(`${P}ObjectReference`), 'name'),
    },
  ),
  [`${P}ServiceAccountList`]: list('', 'v1', 'ServiceAccountList', `${P}ServiceAccount`),
  [`${P}LocalObjectReference`]: {
    ...obj(
      'LocalObjectReference contains enough information to let you locate the referenced object inside the same namespace.',
      { name: s() },
    ),
    'x-kubernetes-map-type': 'atomic',
  },
};
