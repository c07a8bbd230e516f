/**
 * The records a maintained model holds, by kind and uid, and the same records as the arrays of a
 * ClusterSnapshot, kept current in O(1) per change (a delete moves the last record into the gap).
 *
 * Contract: the snapshot's arrays are in no particular order (everything that reads a snapshot
 * sorts, snapshot-index.ts); they are edited in place, so a caller that keeps a snapshot across
 * changes must copy it. Events are not part of a snapshot and are ignored. Isomorphic.
 */
import { emptySnapshot, type ClusterSnapshot, type RecordKind, type SlimRecord } from './records';

type ArrayField = Exclude<keyof ClusterSnapshot, 'visibility' | 'unread'>;

const FIELD: Partial<Record<RecordKind, ArrayField>> = {
  Namespace: 'namespaces',
  Node: 'nodes',
  Service: 'services',
  EndpointSlice: 'endpointSlices',
  Endpoints: 'endpoints',
  Pod: 'pods',
  Deployment: 'deployments',
  ReplicaSet: 'replicaSets',
  StatefulSet: 'statefulSets',
  DaemonSet: 'daemonSets',
};

export class RecordStore {
  readonly snapshot: ClusterSnapshot = emptySnapshot();
  private readonly byKind = new Map<RecordKind, Map<string, SlimRecord>>();
  /** Each record's position in its snapshot array, by uid. */
  private readonly position = new Map<RecordKind, Map<string, number>>();
  /** How many records are held. */
  size = 0;

  constructor(records: Iterable<SlimRecord> = []) {
    for (const record of records) this.put(record);
  }

  private array(kind: RecordKind): SlimRecord[] | undefined {
    const field = FIELD[kind];
    return field ? (this.snapshot[field] as SlimRecord[]) : undefined;
  }

  private mapOf<T>(maps: Map<RecordKind, Map<string, T>>, kind: RecordKind): Map<string, T> {
    let m = maps.get(kind);
    if (!m) maps.set(kind, (m = new Map()));
    return m;
  }

  get(kind: RecordKind, uid: string): SlimRecord | undefined {
    return this.byKind.get(kind)?.get(uid);
  }

  /** Adds or replaces a record; returns the one it replaced. */
  put(record: SlimRecord): SlimRecord | undefined {
    const array = this.array(record.kind);
    if (!array) return undefined;
    const uid = record.meta.uid;
    const records = this.mapOf(this.byKind, record.kind);
    const positions = this.mapOf(this.position, record.kind);
    const old = records.get(uid);
    records.set(uid, record);
    const at = positions.get(uid);
    if (at === undefined) {
      this.size++;
      positions.set(uid, array.length);
      array.push(record);
    } else {
      array[at] = record;
    }
    return old;
  }

  /** Removes a record; returns it (undefined when it was not held). */
  remove(kind: RecordKind, uid: string): SlimRecord | undefined {
    const records = this.byKind.get(kind);
    const old = records?.get(uid);
    const array = this.array(kind);
    if (!old || !array) return undefined;
    records!.delete(uid);
    this.size--;
    const positions = this.position.get(kind)!;
    const at = positions.get(uid)!;
    positions.delete(uid);
    const last = array.pop()!;
    if (at < array.length) {
      array[at] = last;
      positions.set(last.meta.uid, at);
    }
    return old;
  }
}
