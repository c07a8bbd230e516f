/**
 * coordination.k8s.io/v1 Lease: ValidateLease / ValidateLeaseUpdate
 * (pkg/apis/coordination/validation/validation.go: a DNS-subdomain name, leaseDurationSeconds
 * > 0, leaseTransitions ≥ 0) with their messages. `strategy` and `preferredHolder` belong to the
 * CoordinatedLeaderElection feature gate, off by default, so they are dropped as the registry's
 * dropDisabledFields does. No defaults.
 */
import type { FieldCause, KubeObject, ResourceStrategy } from '../../core/types';
import { invalid } from '../../core/field-errors';
import { nameIsDNSSubdomain } from '../../core/names';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../core/object-meta-validation';

interface LeaseSpec {
  leaseDurationSeconds?: number;
  leaseTransitions?: number;
  strategy?: string;
  preferredHolder?: string;
}

function validateSpec(spec: LeaseSpec): FieldCause[] {
  const causes: FieldCause[] = [];
  if (typeof spec.leaseDurationSeconds === 'number' && spec.leaseDurationSeconds <= 0)
    causes.push(
      invalid('spec.leaseDurationSeconds', spec.leaseDurationSeconds, 'must be greater than 0'),
    );
  if (typeof spec.leaseTransitions === 'number' && spec.leaseTransitions < 0)
    causes.push(
      invalid('spec.leaseTransitions', spec.leaseTransitions, 'must be greater than or equal to 0'),
    );
  return causes;
}

const specOf = (obj: KubeObject) => (obj.spec ?? {}) as LeaseSpec;

export const leaseStrategy: ResourceStrategy = {
  default(obj) {
    const spec = obj.spec as LeaseSpec | undefined;
    if (!spec) return;
    delete spec.strategy;
    delete spec.preferredHolder;
  },
  validate(obj, previous) {
    const causes = previous
      ? validateObjectMetaUpdate(obj, previous)
      : validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain);
    return [...causes, ...validateSpec(specOf(obj))];
  },
};
