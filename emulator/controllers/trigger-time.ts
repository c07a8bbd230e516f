/**
 * The `endpoints.kubernetes.io/last-change-trigger-time` bookkeeping, after upstream
 * staging/src/k8s.io/endpointslice/util/trigger_time_tracker.go: per Service, remember each pod's
 * trigger time (its Ready condition's lastTransitionTime) and the Service's (its
 * creationTimestamp, as upstream); the first sync of a Service triggers at the Service's
 * creation, later ones at the earliest of those times that moved since the previous sync, or at
 * none (the caller then removes the annotation). Pinned by trigger-time.test.ts.
 */
import type { KubeObject } from '../core/types';
import { getPodCondition } from './util';

export const LAST_CHANGE_TRIGGER_TIME = 'endpoints.kubernetes.io/last-change-trigger-time';

/**
 * Sets (or, without a trigger time, removes) the annotation on an object about to be written;
 * an object left without annotations has none at all.
 */
export function setTriggerTime(object: KubeObject, triggerTime: string | undefined): void {
  const annotations = { ...(object.metadata.annotations ?? {}) };
  if (triggerTime) annotations[LAST_CHANGE_TRIGGER_TIME] = triggerTime;
  else delete annotations[LAST_CHANGE_TRIGGER_TIME];
  if (Object.keys(annotations).length > 0) object.metadata.annotations = annotations;
  else delete object.metadata.annotations;
}

interface ServiceState {
  lastPodTriggerTimes: Map<string, number>;
  lastServiceTriggerTime: number;
}

export class TriggerTimeTracker {
  private readonly states = new Map<string, ServiceState>();

  /** Returns the trigger time as the wire string, or undefined when nothing triggered. */
  compute(namespace: string, service: KubeObject, pods: readonly KubeObject[]): string | undefined {
    const key = `${namespace}/${service.metadata.name ?? ''}`;
    let state = this.states.get(key);
    const first = !state;
    if (!state) {
      state = { lastPodTriggerTimes: new Map(), lastServiceTriggerTime: 0 };
      this.states.set(key, state);
    }
    let min: { ms: number; text: string } | undefined;
    const consider = (ms: number, text: string) => {
      if (!min || ms < min.ms) min = { ms, text };
    };
    const next = new Map<string, number>();
    for (const pod of pods) {
      const text = getPodCondition(pod, 'Ready')?.lastTransitionTime;
      if (!text) continue;
      const ms = Date.parse(text);
      if (Number.isNaN(ms)) continue;
      next.set(pod.metadata.name ?? '', ms);
      if (ms > (state.lastPodTriggerTimes.get(pod.metadata.name ?? '') ?? 0)) consider(ms, text);
    }
    const serviceText = service.metadata.creationTimestamp;
    const serviceMs = serviceText ? Date.parse(serviceText) : NaN;
    if (
      serviceText &&
      !Number.isNaN(serviceMs) &&
      (first || serviceMs > state.lastServiceTriggerTime)
    ) {
      consider(serviceMs, serviceText);
    }
    state.lastPodTriggerTimes = next;
    state.lastServiceTriggerTime = Number.isNaN(serviceMs) ? 0 : serviceMs;
    // A Service seen for the first time triggers at its creation, whatever its pods' times
    // (upstream TestNewServiceExistingPods).
    if (first) return serviceText && !Number.isNaN(serviceMs) ? serviceText : undefined;
    return min?.text;
  }

  deleteService(namespace: string, name: string): void {
    this.states.delete(`${namespace}/${name}`);
  }
}
