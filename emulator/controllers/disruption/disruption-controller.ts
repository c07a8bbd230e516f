/**
 * The disruption controller (upstream pkg/controller/disruption/disruption.go): keeps every
 * PodDisruptionBudget's status — expectedPods, currentHealthy, desiredHealthy,
 * disruptionsAllowed, observedGeneration, disruptedPods and the DisruptionAllowed condition
 * (SufficientPods / InsufficientPods; SyncFailed with the error when the expected count cannot
 * be computed, upstream's failSafe) — from the pods its selector picks. A PDB is synced when it
 * changes and when a pod it selects (before or after the change) changes; an eviction recorded
 * in disruptedPods is rechecked when its DeletionTimeout runs out. Writes nothing when the
 * status is already right, so its own status writes settle after one more sync.
 */
import type { ClusterStore, Controller, KubeObject, StoreEvent } from '../../core/types';
import { type LabelSelector, matchesLabelSelector } from '../../core/label-selectors';
import type { ObjectCache } from '../cache';
import { type LoopContext, objectKey, queueAll, runControllerLoop } from '../controller-loop';
import type { EventRecorder } from '../events';
import { splitKey } from '../util';
import { CONTROLLER_MANAGER } from '../writes';
import {
  type Budget,
  type BudgetStatus,
  conditionsAreUpToDate,
  countHealthyPods,
  disruptedPodMap,
  disruptionAllowedConditions,
  expectedPodCount,
  setCondition,
  DISRUPTION_ALLOWED,
} from './budget';
import { deepEqual } from '../../core/deep-equal';

interface DisruptionContext extends LoopContext {
  store: ClusterStore;
  recorder: EventRecorder;
  now: () => number;
}

const selectorOf = (budget: KubeObject) =>
  (budget.spec as { selector?: LabelSelector } | undefined)?.selector;

/** getPodsForPdb: the pods of the PDB's namespace its selector matches (nil matches none). */
function podsFor(ctx: DisruptionContext, budget: KubeObject): KubeObject[] {
  const selector = selectorOf(budget);
  if (!selector) return [];
  const out: KubeObject[] = [];
  for (const pod of ctx.cache.list('pods', budget.metadata.namespace ?? '')) {
    if (matchesLabelSelector(selector, pod.metadata.labels)) out.push(pod);
  }
  return out;
}

const isConflict = (error: unknown) =>
  (error as { status?: { code?: number } } | undefined)?.status?.code === 409;

function writeStatus(ctx: DisruptionContext, budget: Budget, status: BudgetStatus): void {
  const next = structuredClone(budget) as Budget;
  const out: BudgetStatus = { ...status };
  if (!out.observedGeneration) delete out.observedGeneration;
  if (!out.disruptedPods || Object.keys(out.disruptedPods).length === 0) delete out.disruptedPods;
  next.status = out;
  ctx.store.updateStatus('poddisruptionbudgets', next, CONTROLLER_MANAGER);
}

/** trySync + updatePdbStatus. Throws what makes upstream's sync fail. */
function trySync(ctx: DisruptionContext, budget: Budget): void {
  const pods = podsFor(ctx, budget);
  if (pods.length === 0)
    ctx.recorder.record(budget, {
      type: 'Normal',
      reason: 'NoPods',
      message: 'No matching pods found',
    });
  let expected;
  try {
    expected = expectedPodCount(budget, pods, (r, ns, n) => ctx.cache.get(r, ns, n));
  } catch (error) {
    const message = `Failed to calculate the number of expected pods: ${(error as Error).message}`;
    ctx.recorder.record(budget, {
      type: 'Warning',
      reason: 'CalculateExpectedPodCountFailed',
      message,
    });
    throw error;
  }
  if (expected.unmanagedPods.length > 0)
    ctx.recorder.record(budget, {
      type: 'Warning',
      reason: 'UnmanagedPods',
      message:
        `Pods selected by this PodDisruptionBudget (selector: ${goSelector(selectorOf(budget))}) were found ` +
        'to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. ' +
        'To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.',
    });
  const now = ctx.now();
  const { disrupted, expired, recheckAt } = disruptedPodMap(budget, pods, now);
  for (const pod of expired) {
    // upstream prints the namespace twice here.
    const ns = budget.metadata.namespace ?? '';
    ctx.recorder.record(pod, {
      type: 'Warning',
      reason: 'NotDeleted',
      message: `Pod was expected by PDB ${ns}/${ns} to be deleted but it wasn't`,
    });
  }
  const currentHealthy = countHealthyPods(pods, disrupted, now);
  const { expectedCount, desiredHealthy } = expected;
  // expectedCount > 0 keeps a PDB whose first pods appear before this sync in a safe state.
  let disruptionsAllowed = currentHealthy - desiredHealthy;
  if (expectedCount <= 0 || disruptionsAllowed <= 0) disruptionsAllowed = 0;
  const status = budget.status;
  const generation = budget.metadata.generation ?? 0;
  const upToDate =
    status !== undefined &&
    status.currentHealthy === currentHealthy &&
    status.desiredHealthy === desiredHealthy &&
    status.expectedPods === expectedCount &&
    status.disruptionsAllowed === disruptionsAllowed &&
    deepEqual(status.disruptedPods ?? {}, disrupted) &&
    (status.observedGeneration ?? 0) === generation &&
    conditionsAreUpToDate(budget);
  if (!upToDate) {
    const next: BudgetStatus = {
      observedGeneration: generation,
      disruptedPods: disrupted,
      disruptionsAllowed,
      currentHealthy,
      desiredHealthy,
      expectedPods: expectedCount,
      conditions: status?.conditions,
    };
    next.conditions = disruptionAllowedConditions(next, now);
    writeStatus(ctx, budget, next);
  }
  if (recheckAt !== undefined) ctx.queue.addAfter(objectKey(budget), Math.max(0, recheckAt - now));
}

/** The selector as Go's %v prints a *metav1.LabelSelector (enough for the event text). */
function goSelector(selector: LabelSelector | undefined): string {
  if (!selector) return '<nil>';
  const labels = Object.entries(selector.matchLabels ?? {})
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}: ${v},`)
    .join('');
  const expressions = (selector.matchExpressions ?? [])
    .map(
      (e) =>
        `LabelSelectorRequirement{Key:${e.key ?? ''},Operator:${e.operator ?? ''},Values:[${(e.values ?? []).join(' ')}],},`,
    )
    .join('');
  return `&LabelSelector{MatchLabels:map[string]string{${labels}},MatchExpressions:[]LabelSelectorRequirement{${expressions}},}`;
}

/** failSafe: no disruptions allowed and DisruptionAllowed=False, reason SyncFailed. */
function failSafe(ctx: DisruptionContext, budget: Budget, error: unknown): void {
  const status: BudgetStatus = {
    disruptionsAllowed: 0,
    currentHealthy: 0,
    desiredHealthy: 0,
    expectedPods: 0,
    ...budget.status,
  };
  status.disruptionsAllowed = 0;
  status.conditions = setCondition(
    status.conditions ?? [],
    {
      type: DISRUPTION_ALLOWED,
      status: 'False',
      reason: 'SyncFailed',
      message: (error as Error).message ?? String(error),
      observedGeneration: status.observedGeneration,
    },
    ctx.now(),
  );
  if (!deepEqual(status, budget.status)) writeStatus(ctx, budget, status);
}

function sync(ctx: DisruptionContext, key: string): void {
  const [namespace, name] = splitKey(key);
  const budget = ctx.cache.get('poddisruptionbudgets', namespace, name) as Budget | undefined;
  if (!budget) return;
  try {
    trySync(ctx, budget);
  } catch (error) {
    // A conflict is retried as it is; anything else leaves the PDB failing safe.
    if (isConflict(error)) throw error;
    if ((error as { status?: { code?: number } } | undefined)?.status?.code === 404) return;
    failSafe(ctx, budget, error);
  }
}

/** Queues the PDBs of the pod's namespace that select it now or selected it before. */
function onPodEvent(ctx: DisruptionContext, event: StoreEvent): void {
  const namespace = event.object.metadata.namespace ?? '';
  for (const budget of ctx.cache.list('poddisruptionbudgets', namespace)) {
    const selector = selectorOf(budget);
    if (
      matchesLabelSelector(selector, event.object.metadata.labels) ||
      (event.previous && matchesLabelSelector(selector, event.previous.metadata.labels))
    )
      ctx.queue.add(objectKey(budget));
  }
}

export function createDisruptionController(
  store: ClusterStore,
  cache: ObjectCache,
  recorder: EventRecorder,
  now: () => number = Date.now,
): Controller {
  return runControllerLoop<DisruptionContext>(
    {
      name: 'disruption-controller',
      sync,
      onEvent(ctx, event) {
        if (event.resource === 'poddisruptionbudgets') {
          if (event.type !== 'DELETED') ctx.queue.add(objectKey(event.object));
        } else if (event.resource === 'pods') onPodEvent(ctx, event);
      },
      initialSync: (ctx) => queueAll(ctx, ctx.cache.list('poddisruptionbudgets')),
    },
    (queue) => ({ store, cache, queue, recorder, now }),
  );
}
