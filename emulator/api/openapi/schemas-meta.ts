/**
 * OpenAPI v3 schemas of meta/v1 and apimachinery (ObjectMeta, ListMeta, Status, LabelSelector,
 * Time, IntOrString, …) that every kind's schema refers to, in the shape of ./schemas.ts.
 */
import {
  atomic,
  bool,
  int32,
  int64,
  M,
  mergeList,
  obj,
  open,
  ref,
  s,
  strMap,
  time,
  strs,
  type Schema,
} from './builders';

const labelSelector = obj('A label selector is a label query over a set of resources.', {
  matchExpressions: atomic(ref(`${M}LabelSelectorRequirement`)),
  matchLabels: strMap,
});

export const META_SCHEMAS: Record<string, Schema> = {
  [`${M}Time`]: {
    type: 'string',
    format: 'date-time',
    description: 'Time is a wrapper around time.Time.',
  },
  [`${M}MicroTime`]: { type: 'string', format: 'date-time' },
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': {
    type: 'string',
    format: 'int-or-string',
    description: 'IntOrString is a type that can hold an int32 or a string.',
  },
  'io.k8s.apimachinery.pkg.api.resource.Quantity': {
    type: 'string',
    description: 'Quantity is a fixed-point representation of a number.',
  },
  [`${M}ObjectMeta`]: obj('ObjectMeta is metadata that all persisted resources must have.', {
    annotations: strMap,
    creationTimestamp: time,
    deletionGracePeriodSeconds: int64,
    deletionTimestamp: time,
    finalizers: {
      ...strs,
      'x-kubernetes-list-type': 'set',
      'x-kubernetes-patch-strategy': 'merge',
    },
    generateName: s(),
    generation: int64,
    labels: strMap,
    managedFields: atomic(ref(`${M}ManagedFieldsEntry`)),
    name: s(),
    namespace: s(),
    ownerReferences: mergeList(ref(`${M}OwnerReference`), 'uid'),
    resourceVersion: s(),
    selfLink: s(),
    uid: s(),
  }),
  [`${M}ListMeta`]: obj('ListMeta describes metadata that synthetic resources must have.', {
    continue: s(),
    remainingItemCount: int64,
    resourceVersion: s(),
    selfLink: s(),
  }),
  [`${M}OwnerReference`]: obj(
    'OwnerReference contains enough information to let you identify an owning object.',
    {
      apiVersion: s(),
      blockOwnerDeletion: bool,
      controller: bool,
      kind: s(),
      name: s(),
      uid: s(),
    },
    ['apiVersion', 'kind', 'name', 'uid'],
  ),
  [`${M}ManagedFieldsEntry`]: obj(
    'ManagedFieldsEntry is a workflow-id, a FieldSet and the group version of the resource that the fieldset applies to.',
    {
      apiVersion: s(),
      fieldsType: s(),
      fieldsV1: open,
      manager: s(),
      operation: s(),
      subresource: s(),
      time,
    },
  ),
  [`${M}LabelSelector`]: { ...labelSelector, 'x-kubernetes-map-type': 'atomic' },
  [`${M}LabelSelectorRequirement`]: obj(
    'A label selector requirement.',
    {
      key: s(),
      operator: s(),
      values: atomic({ type: 'string', default: '' }),
    },
    ['key', 'operator'],
  ),
  [`${M}Status`]: {
    ...obj("Status is a return value for calls that don't return other objects.", {
      apiVersion: s(),
      code: int32,
      details: open,
      kind: s(),
      message: s(),
      metadata: ref(`${M}ListMeta`),
      reason: s(),
      status: s(),
    }),
    'x-kubernetes-group-version-kind': [{ group: '', kind: 'Status', version: 'v1' }],
  },
  [`${M}DeleteOptions`]: obj('DeleteOptions may be provided when deleting an API object.', {
    apiVersion: s(),
    dryRun: atomic({ type: 'string', default: '' }),
    gracePeriodSeconds: int64,
    ignoreStoreReadErrorWithClusterBreakingPotential: bool,
    kind: s(),
    orphanDependents: bool,
    preconditions: obj('Preconditions', { resourceVersion: s(), uid: s() }),
    propagationPolicy: s(),
  }),
  [`${M}WatchEvent`]: obj(
    'Event represents a single event to a watched resource.',
    {
      object: open,
      type: s(),
    },
    ['type', 'object'],
  ),
  [`${M}Patch`]: {
    type: 'object',
    description:
      'Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.',
  },
};
