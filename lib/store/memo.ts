/**
 * One-entry memoisation by argument identity, for selectors over immutable snapshots: the store
 * state changes identity once per applied batch, so "same arguments" means "same batch".
 *
 * Contract: `memoizeLast(fn)` returns a function that calls `fn` only when one of its arguments
 * differs (===) from the previous call's, and otherwise returns the previous result object.
 */
export function memoizeLast<A extends readonly unknown[], R>(
  fn: (...args: A) => R,
): (...args: A) => R {
  let last: { args: A; result: R } | null = null;
  return (...args: A): R => {
    if (last && last.args.length === args.length && last.args.every((a, i) => a === args[i]))
      return last.result;
    const result = fn(...args);
    last = { args, result };
    return result;
  };
}
