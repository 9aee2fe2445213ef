/**
 * A small seeded PRNG (mulberry32, public domain, Tommy Ettinger) so that bootstrap intervals are
 * reproducible: the same samples always give the same interval. Returns floats in [0, 1).
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A stable 32-bit seed from numbers (FNV-1a over their text), so each data set has its own stream. */
export function seedFrom(values: readonly number[]): number {
  let hash = 0x811c9dc5
  for (const char of values.join(',')) {
    hash ^= char.charCodeAt(0)
    hash = Math.imul(hash, 0x01000193)
  }
  return hash >>> 0
}
