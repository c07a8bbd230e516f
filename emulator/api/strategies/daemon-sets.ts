/**
 * apps/v1 DaemonSet: upstream's SetDefaults_DaemonSet (pkg/apis/apps/v1/defaults.go), the
 * registry's PrepareForCreate and its apps/v1 selector immutability
 * (pkg/registry/apps/daemonset/strategy.go), and ValidateDaemonSet/ValidateDaemonSetUpdate
 * (pkg/apis/apps/validation/validation.go) with their messages.
 */
import { deepEqual } from '../../core/deep-equal';
import type { FieldCause, KubeObject, ResourceStrategy, StrategyContext } from '../../core/types';
import { invalid, notSupported, required } from '../../core/field-errors';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../core/object-meta-validation';
import { nameIsDNSSubdomain } from '../../core/names';
import { goLabelSelector, type LabelSelector } from '../../core/label-selectors';
import {
  goIntOrString,
  intOrPercentValue,
  isNotMoreThan100Percent,
  validateNonnegative,
  validatePositiveIntOrPercent,
  type IntOrString,
} from './int-or-percent';
import { defaultPodSpec, validatePodSpec } from './pod-spec';
import {
  goUpdateStrategy,
  validateControllerPodRules,
  validateSetSelector,
  validateTemplateLabelsMatch,
  validateTemplateMetadata,
  type TemplateSpec,
} from './sets';

interface RollingUpdateDaemonSet {
  maxUnavailable?: IntOrString;
  maxSurge?: IntOrString;
}
interface DaemonSetSpec {
  selector?: LabelSelector;
  template?: TemplateSpec;
  updateStrategy?: { type?: string; rollingUpdate?: RollingUpdateDaemonSet };
  minReadySeconds?: number;
  revisionHistoryLimit?: number;
  [key: string]: unknown;
}
interface DaemonSetObject extends KubeObject {
  spec?: DaemonSetSpec;
  status?: Record<string, unknown>;
}

function defaultDaemonSet(
  obj: KubeObject,
  previous: KubeObject | undefined,
  ctx: StrategyContext,
): void {
  const ds = obj as DaemonSetObject;
  const spec = (ds.spec ??= {});
  const strategy = (spec.updateStrategy ??= {});
  strategy.type ||= 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const ru = (strategy.rollingUpdate ??= {});
    ru.maxUnavailable ??= 1;
    ru.maxSurge ??= 0;
  }
  spec.revisionHistoryLimit ??= 10;
  spec.template ??= {};
  spec.template.spec ??= {};
  defaultPodSpec(spec.template.spec, ctx.minorVersion);
  // PrepareForCreate: a new DaemonSet starts from the zero status (non-omitempty counters).
  if (!previous)
    ds.status = {
      currentNumberScheduled: 0,
      numberMisscheduled: 0,
      desiredNumberScheduled: 0,
      numberReady: 0,
    };
}

/** ValidateRollingUpdateDaemonSet: exactly one of maxSurge and maxUnavailable is non-zero. */
function validateRollingUpdate(ru: RollingUpdateDaemonSet, path: string): FieldCause[] {
  const causes = [
    ...validatePositiveIntOrPercent(ru.maxUnavailable ?? 0, `${path}.maxUnavailable`),
    ...validatePositiveIntOrPercent(ru.maxSurge ?? 0, `${path}.maxSurge`),
    ...isNotMoreThan100Percent(ru.maxUnavailable, `${path}.maxUnavailable`),
    ...isNotMoreThan100Percent(ru.maxSurge, `${path}.maxSurge`),
  ];
  const hasUnavailable = intOrPercentValue(ru.maxUnavailable) !== 0;
  const hasSurge = intOrPercentValue(ru.maxSurge) !== 0;
  if (hasUnavailable && hasSurge)
    causes.push(
      invalid(
        `${path}.maxSurge`,
        goIntOrString(ru.maxSurge ?? 0),
        'may not be set when maxUnavailable is non-zero',
      ),
    );
  else if (!hasUnavailable && !hasSurge)
    causes.push(required(`${path}.maxUnavailable`, 'cannot be 0 when maxSurge is 0'));
  return causes;
}

function validateUpdateStrategy(strategy: DaemonSetSpec['updateStrategy']): FieldCause[] {
  const s = strategy ?? {};
  switch (s.type) {
    case 'OnDelete':
      return [];
    case 'RollingUpdate':
      if (!s.rollingUpdate) return [required('spec.updateStrategy.rollingUpdate')];
      return validateRollingUpdate(s.rollingUpdate, 'spec.updateStrategy.rollingUpdate');
    default:
      return [
        notSupported('spec.updateStrategy', goUpdateStrategy('DaemonSet', s), [
          'RollingUpdate',
          'OnDelete',
        ]),
      ];
  }
}

/** ValidateDaemonSetSpec. */
function validateSpec(spec: DaemonSetSpec): FieldCause[] {
  const template = spec.template;
  return [
    ...validateSetSelector(spec.selector, 'daemonset'),
    ...validateTemplateLabelsMatch(spec.selector, template),
    ...validateTemplateMetadata(template),
    ...validatePodSpec(template?.spec, 'spec.template.spec'),
    ...validateControllerPodRules(template, 'DaemonSet'),
    ...validateNonnegative(spec.minReadySeconds, 'spec.minReadySeconds'),
    ...validateUpdateStrategy(spec.updateStrategy),
    ...validateNonnegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'),
  ];
}

function validateDaemonSet(obj: KubeObject, previous: KubeObject | undefined): FieldCause[] {
  const spec = (obj as DaemonSetObject).spec ?? {};
  const causes = validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain);
  if (previous) causes.push(...validateObjectMetaUpdate(obj, previous));
  causes.push(...validateSpec(spec));
  if (previous) {
    // apps/v1 forbids changing the selector (the registry's ValidateUpdate).
    const before = (previous as DaemonSetObject).spec?.selector;
    if (!deepEqual(before, spec.selector))
      causes.push(
        invalid('spec.selector', goLabelSelector(spec.selector ?? {}), 'field is immutable'),
      );
  }
  return causes;
}

export const daemonSetStrategy: ResourceStrategy = {
  default: defaultDaemonSet,
  validate: (obj, previous) => validateDaemonSet(obj, previous),
};
