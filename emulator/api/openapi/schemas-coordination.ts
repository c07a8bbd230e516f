/**
 * OpenAPI v3 schema of coordination.k8s.io/v1 Lease (k8s.io/api/coordination/v1), in the shape
 * of ./schemas.ts.
 */
import { int32, kindWithList, M, obj, ref, s, type GroupVersion, type Schema } from './builders';

const COORDINATION_V1: GroupVersion = {
  prefix: 'io.k8s.api.coordination.v1.',
  group: 'coordination.k8s.io',
  version: 'v1',
};

const microTime = ref(`${M}MicroTime`);

export const COORDINATION_SCHEMAS: Record<string, Schema> = {
  ...kindWithList(COORDINATION_V1, 'Lease', 'Lease defines a lease concept.', {
    spec: obj('LeaseSpec is a specification of a Lease.', {
      acquireTime: microTime,
      holderIdentity: s(),
      leaseDurationSeconds: int32,
      leaseTransitions: int32,
      preferredHolder: s(),
      renewTime: microTime,
      strategy: s(),
    }),
  }),
};
