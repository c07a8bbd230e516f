/**
 * The pieces every slimmer shares (slim.ts for the core kinds, slim-workloads.ts for apps/v1):
 * the intern pool, typed reads of untyped wire JSON, labels and the controlling owner.
 *
 * Contract: pure; a read of a field of the wrong type is `undefined` (or empty), never a throw,
 * because a permissive server may serve anything.
 */
import type { OwnerRecord } from '../topology/records';

/* eslint-disable @typescript-eslint/no-explicit-any -- raw wire JSON is untyped by nature */
export type Any = any;

/**
 * A bounded intern pool: one copy of each short repeated string (`s`), and one shared instance
 * of each repeated small value (`v`: label maps, port lists, container statuses, owners), so
 * pods of one ReplicaSet share everything but their name, uid, IP and resourceVersion. Sharing
 * is safe because records are immutable once stored (cache.ts).
 */
export class InternPool {
  private readonly strings = new Map<string, string>();
  private readonly values = new Map<string, unknown>();
  constructor(private readonly maxEntries = 200_000) {}
  s(value: string): string;
  s(value: string | undefined): string | undefined;
  s(value: string | undefined): string | undefined {
    if (value === undefined || value.length > 128) return value;
    const hit = this.strings.get(value);
    if (hit !== undefined) return hit;
    // A pool that is full stops growing; strings are then simply not shared.
    if (this.strings.size < this.maxEntries) this.strings.set(value, value);
    return value;
  }
  v<T>(value: T): T {
    const key = JSON.stringify(value);
    if (key.length > 1024) return value;
    const hit = this.values.get(key);
    if (hit !== undefined) return hit as T;
    if (this.values.size < this.maxEntries) this.values.set(key, value);
    return value;
  }
  get size(): number {
    return this.strings.size + this.values.size;
  }
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
export function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}
export function bool(v: unknown): boolean | undefined {
  return typeof v === 'boolean' ? v : undefined;
}
export function arr(v: unknown): Any[] {
  return Array.isArray(v) ? v : [];
}
/**
 * The strings of a wire array, in an array of exactly their number: `filter` grows its result as
 * `push` does (room for 17 after the first element), which at one address per EndpointSlice
 * endpoint was ≈ 130 bytes of empty slots per endpoint kept by the cache.
 */
export function strings(v: unknown, pool?: InternPool): string[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out = v.every((x) => typeof x === 'string')
    ? (v as string[]).slice()
    : exact(v.filter((x): x is string => typeof x === 'string'));
  return pool ? out.map((x) => pool.s(x)) : out;
}

/** A copy of an array built by `push`/`filter` without its spare capacity, for arrays a record keeps. */
export function exact<T>(built: T[]): T[] {
  return built.length === 0 ? [] : built.slice();
}

export function labelsOf(v: unknown, pool: InternPool): Record<string, string> | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const out: Record<string, string> = {};
  let any = false;
  for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
    if (typeof val === 'string') {
      out[pool.s(k)] = pool.s(val);
      any = true;
    }
  }
  return any ? out : undefined;
}

/** The controlling owner reference (`controller: true`), else the first one; shared via the pool. */
export function ownerOf(metadata: Any, pool: InternPool): OwnerRecord | undefined {
  const refs = arr(metadata?.ownerReferences);
  const owner = refs.find((o: Any) => o?.controller === true) ?? refs[0];
  if (!owner || !str(owner.kind) || !str(owner.name)) return undefined;
  const out: OwnerRecord = { kind: pool.s(str(owner.kind)!), name: pool.s(str(owner.name)!) };
  if (str(owner.uid)) out.uid = str(owner.uid);
  return pool.v(out);
}
