/**
 * apps/v1 StatefulSet: upstream's SetDefaults_StatefulSet (pkg/apis/apps/v1/defaults.go), the
 * registry's PrepareForCreate (status reset, pkg/registry/apps/statefulset/strategy.go) and
 * ValidateStatefulSet/ValidateStatefulSetUpdate (pkg/apis/apps/validation/validation.go) with
 * their messages. As upstream in 1.27–1.33, the pod template's PodSpec itself is not validated
 * for StatefulSets: ValidatePodTemplateSpecForStatefulSet checks the selector match, labels and
 * annotations only (its ValidatePodTemplateSpec call is commented out, with a TODO about volume
 * claim templates), and ValidateStatefulSetSpec adds restartPolicy and activeDeadlineSeconds.
 * Upstream validates the PodSpec from 1.34 (kubernetes#131790), a release the emulator does not
 * serve. The template still gets the PodSpec defaults (SetDefaults_PodSpec), not the Pod-only ones.
 */
import { deepEqual } from '../../core/deep-equal';
import type { FieldCause, KubeObject, ResourceStrategy, StrategyContext } from '../../core/types';
import { forbidden, invalid, notSupported, required } from '../../core/field-errors';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../core/object-meta-validation';
import { nameIsDNSLabel } from '../../core/names';
import type { LabelSelector } from '../../core/label-selectors';
import {
  goIntOrString,
  goPointer,
  intOrPercentValue,
  isNotMoreThan100Percent,
  validateNonnegative,
  validatePositiveIntOrPercent,
  type IntOrString,
} from './int-or-percent';
import { defaultPodSpec } from './pod-spec';
import {
  goUpdateStrategy,
  validateControllerPodRules,
  validateSetSelector,
  validateTemplateLabelsMatch,
  validateTemplateMetadata,
  type TemplateSpec,
} from './sets';

interface StatefulSetSpec {
  replicas?: number;
  selector?: LabelSelector;
  template?: TemplateSpec;
  serviceName?: string;
  podManagementPolicy?: string;
  updateStrategy?: {
    type?: string;
    rollingUpdate?: { partition?: number; maxUnavailable?: IntOrString };
  };
  revisionHistoryLimit?: number;
  minReadySeconds?: number;
  persistentVolumeClaimRetentionPolicy?: { whenDeleted?: string; whenScaled?: string };
  ordinals?: { start?: number };
  volumeClaimTemplates?: unknown[];
  [key: string]: unknown;
}
interface StatefulSetObject extends KubeObject {
  spec?: StatefulSetSpec;
  status?: Record<string, unknown>;
}

function defaultStatefulSet(
  obj: KubeObject,
  previous: KubeObject | undefined,
  ctx: StrategyContext,
): void {
  const sts = obj as StatefulSetObject;
  const spec = (sts.spec ??= {});
  spec.podManagementPolicy ||= 'OrderedReady';
  const strategy = (spec.updateStrategy ??= {});
  if (!strategy.type) {
    strategy.type = 'RollingUpdate';
    strategy.rollingUpdate ??= {};
  }
  if (strategy.type === 'RollingUpdate' && strategy.rollingUpdate)
    strategy.rollingUpdate.partition ??= 0;
  // StatefulSetAutoDeletePVC (beta and on since 1.27, GA in 1.32).
  const retention = (spec.persistentVolumeClaimRetentionPolicy ??= {});
  retention.whenDeleted ||= 'Retain';
  retention.whenScaled ||= 'Retain';
  spec.replicas ??= 1;
  spec.revisionHistoryLimit ??= 10;
  spec.template ??= {};
  spec.template.spec ??= {};
  defaultPodSpec(spec.template.spec, ctx.minorVersion);
  // PrepareForCreate: the status is the controller's; a new object starts from the zero status.
  if (!previous) sts.status = { replicas: 0, availableReplicas: 0 };
}

function goRollingUpdate(ru: { partition?: number; maxUnavailable?: IntOrString }): { go: string } {
  const maxUnavailable = goPointer('intstr.IntOrString', ru.maxUnavailable !== undefined, 1);
  return {
    go: `apps.RollingUpdateStatefulSetStrategy{Partition:${ru.partition ?? 0}, MaxUnavailable:${maxUnavailable}}`,
  };
}

/** ValidateStatefulSetSpec. */
function validateSpec(spec: StatefulSetSpec): FieldCause[] {
  const causes: FieldCause[] = [];
  const policy = spec.podManagementPolicy ?? '';
  if (!policy) causes.push(required('spec.podManagementPolicy'));
  else if (policy !== 'OrderedReady' && policy !== 'Parallel')
    causes.push(
      invalid('spec.podManagementPolicy', policy, "must be 'OrderedReady' or 'Parallel'"),
    );
  const strategy = spec.updateStrategy ?? {};
  switch (strategy.type ?? '') {
    case '':
      causes.push(required('spec.updateStrategy'));
      break;
    case 'OnDelete':
      if (strategy.rollingUpdate)
        causes.push(
          invalid(
            'spec.updateStrategy.rollingUpdate',
            goRollingUpdate(strategy.rollingUpdate),
            "only allowed for updateStrategy 'RollingUpdate'",
          ),
        );
      break;
    case 'RollingUpdate': {
      const ru = strategy.rollingUpdate;
      if (!ru) break;
      const path = 'spec.updateStrategy.rollingUpdate';
      causes.push(...validateNonnegative(ru.partition, `${path}.partition`));
      if (ru.maxUnavailable !== undefined) {
        causes.push(...validatePositiveIntOrPercent(ru.maxUnavailable, `${path}.maxUnavailable`));
        if (intOrPercentValue(ru.maxUnavailable) === 0)
          causes.push(
            invalid(`${path}.maxUnavailable`, goIntOrString(ru.maxUnavailable), 'cannot be 0'),
          );
        causes.push(...isNotMoreThan100Percent(ru.maxUnavailable, `${path}.maxUnavailable`));
      }
      break;
    }
    default:
      causes.push(
        invalid(
          'spec.updateStrategy',
          goUpdateStrategy('StatefulSet', strategy),
          "must be 'RollingUpdate' or 'OnDelete'",
        ),
      );
  }
  const retention = spec.persistentVolumeClaimRetentionPolicy;
  if (retention)
    for (const key of ['whenDeleted', 'whenScaled'] as const) {
      const value = retention[key] ?? '';
      if (value !== 'Retain' && value !== 'Delete')
        causes.push(
          notSupported(`spec.persistentVolumeClaimRetentionPolicy.${key}`, value, [
            'Retain',
            'Delete',
          ]),
        );
    }
  causes.push(...validateNonnegative(spec.replicas, 'spec.replicas'));
  causes.push(...validateNonnegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  causes.push(...validateNonnegative(spec.ordinals?.start, 'spec.ordinals.start'));
  causes.push(...validateSetSelector(spec.selector, 'statefulset'));
  // ValidatePodTemplateSpecForStatefulSet: labels and annotations, not the PodSpec itself.
  causes.push(...validateTemplateLabelsMatch(spec.selector, spec.template));
  causes.push(...validateTemplateMetadata(spec.template));
  causes.push(...validateControllerPodRules(spec.template, 'StatefulSet'));
  return causes;
}

/** The spec fields ValidateStatefulSetUpdate lets change. */
const MUTABLE = [
  'replicas',
  'ordinals',
  'template',
  'updateStrategy',
  'persistentVolumeClaimRetentionPolicy',
  'minReadySeconds',
] as const;

function validateStatefulSet(obj: KubeObject, previous: KubeObject | undefined): FieldCause[] {
  const spec = (obj as StatefulSetObject).spec ?? {};
  if (!previous)
    return [...validateObjectMeta(obj.metadata, true, nameIsDNSLabel), ...validateSpec(spec)];
  // An update does not revalidate the name (older releases allowed DNS subdomains).
  const causes = [
    ...validateObjectMeta(obj.metadata, true, () => []),
    ...validateObjectMetaUpdate(obj, previous),
    ...validateSpec(spec),
  ];
  const before = { ...((previous as StatefulSetObject).spec ?? {}) };
  const after = { ...spec };
  for (const key of MUTABLE) {
    delete before[key];
    delete after[key];
  }
  if (!deepEqual(before, after))
    causes.push(
      forbidden(
        'spec',
        "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
      ),
    );
  return causes;
}

export const statefulSetStrategy: ResourceStrategy = {
  default: defaultStatefulSet,
  validate: (obj, previous) => validateStatefulSet(obj, previous),
};
