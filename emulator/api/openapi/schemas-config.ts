/**
 * OpenAPI v3 schemas of v1 ConfigMap and ServiceAccount (k8s.io/api/core/v1), in the shape of
 * ./schemas.ts.
 */
import {
  atomic,
  bool,
  CORE_V1,
  kindWithList,
  mergeList,
  obj,
  P,
  ref,
  s,
  strMap,
  type Schema,
} from './builders';

export const CONFIG_SCHEMAS: Record<string, Schema> = {
  ...kindWithList(CORE_V1, 'ConfigMap', 'ConfigMap holds configuration data for pods to consume.', {
    binaryData: { type: 'object', additionalProperties: { type: 'string', format: 'byte' } },
    data: strMap,
    immutable: bool,
  }),
  ...kindWithList(
    CORE_V1,
    'ServiceAccount',
    'ServiceAccount binds together: * a name, understood by users, and perhaps by peripheral systems, for an identity * a principal that can be authenticated and authorized * a set of secrets',
    {
      automountServiceAccountToken: bool,
      imagePullSecrets: atomic(ref(`${P}LocalObjectReference`)),
      secrets: mergeList(ref(`${P}ObjectReference`), 'name'),
    },
  ),
  [`${P}LocalObjectReference`]: {
    ...obj(
      'LocalObjectReference contains enough information to let you locate the referenced object inside the same namespace.',
      { name: s() },
    ),
    'x-kubernetes-map-type': 'atomic',
  },
};
