/**
 * Whether a pod fits a Node, as the default scheduler's filter plugins and the DaemonSet
 * controller's NodeShouldRunDaemonPod decide it for the predicates simulated here: the Node's
 * Ready condition, `spec.unschedulable`, NoSchedule/NoExecute taints the pod does not tolerate
 * (a not-Ready Node counts as tainted `node.kubernetes.io/not-ready`, as the node lifecycle
 * controller taints it), the pod's `nodeSelector` and its required node affinity (label
 * expressions and `metadata.name` fields, as DaemonSet pods carry). Reasons are upstream's
 * wording, used in `0/N nodes are available: …` messages.
 */
import {
  type LabelOperator,
  type LabelRequirements,
  SelectorError,
  matchesLabels,
  matchesMapSelector,
  newRequirement,
} from '../core/label-selectors';
import type { KubeObject } from '../core/types';
import type { PodCondition } from './util';

export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
}

export interface Taint {
  key: string;
  value?: string;
  effect: string;
}

export const NOT_READY_TAINT = 'node.kubernetes.io/not-ready';
export const UNSCHEDULABLE_TAINT = 'node.kubernetes.io/unschedulable';

export function nodeReady(node: KubeObject): boolean {
  const conditions = (node.status as { conditions?: PodCondition[] } | undefined)?.conditions ?? [];
  return conditions.find((c) => c.type === 'Ready')?.status === 'True';
}

/** upstream v1helper.TolerationsTolerateTaint. */
export function tolerates(tolerations: readonly Toleration[], taint: Taint): boolean {
  return tolerations.some((t) => {
    if (t.effect && t.effect !== taint.effect) return false;
    if (t.operator === 'Exists') return !t.key || t.key === taint.key;
    return t.key === taint.key && (t.value ?? '') === (taint.value ?? '');
  });
}

/** The Node's taints, plus the not-ready taint a not-Ready Node would carry. */
export function effectiveTaints(node: KubeObject): Taint[] {
  const taints: Taint[] = [...((node.spec as { taints?: Taint[] } | undefined)?.taints ?? [])];
  if (!nodeReady(node) && !taints.some((t) => t.key === NOT_READY_TAINT)) {
    taints.push({ key: NOT_READY_TAINT, effect: 'NoSchedule' });
  }
  return taints;
}

/** The first NoSchedule/NoExecute taint the tolerations do not tolerate. */
export function untoleratedTaint(
  taints: readonly Taint[],
  tolerations: readonly Toleration[],
): Taint | undefined {
  return taints.find(
    (t) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerates(tolerations, t),
  );
}

export interface NodeSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

export interface PodPlacementSpec {
  nodeSelector?: Record<string, string>;
  tolerations?: Toleration[];
  affinity?: {
    nodeAffinity?: {
      requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: NodeSelectorTerm[] };
    };
    [key: string]: unknown;
  };
}

const NODE_SELECTOR_OPERATORS: Record<string, LabelOperator> = {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: '!',
  Gt: 'gt',
  Lt: 'lt',
};

/**
 * upstream nodeSelectorRequirementsAsSelector: each expression becomes a label requirement
 * (NewRequirement's checks); undefined when one is refused, and such a term matches nothing.
 */
function expressionsAsRequirements(
  expressions: readonly NodeSelectorRequirement[],
): LabelRequirements | undefined {
  try {
    return expressions.map((req) => {
      const operator = NODE_SELECTOR_OPERATORS[req.operator];
      if (!operator) throw new SelectorError(`${req.operator} is not a valid label operator`);
      return newRequirement(req.key, operator, [...(req.values ?? [])]);
    });
  } catch (error) {
    if (error instanceof SelectorError) return undefined;
    throw error;
  }
}

/**
 * upstream nodeSelectorRequirementsAsFieldSelector, matched against the one field a Node offers
 * (`metadata.name`; any other field reads as empty): In and NotIn with exactly one value.
 */
function fieldMatches(req: NodeSelectorRequirement, node: KubeObject): boolean {
  const values = req.values ?? [];
  if (values.length !== 1) return false;
  const value = req.key === 'metadata.name' ? (node.metadata.name ?? '') : '';
  if (req.operator === 'In') return value === values[0];
  if (req.operator === 'NotIn') return value !== values[0];
  return false;
}

/**
 * upstream nodeaffinity.GetRequiredNodeAffinity(pod).Match: the nodeSelector, and any of the
 * required terms (an empty term matches nothing).
 */
export function matchesNodeSelection(node: KubeObject, spec: PodPlacementSpec): boolean {
  if (!matchesMapSelector(spec.nodeSelector ?? {}, node.metadata.labels)) return false;
  const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (!required) return true;
  return (required.nodeSelectorTerms ?? []).some((term) => {
    const expressions = term.matchExpressions ?? [];
    const fields = term.matchFields ?? [];
    if (expressions.length === 0 && fields.length === 0) return false;
    const requirements = expressionsAsRequirements(expressions);
    return (
      requirements !== undefined &&
      matchesLabels(requirements, node.metadata.labels) &&
      fields.every((req) => fieldMatches(req, node))
    );
  });
}

/**
 * Why `spec` cannot go to `node` (upstream's reason text), or undefined if it may. `unschedulable`
 * is checked as the NodeUnschedulable plugin does (a pod tolerating the unschedulable taint may
 * still go there).
 */
export function nodeMisfit(node: KubeObject, spec: PodPlacementSpec): string | undefined {
  const tolerations = spec.tolerations ?? [];
  if (
    (node.spec as { unschedulable?: boolean } | undefined)?.unschedulable &&
    !tolerates(tolerations, { key: UNSCHEDULABLE_TAINT, effect: 'NoSchedule' })
  ) {
    return 'node(s) were unschedulable';
  }
  const blocking = untoleratedTaint(effectiveTaints(node), tolerations);
  if (blocking) return `node(s) had untolerated taint {${blocking.key}: ${blocking.value ?? ''}}`;
  if (!matchesNodeSelection(node, spec)) {
    return "node(s) didn't match Pod's node affinity/selector";
  }
  return undefined;
}
