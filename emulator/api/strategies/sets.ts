/**
 * What StatefulSet and DaemonSet validation share (pkg/apis/apps/validation): the selector
 * rules (a nil selector matches nothing, an empty one everything, and an empty one is refused
 * with the kind's own message; Deployments and ReplicaSets apply the same rules), the
 * template-labels match, the template's own labels and annotations, the pod template's
 * restartPolicy/activeDeadlineSeconds rules, and how an update strategy reads in their messages.
 */
import type { FieldCause } from '../../core/types';
import {
  forbidden,
  goQuote,
  goStringMap,
  invalid,
  notSupported,
  required,
} from '../../core/field-errors';
import {
  goLabelSelector,
  labelSelectorIsEmpty,
  matchesLabelSelector,
  validateLabelSelector,
  type LabelSelector,
} from '../../core/label-selectors';
import { validateAnnotations, validateLabels } from '../../core/object-meta-validation';
import { goPointer } from './int-or-percent';
import type { PodSpecShape } from './pod-spec';

export interface TemplateSpec {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: PodSpecShape & { activeDeadlineSeconds?: number };
}

/**
 * ValidateLabelSelector plus the "empty selector is invalid for <kind>" rule; only a DaemonSet
 * may leave the selector out (ReplicaSets use upstream's "deployment" wording).
 */
export function validateSetSelector(
  selector: LabelSelector | undefined,
  kind: 'statefulset' | 'daemonset' | 'deployment',
): FieldCause[] {
  if (!selector) return kind === 'daemonset' ? [] : [required('spec.selector')];
  const causes = validateLabelSelector(selector, 'spec.selector');
  if (labelSelectorIsEmpty(selector))
    causes.push(
      invalid('spec.selector', goLabelSelector(selector), `empty selector is invalid for ${kind}`),
    );
  return causes;
}

/** `selector` does not match template `labels` (a nil selector matches no labels at all). */
export function validateTemplateLabelsMatch(
  selector: LabelSelector | undefined,
  template: TemplateSpec | undefined,
): FieldCause[] {
  if (selector && labelSelectorIsEmpty(selector)) return [];
  const labels = template?.metadata?.labels;
  if (selector && matchesLabelSelector(selector, labels)) return [];
  return [
    invalid(
      'spec.template.metadata.labels',
      goStringMap(labels),
      '`selector` does not match template `labels`',
    ),
  ];
}

/**
 * ValidatePodTemplateSpec's metadata rules: the template's labels and annotations, reported
 * under spec.template itself (upstream's paths, without `metadata`).
 */
export function validateTemplateMetadata(template: TemplateSpec | undefined): FieldCause[] {
  return [
    ...validateLabels(template?.metadata?.labels, 'spec.template.labels'),
    ...validateAnnotations(template?.metadata?.annotations, 'spec.template.annotations'),
  ];
}

/** Controller pods always restart, and never carry a deadline. */
export function validateControllerPodRules(
  template: TemplateSpec | undefined,
  kind: 'StatefulSet' | 'DaemonSet',
): FieldCause[] {
  const causes: FieldCause[] = [];
  const restart = template?.spec?.restartPolicy ?? '';
  if (restart !== 'Always')
    causes.push(notSupported('spec.template.spec.restartPolicy', restart, ['Always']));
  if (template?.spec?.activeDeadlineSeconds !== undefined)
    causes.push(
      forbidden(
        'spec.template.spec.activeDeadlineSeconds',
        `activeDeadlineSeconds in ${kind} is not Supported`,
      ),
    );
  return causes;
}

/**
 * An update strategy as Go's %#v prints it in a message (`apps.<Kind>UpdateStrategy{Type:"…",
 * RollingUpdate:(*apps.<RollingUpdate type>)(…)}`); the two kinds differ only in the struct names.
 */
export function goUpdateStrategy(
  kind: 'DaemonSet' | 'StatefulSet',
  strategy: { type?: string; rollingUpdate?: unknown },
): { go: string } {
  const rollingUpdateType =
    kind === 'DaemonSet' ? 'apps.RollingUpdateDaemonSet' : 'apps.RollingUpdateStatefulSetStrategy';
  const ru = goPointer(rollingUpdateType, Boolean(strategy.rollingUpdate), 0);
  return {
    go: `apps.${kind}UpdateStrategy{Type:${goQuote(strategy.type ?? '')}, RollingUpdate:${ru}}`,
  };
}
