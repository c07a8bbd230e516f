/**
 * A Service's life in five steps for the history tests: first sync, a scale-up, a pod turning
 * not-ready, its removal, a selector change (with its author) and a Warning Event — and what a
 * trail answers about it, in a form two trails can be compared by.
 *
 * Contract: `playScenario(history, clock)` feeds the batches in order, advancing the clock a
 * minute before each change, and returns the instants worth asking `stateAt` about (before the
 * first sync, between every two changes, after the last). `answers()` collects, for those
 * instants, everything the timeline API would return. Test-only.
 */
import type { ServiceHistory } from '../../diagnostics/service-history';
import { controllerSlices } from '../../topology/testing/endpoints';
import { deploymentPods, objectMeta, serviceRecord } from '../../topology/testing/objects';
import type { EventRecord, PodRecord, ServiceRecord } from '../../topology/records';

export const SERVICE = ['default', 'ingress-nginx'] as const;

export function testClock(start = Date.parse('2026-11-26T03:00:00Z')) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

export type TestClock = ReturnType<typeof testClock>;

export function playScenario(history: ServiceHistory, clock: TestClock): number[] {
  const instants = [clock.now() - 1000];
  const svc = serviceRecord(...SERVICE, { selector: { app: 'nginx' } });
  const pods = deploymentPods('default', 'nginx-deployment', 2, { labels: { app: 'nginx' } });
  history.apply(
    { upserts: [svc, ...pods, ...controllerSlices(svc, pods)], deletes: [] },
    { initial: true },
  );
  const step = () => {
    instants.push(clock.now() + 30_000);
    clock.advance(60_000);
  };
  step();
  const scaled = deploymentPods('default', 'nginx-deployment', 3, { labels: { app: 'nginx' } });
  history.apply({ upserts: [...scaled.slice(2), ...controllerSlices(svc, scaled)], deletes: [] });
  step();
  const unready: PodRecord[] = scaled.map((p, i) => (i === 0 ? { ...p, ready: false } : p));
  history.apply({ upserts: controllerSlices(svc, unready), deletes: [] });
  step();
  history.apply({ upserts: controllerSlices(svc, unready.slice(1)), deletes: [] });
  step();
  const edited: ServiceRecord = {
    ...svc,
    meta: { ...svc.meta, resourceVersion: `${svc.meta.resourceVersion}0` },
    selector: { app: 'web' },
    selectorChange: {
      manager: 'kubectl-edit',
      operation: 'Update',
      time: new Date(clock.now()).toISOString(),
    },
  };
  history.apply({ upserts: [edited], deletes: [] });
  history.apply({ upserts: controllerSlices(edited, unready.slice(1)), deletes: [] });
  step();
  const event: EventRecord = {
    kind: 'Event',
    meta: objectMeta('Event', 'default', 'ingress-nginx.1'),
    involved: { kind: 'Service', namespace: 'default', name: 'ingress-nginx' },
    type: 'Warning',
    reason: 'NoEndpoints',
    message: 'the selector matches no pods',
    count: 1,
    lastTimestamp: new Date(clock.now()).toISOString(),
  };
  history.apply({ upserts: [event], deletes: [] });
  instants.push(clock.now() + 1000);
  return instants;
}

/** Everything the timeline answers about the scenario's Service at those instants. */
export function answers(history: ServiceHistory, instants: number[]) {
  return {
    retainedSince: history.retainedSince(...SERVICE),
    entries: history.entries(...SERVICE),
    states: instants.map((t) => history.stateAt(...SERVICE, t)),
  };
}
