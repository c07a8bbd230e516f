/**
 * `POST pods/{name}/eviction` (policy/v1 Eviction; a policy/v1beta1 body is accepted too, as
 * upstream's EvictionREST.AcceptsGroupVersion does), following
 * pkg/registry/core/pod/storage/eviction.go: a pod that is Pending, terminal or already being
 * deleted is deleted without looking at budgets; otherwise the one PodDisruptionBudget selecting
 * it must allow a disruption, which is taken (disruptionsAllowed − 1, the pod recorded in
 * status.disruptedPods) before the pod is deleted with the Eviction's DeleteOptions. A refusal is
 * upstream's 429 TooManyRequests with the DisruptionBudget cause; more than one budget is the
 * 500 Status upstream returns. Success is a 201 Success Status. Store writes are synchronous, so
 * upstream's conflict retries have nothing to race with here.
 */
import { parse as parseYaml } from 'yaml';
import { ApiError, badRequest, forbidden, notFound } from '../../core/errors';
import {
  labelSelectorIsEmpty,
  matchesLabelSelector,
  type LabelSelector,
} from '../../core/label-selectors';
import { decodeProtobufObject, PROTOBUF_TYPE } from '../../core/protobuf';
import { timestamp } from '../../core/time';
import type { DeleteOptions, KubeObject } from '../../core/types';
import { successStatus } from '../responses';
import type { RestContext, RestRequest } from './context';
import { deleteOptions } from './delete';
import { mediaType, unrecognized } from './decode';
import { respond } from './output';
import { admit } from './write';

/** upstream MaxDisruptedPodSize. */
const MAX_DISRUPTED_POD_SIZE = 2000;
const EVICTION_VERSIONS = ['policy/v1', 'policy/v1beta1'];
const VIOLATES = "Cannot evict pod as it would violate the pod's disruption budget.";

interface BudgetStatus {
  observedGeneration?: number;
  disruptionsAllowed?: number;
  currentHealthy?: number;
  desiredHealthy?: number;
  disruptedPods?: Record<string, string>;
  conditions?: { type: string; status: string; reason?: string; lastTransitionTime?: string }[];
}
type Budget = KubeObject & {
  spec?: { selector?: LabelSelector; unhealthyPodEvictionPolicy?: string };
  status?: BudgetStatus;
};

/** errors.NewTooManyRequests plus the DisruptionBudget cause. */
function tooManyRequests(retryAfterSeconds: number, cause: string): ApiError {
  const details = {
    causes: [{ reason: 'DisruptionBudget', message: cause }],
    ...(retryAfterSeconds > 0 ? { retryAfterSeconds } : {}),
  };
  const error = new ApiError(429, 'TooManyRequests', VIOLATES, details);
  if (retryAfterSeconds > 0) error.headers['Retry-After'] = String(retryAfterSeconds);
  return error;
}

/** createTooManyRequestsError. */
const stillProcessing = (name: string) =>
  tooManyRequests(10, `The disruption budget ${name} is still being processed by the server.`);

function decodeEviction(req: RestRequest): KubeObject {
  const type = mediaType(req.request);
  if (type === PROTOBUF_TYPE) return decodeProtobufObject(req.body, 'Eviction');
  const text = new TextDecoder().decode(req.body);
  let value: unknown;
  try {
    value = type === 'application/yaml' ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    throw unrecognized('Eviction', error, text);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw badRequest('the object provided is unrecognized (must be of type Eviction)');
  const eviction = value as KubeObject;
  if (eviction.apiVersion !== undefined && !EVICTION_VERSIONS.includes(eviction.apiVersion))
    throw badRequest(
      `the API version in the data (${eviction.apiVersion}) does not match the expected API version (policy/v1)`,
    );
  return eviction;
}

const isReady = (pod: KubeObject) =>
  (
    (pod.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ??
    []
  ).some((c) => c.type === 'Ready' && c.status === 'True');

const phaseOf = (pod: KubeObject) => (pod.status as { phase?: string } | undefined)?.phase;

/** canIgnorePDB: the pod has already stopped counting, or never did. */
function canIgnoreBudgets(pod: KubeObject): boolean {
  const phase = phaseOf(pod);
  return (
    phase === 'Succeeded' ||
    phase === 'Failed' ||
    phase === 'Pending' ||
    pod.metadata.deletionTimestamp !== undefined
  );
}

/** getPodDisruptionBudgets: a nil, empty or invalid selector matches nothing. */
function budgetsFor(ctx: RestContext, pod: KubeObject): Budget[] {
  return (ctx.store.list('poddisruptionbudgets', pod.metadata.namespace ?? '') as Budget[]).filter(
    (b) => {
      const selector = b.spec?.selector;
      if (!selector || labelSelectorIsEmpty(selector)) return false;
      return matchesLabelSelector(selector, pod.metadata.labels);
    },
  );
}

/** checkAndDecrement: takes one disruption from the budget or throws upstream's refusal. */
function checkAndDecrement(ctx: RestContext, pod: KubeObject, budget: Budget, dryRun: boolean) {
  const name = budget.metadata.name ?? '';
  const status = budget.status ?? {};
  if ((status.observedGeneration ?? 0) < (budget.metadata.generation ?? 0))
    throw stillProcessing(name);
  const allowed = status.disruptionsAllowed ?? 0;
  if (allowed < 0)
    throw forbidden('poddisruptionbudget', 'policy', name, 'pdb disruptions allowed is negative');
  if (Object.keys(status.disruptedPods ?? {}).length > MAX_DISRUPTED_POD_SIZE)
    throw forbidden(
      'poddisruptionbudget',
      'policy',
      name,
      'DisruptedPods map too big - too many evictions not confirmed by PDB controller',
    );
  if (allowed === 0)
    throw tooManyRequests(
      0,
      `The disruption budget ${name} needs ${status.desiredHealthy ?? 0} healthy pods and has ${status.currentHealthy ?? 0} currently`,
    );
  if (dryRun) return;
  const next = structuredClone(budget) as Budget;
  const nextStatus: BudgetStatus = (next.status ??= {});
  nextStatus.disruptionsAllowed = allowed - 1;
  if (nextStatus.disruptionsAllowed === 0) {
    // pdbhelper.UpdateDisruptionAllowedCondition with no disruptions left.
    const conditions = nextStatus.conditions ?? [];
    const existing = conditions.find((c) => c.type === 'DisruptionAllowed');
    const condition = {
      type: 'DisruptionAllowed',
      status: 'False',
      observedGeneration: nextStatus.observedGeneration,
      lastTransitionTime:
        existing?.status === 'False' ? existing.lastTransitionTime : timestamp(new Date()),
      reason: 'InsufficientPods',
      message: '',
    };
    nextStatus.conditions = existing
      ? conditions.map((c) => (c === existing ? condition : c))
      : [...conditions, condition];
  }
  nextStatus.disruptedPods = {
    ...nextStatus.disruptedPods,
    [pod.metadata.name ?? '']: timestamp(new Date()),
  };
  ctx.store.updateStatus('poddisruptionbudgets', next, { fieldManager: 'kube-apiserver' });
}

/** setPreconditionsResourceVersion on a copy: the pod must not have changed since it was read. */
const pinnedTo = (opts: DeleteOptions, pod: KubeObject): DeleteOptions => ({
  ...opts,
  preconditions: { ...opts.preconditions, resourceVersion: pod.metadata.resourceVersion },
});

export function evict(ctx: RestContext, req: RestRequest): Response {
  const { route } = req;
  const namespace = route.namespace ?? '';
  const name = route.name ?? '';
  const eviction = decodeEviction(req);
  if (name !== eviction.metadata?.name)
    throw badRequest('name in URL does not match name in Eviction object');
  const query = new URL(req.url);
  query.search = '';
  for (const v of req.url.searchParams.getAll('dryRun')) query.searchParams.append('dryRun', v);
  const evictionOptions = (eviction as { deleteOptions?: unknown }).deleteOptions ?? {};
  const original = deleteOptions(query, new TextEncoder().encode(JSON.stringify(evictionOptions)));
  const dryRun = original.dryRun ?? false;
  admit(ctx, req, 'CREATE', { namespace, name, object: eviction }, dryRun);
  const pod = ctx.store.get('pods', namespace, name);
  if (!pod) throw notFound('pods', '', name);
  const rvUnset = original.preconditions?.resourceVersion === undefined;
  const created = () => respond(ctx, 201, successStatus({ code: 201 }), route.info);

  if (canIgnoreBudgets(pod)) {
    // shouldEnforceResourceVersion: a Pending pod could turn ready meanwhile.
    const enforce = phaseOf(pod) === 'Pending' && pod.metadata.deletionTimestamp === undefined;
    ctx.store.deleteDetailed(
      'pods',
      namespace,
      name,
      enforce && rvUnset ? pinnedTo(original, pod) : original,
    );
    return created();
  }
  const budgets = budgetsFor(ctx, pod);
  if (budgets.length > 1)
    throw new ApiError(
      500,
      '',
      'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
    );
  let pinned = false;
  const [budget] = budgets;
  if (budget) {
    const status = budget.status ?? {};
    const desired = status.desiredHealthy ?? 0;
    // An unready pod does not count as healthy: evicting it takes nothing from the budget.
    if (
      !isReady(pod) &&
      (((status.currentHealthy ?? 0) >= desired && desired > 0) ||
        budget.spec?.unhealthyPodEvictionPolicy === 'AlwaysAllow')
    )
      pinned = true;
    else checkAndDecrement(ctx, pod, budget, dryRun);
  }
  try {
    ctx.store.deleteDetailed('pods', namespace, name, pinned ? pinnedTo(original, pod) : original);
  } catch (error) {
    // The pod changed (it may have turned ready) since the budget was checked: retry later.
    if (pinned && rvUnset && (error as ApiError).code === 409)
      throw stillProcessing(budget?.metadata.name ?? '');
    throw error;
  }
  return created();
}
