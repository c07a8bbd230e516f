/**
 * Pods, Deployments and ReplicaSets: the apiserver's defaults (SetDefaults_PodSpec for Pods and
 * templates, SetDefaults_Pod's Pod-only rules: requests copied from limits and host ports under
 * hostNetwork; apps/v1 SetDefaults_Deployment/ReplicaSet; the pod registry's PrepareForCreate)
 * and the validation rules manifests most often break (ValidatePod*, ValidateDeployment*,
 * ValidateReplicaSet*), with upstream's messages. Defaults run before validation, as upstream
 * decodes before it validates, so a Pod's validation sees its copied requests.
 */
import type { FieldCause, KubeObject, ResourceStrategy, StrategyContext } from '../../core/types';
import { forbidden, goStringMap, invalid, notSupported, required } from '../../core/field-errors';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../core/object-meta-validation';
import { nameIsDNSSubdomain } from '../../core/names';
import { stableStringify } from '../../core/deep-equal';
import {
  goLabelSelector,
  labelSelectorIsEmpty,
  matchesLabelSelector,
  type LabelSelector,
} from '../../core/label-selectors';
import {
  goIntOrString,
  intOrPercentValue,
  isNotMoreThan100Percent,
  validatePositiveIntOrPercent,
} from './int-or-percent';
import {
  defaultHostNetworkPorts,
  defaultPodSpec,
  defaultRequestsFromLimits,
  validatePodSpec,
  type PodSpecShape,
} from './pod-spec';
import { validateContainersOnlyForPod } from './pod-spec-containers';
import { podStatusUpdate } from './pod-status';
import { validateSetSelector } from './sets';

// --- pods ------------------------------------------------------------------------------------

interface PodObject extends KubeObject {
  spec?: PodSpecShape & {
    serviceAccountName?: string;
    serviceAccount?: string;
    enableServiceLinks?: boolean;
    priority?: number;
    tolerations?: Record<string, unknown>[];
    nodeName?: string;
    activeDeadlineSeconds?: number;
  };
  status?: { phase?: string; qosClass?: string; [key: string]: unknown };
}

type Resources = { requests?: Record<string, unknown>; limits?: Record<string, unknown> };

/** Upstream's QoS class: BestEffort, Guaranteed (limits = requests for cpu and memory), Burstable. */
function qosClass(spec: PodSpecShape): string {
  const containers = [...(spec.containers ?? []), ...(spec.initContainers ?? [])];
  const all = containers.map((c) => (c.resources ?? {}) as Resources);
  const any = all.some(
    (r) => Object.keys(r.requests ?? {}).length + Object.keys(r.limits ?? {}).length > 0,
  );
  if (!any) return 'BestEffort';
  const guaranteed = all.every((r) =>
    ['cpu', 'memory'].every((k) => {
      const limit = r.limits?.[k];
      const request = r.requests?.[k] ?? limit;
      return limit !== undefined && String(request) === String(limit);
    }),
  );
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

function defaultPod(obj: KubeObject, previous: KubeObject | undefined, ctx: StrategyContext) {
  const pod = obj as PodObject;
  const spec = (pod.spec ??= {});
  // The generated defaulter's order: SetDefaults_Pod's Pod-only rules, then SetDefaults_PodSpec.
  defaultRequestsFromLimits(spec);
  defaultHostNetworkPorts(spec);
  defaultPodSpec(spec, ctx.minorVersion);
  spec.enableServiceLinks ??= true;
  spec.priority ??= 0;
  if (!previous) {
    // Admission: ServiceAccount and DefaultTolerationSeconds plugins; Priority's preemption
    // policy when no PriorityClass applies.
    spec.preemptionPolicy ??= 'PreemptLowerPriority';
    spec.serviceAccountName ??= spec.serviceAccount ?? 'default';
    spec.serviceAccount ??= spec.serviceAccountName;
    const tolerations = (spec.tolerations ??= []);
    for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
      if (!tolerations.some((t) => t.key === key && t.effect === 'NoExecute'))
        tolerations.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });
    }
    pod.status ??= {};
    pod.status.phase ??= 'Pending';
    pod.status.qosClass ??= qosClass(spec);
  }
}

const MUTABLE_POD_SPEC =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

function maskedPodSpec(spec: PodObject['spec'], nodeNameFromEmpty: boolean): string {
  const copy = structuredClone(spec ?? {}) as Record<string, unknown>;
  for (const key of ['containers', 'initContainers'])
    for (const c of (copy[key] as Record<string, unknown>[] | undefined) ?? []) delete c.image;
  delete copy.activeDeadlineSeconds;
  delete copy.tolerations;
  delete copy.terminationGracePeriodSeconds;
  // Binding (the scheduler's pods/binding) sets nodeName once; the emulator does it by update.
  if (nodeNameFromEmpty) delete copy.nodeName;
  return stableStringify(copy);
}

export function validatePod(
  obj: KubeObject,
  previous?: KubeObject,
  minorVersion?: number,
): FieldCause[] {
  const pod = obj as PodObject;
  const causes = validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain);
  causes.push(...validatePodSpec(pod.spec, 'spec', minorVersion));
  causes.push(...validateContainersOnlyForPod(pod.spec, 'spec'));
  if (previous) {
    causes.push(...validateObjectMetaUpdate(obj, previous));
    const prev = previous as PodObject;
    const fromEmpty = !prev.spec?.nodeName;
    if (maskedPodSpec(pod.spec, fromEmpty) !== maskedPodSpec(prev.spec, fromEmpty))
      causes.push(forbidden('spec', MUTABLE_POD_SPEC));
  }
  return causes;
}

export const podStrategy: ResourceStrategy = {
  default: defaultPod,
  validate: (obj, previous, ctx) => validatePod(obj, previous, ctx.minorVersion),
  statusUpdate: podStatusUpdate,
};

// --- deployments and replicasets ---------------------------------------------------------------

interface WorkloadObject extends KubeObject {
  spec?: {
    replicas?: number;
    selector?: LabelSelector;
    minReadySeconds?: number;
    revisionHistoryLimit?: number;
    progressDeadlineSeconds?: number;
    strategy?: {
      type?: string;
      rollingUpdate?: { maxSurge?: number | string; maxUnavailable?: number | string };
    };
    template?: { metadata?: { labels?: Record<string, string> }; spec?: PodSpecShape };
    [key: string]: unknown;
  };
  status?: Record<string, unknown>;
}

function defaultWorkload(obj: KubeObject, deployment: boolean, minorVersion?: number) {
  const w = obj as WorkloadObject;
  const spec = (w.spec ??= {});
  spec.replicas ??= 1;
  if (deployment) {
    spec.strategy ??= {};
    spec.strategy.type ??= 'RollingUpdate';
    if (spec.strategy.type === 'RollingUpdate') {
      spec.strategy.rollingUpdate ??= {};
      spec.strategy.rollingUpdate.maxUnavailable ??= '25%';
      spec.strategy.rollingUpdate.maxSurge ??= '25%';
    }
    spec.revisionHistoryLimit ??= 10;
    spec.progressDeadlineSeconds ??= 600;
  }
  spec.template ??= {};
  spec.template.spec ??= {};
  defaultPodSpec(spec.template.spec, minorVersion);
  w.status ??= {};
}

function validateWorkload(
  obj: KubeObject,
  previous: KubeObject | undefined,
  deployment: boolean,
  minorVersion?: number,
): FieldCause[] {
  const w = obj as WorkloadObject;
  const spec = w.spec ?? {};
  const causes = validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain);
  if (typeof spec.replicas === 'number' && spec.replicas < 0)
    causes.push(invalid('spec.replicas', spec.replicas, 'must be greater than or equal to 0'));
  causes.push(...validateSetSelector(spec.selector, 'deployment'));
  const template = spec.template;
  if (!template) {
    causes.push(required('spec.template'));
  } else {
    const labels = template.metadata?.labels;
    if (
      spec.selector &&
      !labelSelectorIsEmpty(spec.selector) &&
      !matchesLabelSelector(spec.selector, labels)
    )
      causes.push(
        invalid(
          'spec.template.metadata.labels',
          goStringMap(labels ?? {}),
          '`selector` does not match template `labels`',
        ),
      );
    causes.push(...validatePodSpec(template.spec, 'spec.template.spec', minorVersion));
    const restart = template.spec?.restartPolicy;
    if (restart && restart !== 'Always')
      causes.push(notSupported('spec.template.spec.restartPolicy', restart, ['Always']));
  }
  if (deployment) {
    const strategy = spec.strategy ?? {};
    if (!strategy.type) causes.push(required('spec.strategy.type'));
    else if (!['Recreate', 'RollingUpdate'].includes(strategy.type))
      causes.push(notSupported('spec.strategy.type', strategy.type, ['Recreate', 'RollingUpdate']));
    if (strategy.type === 'Recreate' && strategy.rollingUpdate)
      causes.push(
        forbidden(
          'spec.strategy.rollingUpdate',
          "may not be specified when strategy `type` is 'Recreate'",
        ),
      );
    const ru = strategy.rollingUpdate;
    if (strategy.type === 'RollingUpdate' && ru) {
      // ValidateRollingUpdateDeployment: only maxUnavailable is capped at 100%.
      const path = 'spec.strategy.rollingUpdate';
      causes.push(...validatePositiveIntOrPercent(ru.maxUnavailable, `${path}.maxUnavailable`));
      causes.push(...validatePositiveIntOrPercent(ru.maxSurge, `${path}.maxSurge`));
      if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0)
        causes.push(
          invalid(
            `${path}.maxUnavailable`,
            goIntOrString(ru.maxUnavailable ?? 0),
            'may not be 0 when `maxSurge` is 0',
          ),
        );
      causes.push(...isNotMoreThan100Percent(ru.maxUnavailable, `${path}.maxUnavailable`));
    }
    if (typeof spec.revisionHistoryLimit === 'number' && spec.revisionHistoryLimit < 0)
      causes.push(
        invalid(
          'spec.revisionHistoryLimit',
          spec.revisionHistoryLimit,
          'must be greater than or equal to 0',
        ),
      );
    if (typeof spec.progressDeadlineSeconds === 'number') {
      if (spec.progressDeadlineSeconds < 0)
        causes.push(
          invalid(
            'spec.progressDeadlineSeconds',
            spec.progressDeadlineSeconds,
            'must be greater than or equal to 0',
          ),
        );
      else if (spec.progressDeadlineSeconds <= (spec.minReadySeconds ?? 0))
        causes.push(
          invalid(
            'spec.progressDeadlineSeconds',
            spec.progressDeadlineSeconds,
            'must be greater than minReadySeconds',
          ),
        );
    }
  }
  if (typeof spec.minReadySeconds === 'number' && spec.minReadySeconds < 0)
    causes.push(
      invalid('spec.minReadySeconds', spec.minReadySeconds, 'must be greater than or equal to 0'),
    );
  if (previous) {
    causes.push(...validateObjectMetaUpdate(obj, previous));
    const before = (previous as WorkloadObject).spec?.selector;
    if (before && spec.selector && stableStringify(before) !== stableStringify(spec.selector))
      causes.push(invalid('spec.selector', goLabelSelector(spec.selector), 'field is immutable'));
  }
  return causes;
}

export const deploymentStrategy: ResourceStrategy = {
  default: (obj, _previous, ctx) => defaultWorkload(obj, true, ctx.minorVersion),
  validate: (obj, previous, ctx) => validateWorkload(obj, previous, true, ctx.minorVersion),
};

export const replicaSetStrategy: ResourceStrategy = {
  default: (obj, _previous, ctx) => defaultWorkload(obj, false, ctx.minorVersion),
  validate: (obj, previous, ctx) => validateWorkload(obj, previous, false, ctx.minorVersion),
};
