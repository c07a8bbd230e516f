/**
 * Near misses: the pods a selector that matches nothing almost matches — a misspelt value or key,
 * one pair off on a multi-key selector, or the whole selector matching in another namespace. They
 * become the "closest:" hint of `selector-matches-no-pods` (selector.ts).
 *
 * Contract: pure; results ordered value-typo, key-typo, value-differs, key-missing, then (for
 * value typos) by edit distance, then by pod name, with the other-namespace matches after (namespace order) and at most `limit` in all. Cost
 * is the namespace's distinct labels plus the candidate pods, never a scan of every pod.
 */
import type { PodRecord } from '../records';
import { isTerminalPod, podId } from '../routing';
import { selectorEntries } from '../selector';
import type { SnapshotIndex } from '../snapshot-index';
import type { NearMiss } from './types';

const MAX_NEAR_MISSES = 10;

/** Optimal-string-alignment distance (Levenshtein plus adjacent swaps: `ngnix` → `nginx` is 1). */
export function editDistance(a: string, b: string, max = 3): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row = new Array<number>(b.length + 1);
    row[0] = i;
    rows.push(row);
  }
  for (let j = 0; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i]!;
    const prev = rows[i - 1]!;
    let best = Infinity;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      }
      row[j] = d;
      if (d < best) best = d;
    }
    if (best > max) return max + 1;
  }
  return rows[a.length]![b.length]!;
}

/** Close enough to be a typo: 1 edit for words up to 7 characters, 2 beyond (`v1`/`v2` yes, `db`/`web` no). */
export function isSimilar(a: string, b: string): boolean {
  if (a === b) return false;
  if (a.toLowerCase() === b.toLowerCase()) return true;
  const limit = Math.min(2, Math.max(1, Math.floor(Math.max(a.length, b.length) / 4)));
  return editDistance(a, b, limit) <= limit;
}

const NEAR_MISS_RANK: Record<NearMiss['match'], number> = {
  'value-typo': 0,
  'key-typo': 1,
  'value-differs': 2,
  'key-missing': 3,
  'other-namespace': 4,
};

/**
 * Pods that almost match `selector` in `namespace` (one key or value off), and pods in other
 * namespaces that match it entirely. Uses the label postings: cost is the namespace's distinct
 * labels plus the candidate pods, never a scan of every pod.
 */
export function findNearMisses(
  index: SnapshotIndex,
  namespace: string,
  selector: Record<string, string>,
  limit = MAX_NEAR_MISSES,
): NearMiss[] {
  const entries = selectorEntries(selector);
  const postings = index.labelPostings(namespace);
  const found = new Map<string, NearMiss>();
  const add = (pod: PodRecord, miss: Omit<NearMiss, 'kind' | 'namespace' | 'name' | 'podId'>) => {
    const prev = found.get(pod.meta.uid);
    if (prev && NEAR_MISS_RANK[prev.match] <= NEAR_MISS_RANK[miss.match]) return;
    found.set(pod.meta.uid, {
      kind: 'Pod',
      namespace: pod.meta.namespace,
      name: pod.meta.name,
      podId: podId(pod),
      ...miss,
    });
  };
  for (let i = 0; i < entries.length; i++) {
    const [key, value] = entries[i]!;
    const others = entries.filter((_, j) => j !== i);
    const othersMatch = (pod: PodRecord) => others.every(([k, v]) => pod.meta.labels?.[k] === v);
    for (const [v, pods] of postings.get(key) ?? []) {
      if (v === value || !isSimilar(v, value)) continue;
      for (const pod of pods) {
        if (!othersMatch(pod)) continue;
        add(pod, {
          match: 'value-typo',
          key,
          expected: value,
          actual: v,
          hint: `pod ${pod.meta.name} has ${key}=${v}, the selector wants ${key}=${value}`,
        });
      }
    }
    for (const [k2, values] of postings) {
      if (k2 === key || !isSimilar(k2, key)) continue;
      for (const pod of values.get(value) ?? []) {
        if (pod.meta.labels?.[key] !== undefined || !othersMatch(pod)) continue;
        add(pod, {
          match: 'key-typo',
          key,
          expected: value,
          actual: `${k2}=${value}`,
          hint: `pod ${pod.meta.name} has ${k2}=${value}, the selector wants ${key}=${value}`,
        });
      }
    }
    if (others.length === 0) continue;
    let base: PodRecord[] | undefined;
    for (const [k, v] of others) {
      const list = postings.get(k)?.get(v);
      if (!list) {
        base = [];
        break;
      }
      if (!base || list.length < base.length) base = list;
    }
    for (const pod of base ?? []) {
      const actual = pod.meta.labels?.[key];
      if (actual === value || !othersMatch(pod)) continue;
      add(
        pod,
        actual === undefined
          ? {
              match: 'key-missing',
              key,
              expected: value,
              hint: `pod ${pod.meta.name} matches all but ${key}, which it does not have (the selector wants ${key}=${value})`,
            }
          : {
              match: 'value-differs',
              key,
              expected: value,
              actual,
              hint: `pod ${pod.meta.name} matches all but ${key}: it has ${key}=${actual}, the selector wants ${key}=${value}`,
            },
      );
    }
  }
  // Within a kind of miss, the closest spelling first: the first near miss names the selector
  // fix, and `svc-168x` must point at `svc-168`, not at a `svc-108` two edits away.
  const distance = (m: NearMiss) =>
    m.match === 'value-typo' && m.expected !== undefined && m.actual !== undefined
      ? editDistance(m.expected, m.actual)
      : 0;
  const local = [...found.values()].sort(
    (a, b) =>
      NEAR_MISS_RANK[a.match] - NEAR_MISS_RANK[b.match] ||
      distance(a) - distance(b) ||
      (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
  const elsewhere: NearMiss[] = [];
  const namespaces = [...index.podsByNamespace.keys()].filter((ns) => ns !== namespace).sort();
  for (const ns of namespaces) {
    if (elsewhere.length >= limit) break;
    for (const pod of index.selectPods(ns, selector)) {
      if (isTerminalPod(pod)) continue;
      elsewhere.push({
        kind: 'Pod',
        namespace: ns,
        name: pod.meta.name,
        podId: podId(pod),
        match: 'other-namespace',
        hint: `pod ${ns}/${pod.meta.name} matches the selector, but in namespace ${ns}`,
      });
      if (elsewhere.length >= limit) break;
    }
  }
  // Local typos first, but keep room for the other-namespace hint: it is often the whole answer.
  const keepLocal = Math.max(limit - Math.min(elsewhere.length, 3), 0);
  return [...local.slice(0, keepLocal), ...elsewhere].slice(0, limit);
}
