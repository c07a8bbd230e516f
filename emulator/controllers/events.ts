/**
 * core/v1 Events for the emulator's controllers and kubelet, shaped as client-go's event
 * recorder writes them (`<object>.<hex nanos>` names, involvedObject, source, first/last
 * timestamps, count) so `kubectl describe` and Switchboard's timeline read them as from a real
 * cluster. Repeats of the same (object, type, reason, message) within 10 minutes bump `count`
 * and `lastTimestamp` instead of creating a new Event, as client-go's EventCorrelator does.
 * Writing an event never fails the caller (a namespace being deleted rejects creates).
 */
import type { ClusterStore, KubeObject } from '../core/types';
import { rfc3339 } from './util';

export interface EventSource {
  component: string;
  host?: string;
}

export interface RecordOptions {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  /** e.g. `spec.containers{nginx}` for container events. */
  fieldPath?: string;
}

const AGGREGATE_WINDOW_MS = 10 * 60 * 1000;

export class EventRecorder {
  private readonly recent = new Map<string, { name: string; namespace: string; at: number }>();
  private counter = 0;

  constructor(
    private readonly store: ClusterStore,
    private readonly source: EventSource,
  ) {}

  record(object: KubeObject, options: RecordOptions): void {
    const namespace = object.metadata.namespace || 'default';
    const now = new Date();
    const key = [
      object.metadata.uid,
      options.fieldPath ?? '',
      options.type,
      options.reason,
      options.message,
      this.source.component,
      this.source.host ?? '',
    ].join('\u0000');
    try {
      const seen = this.recent.get(key);
      if (seen && now.getTime() - seen.at < AGGREGATE_WINDOW_MS) {
        const existing = this.store.get('events', seen.namespace, seen.name);
        if (existing) {
          const next = structuredClone(existing) as KubeObject & { count?: number };
          next.count = (next.count ?? 1) + 1;
          next.lastTimestamp = rfc3339(now);
          this.store.update('events', next);
          seen.at = now.getTime();
          return;
        }
      }
      const nanos = BigInt(now.getTime()) * 1_000_000n + BigInt(this.counter++ % 1_000_000);
      const name = `${object.metadata.name ?? 'unknown'}.${nanos.toString(16)}`;
      const apiVersion = object.apiVersion;
      this.store.create('events', {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name, namespace },
        involvedObject: {
          kind: object.kind,
          namespace: object.metadata.namespace,
          name: object.metadata.name,
          uid: object.metadata.uid,
          apiVersion,
          resourceVersion: object.metadata.resourceVersion,
          ...(options.fieldPath ? { fieldPath: options.fieldPath } : {}),
        },
        reason: options.reason,
        message: options.message,
        source: { ...this.source },
        firstTimestamp: rfc3339(now),
        lastTimestamp: rfc3339(now),
        count: 1,
        type: options.type,
        eventTime: null,
        reportingComponent: this.source.component,
        reportingInstance: this.source.host ?? '',
      });
      this.recent.set(key, { name, namespace, at: now.getTime() });
      if (this.recent.size > 10_000) this.prune(now.getTime());
    } catch {
      // Events are best effort, as in client-go.
    }
  }

  private prune(now: number): void {
    for (const [key, value] of this.recent) {
      if (now - value.at >= AGGREGATE_WINDOW_MS) this.recent.delete(key);
    }
  }
}
