/**
 * policy/v1 PodDisruptionBudget: the registry's PrepareForCreate (status reset,
 * pkg/registry/policy/poddisruptionbudget/strategy.go) and ValidatePodDisruptionBudget
 * (pkg/apis/policy/validation/validation.go: minAvailable xor maxUnavailable, each a
 * non-negative int or a percent up to 100%, the selector, unhealthyPodEvictionPolicy) with their
 * messages. policy/v1 has no defaults; names only need to be valid path segments (the generic
 * registry's check). Stored and served; nothing evicts.
 */
import type { FieldCause, KubeObject, ResourceStrategy } from '../../core/types';
import { invalid, notSupported } from '../../core/field-errors';
import { nameIsPathSegment } from '../validation/keys';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../core/object-meta-validation';
import { validateLabelSelector, type LabelSelector } from '../../core/label-selectors';
import {
  goPointer,
  isNotMoreThan100Percent,
  validatePositiveIntOrPercent,
  type IntOrString,
} from './int-or-percent';

interface PodDisruptionBudgetSpec {
  minAvailable?: IntOrString;
  maxUnavailable?: IntOrString;
  selector?: LabelSelector;
  unhealthyPodEvictionPolicy?: string;
}
interface PodDisruptionBudgetObject extends KubeObject {
  spec?: PodDisruptionBudgetSpec;
  status?: Record<string, unknown>;
}

const EVICTION_POLICIES = ['AlwaysAllow', 'IfHealthyBudget'];

/** Go's %#v of the internal spec: its pointer fields print as addresses. */
function goSpec(spec: PodDisruptionBudgetSpec): { go: string } {
  const fields = [
    `MinAvailable:${goPointer('intstr.IntOrString', spec.minAvailable !== undefined, 0)}`,
    `Selector:${goPointer('v1.LabelSelector', spec.selector !== undefined, 1)}`,
    `MaxUnavailable:${goPointer('intstr.IntOrString', spec.maxUnavailable !== undefined, 2)}`,
    `UnhealthyPodEvictionPolicy:${goPointer('policy.UnhealthyPodEvictionPolicyType', spec.unhealthyPodEvictionPolicy !== undefined, 3)}`,
  ];
  return { go: `policy.PodDisruptionBudgetSpec{${fields.join(', ')}}` };
}

/** ValidatePodDisruptionBudgetSpec. */
function validateSpec(spec: PodDisruptionBudgetSpec): FieldCause[] {
  const causes: FieldCause[] = [];
  if (spec.minAvailable !== undefined && spec.maxUnavailable !== undefined)
    causes.push(
      invalid('spec', goSpec(spec), 'minAvailable and maxUnavailable cannot be both set'),
    );
  for (const key of ['minAvailable', 'maxUnavailable'] as const) {
    causes.push(...validatePositiveIntOrPercent(spec[key], `spec.${key}`));
    causes.push(...isNotMoreThan100Percent(spec[key], `spec.${key}`));
  }
  if (spec.selector) causes.push(...validateLabelSelector(spec.selector, 'spec.selector'));
  const policy = spec.unhealthyPodEvictionPolicy;
  if (policy !== undefined && !EVICTION_POLICIES.includes(policy))
    causes.push(notSupported('spec.unhealthyPodEvictionPolicy', policy, EVICTION_POLICIES));
  return causes;
}

export const podDisruptionBudgetStrategy: ResourceStrategy = {
  default(obj, previous) {
    // PrepareForCreate: the disruption controller owns status (non-omitempty counters).
    if (!previous)
      (obj as PodDisruptionBudgetObject).status = {
        disruptionsAllowed: 0,
        currentHealthy: 0,
        desiredHealthy: 0,
        expectedPods: 0,
      };
  },
  validate(obj, previous) {
    const causes = validateSpec((obj as PodDisruptionBudgetObject).spec ?? {});
    causes.push(...validateObjectMeta(obj.metadata, true, nameIsPathSegment));
    if (previous) causes.push(...validateObjectMetaUpdate(obj, previous));
    return causes;
  },
};
