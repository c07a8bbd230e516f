/**
 * Sorted lists kept sorted as items come and go: what the maintained index (live-index.ts) edits
 * its lists with. `inserted`/`without` return copies (for small lists a caller may hold);
 * `insertInPlace`/`removeInPlace` edit (for big ones only read synchronously).
 *
 * Contract: lists are sorted by the `cmp` given; an item goes after its equals; removal is by
 * identity. Pure and isomorphic.
 */
/** Where `item` goes in a sorted list (after its equals). */
export function insertionPoint<T>(
  list: readonly T[],
  item: T,
  cmp: (a: T, b: T) => number,
): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cmp(list[mid]!, item) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A copy of a sorted list with `item` in its place. */
export function inserted<T>(
  list: readonly T[] | undefined,
  item: T,
  cmp: (a: T, b: T) => number,
): T[] {
  const out = list ? list.slice() : [];
  out.splice(insertionPoint(out, item, cmp), 0, item);
  return out;
}

/** Puts `item` in its place in a sorted list, in place. */
export function insertInPlace<T>(list: T[], item: T, cmp: (a: T, b: T) => number): void {
  list.splice(insertionPoint(list, item, cmp), 0, item);
}

/** Takes `item` (by identity) out of a list sorted by `cmp`, in place. */
export function removeInPlace<T>(list: T[], item: T, cmp: (a: T, b: T) => number): void {
  // Equal neighbours (same name, another uid) sit next to it: look around where it sorts.
  let at = insertionPoint(list, item, cmp) - 1;
  while (at >= 0 && list[at] !== item && cmp(list[at]!, item) === 0) at--;
  if (at < 0 || list[at] !== item) at = list.indexOf(item);
  if (at >= 0) list.splice(at, 1);
}

/** A copy of `list` without `item` (by identity), or undefined when nothing is left. */
export function without<T>(list: readonly T[] | undefined, item: T): T[] | undefined {
  if (!list) return undefined;
  const out = list.filter((x) => x !== item);
  return out.length > 0 ? out : undefined;
}

/** Sets `key` to `list`, or deletes it when the list is gone. */
export function put<T>(map: Map<string, T[]>, key: string, list: T[] | undefined): void {
  if (list) map.set(key, list);
  else map.delete(key);
}
