/**
 * Seeded randomness for tests and soaks: mulberry32, a small, fast, well-mixed 32-bit PRNG, so a
 * failure names a seed whose sequence can be replayed. Not for anything that must be
 * unpredictable.
 */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
