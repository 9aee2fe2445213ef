import { describe, expect, it } from 'vitest'
import { blockRatios, comparePaired, pairedHalfWidth, pairedVerdict, pairRounds } from '../../../src/analysis/paired.js'
import type { Sample } from '../../../src/result.js'

const sample = (index: number, value: number | undefined, extra: Partial<Sample> = {}): Sample => ({ index, warmup: false, ok: true, metrics: value === undefined ? {} : { cold_start_ms: value }, ...extra })

describe('pairing base and head by round', () => {
  it('pairs samples of the same round and leaves out warm-ups, failures and missing metrics', () => {
    const base = [sample(0, 10, { warmup: true }), sample(1, 10), sample(2, 20), sample(3, 40), sample(4, 5, { ok: false }), sample(5, 8)]
    const head = [sample(0, 99, { warmup: true }), sample(2, 30), sample(1, 12), sample(3, undefined), sample(4, 6), sample(5, 8)]
    // Reference (by hand): round 0 warm-up; round 1 12/10 = 1.2; round 2 30/20 = 1.5; round 3 head lacks
    // the metric; round 4 base failed; round 5 8/8 = 1. Rounds in order: 1, 2, 5.
    const paired = pairRounds(base, head, 'cold_start_ms')
    expect(paired.ratios).toEqual([1.2, 1.5, 1])
    expect(paired.baseValues).toEqual([10, 20, 8])
    expect(paired.headValues).toEqual([12, 30, 8])
    expect(paired.rounds).toEqual([1, 2, 5])
    expect(paired.undefinedRatios).toBe(0)
  })

  it('counts 0/0 as an unchanged round and leaves out a base of 0 with a head that is not', () => {
    const paired = pairRounds([sample(0, 0), sample(1, 0)], [sample(0, 0), sample(1, 3)], 'cold_start_ms')
    // Reference (by hand): round 0 0 → 0 is ratio 1; round 1 0 → 3 has no ratio.
    expect(paired.ratios).toEqual([1])
    expect(paired.undefinedRatios).toBe(1)
  })
})

// Rounds from the first measured one (index 2, after two warm-ups): even indices measure base first.
const rounds = (ratios: number[], first = 2) => ({ ratios, baseValues: ratios.map(() => 10), headValues: ratios.map((r) => 10 * r), rounds: ratios.map((_, i) => first + i), undefinedRatios: 0 })

describe('blocks of two rounds in opposite orders', () => {
  it('takes the geometric mean of each block (2k, 2k+1) and leaves out a round without its partner', () => {
    // Reference (by hand): rounds 2,3 → √(1.1 × 0.9) = √0.99; round 5's partner (4) is missing;
    // rounds 6,7 → √(1.21 × 1) = 1.1; round 8 has no 9.
    const blocks = blockRatios({ ratios: [1.1, 0.9, 2, 1.21, 1, 3], rounds: [2, 3, 5, 6, 7, 8] })
    expect(blocks).toHaveLength(2)
    expect(blocks[0]).toBeCloseTo(Math.sqrt(0.99), 12)
    expect(blocks[1]).toBeCloseTo(1.1, 12)
  })

  it('takes the mean of a block whose ratio is not positive (a metric that can go below 0)', () => {
    // Reference (by hand): rounds 2,3 → (−0.5 + 1.5) / 2 = 0.5; rounds 4,5 → (0 + 2) / 2 = 1.
    expect(blockRatios({ ratios: [-0.5, 1.5, 0, 2], rounds: [2, 3, 4, 5] })).toEqual([0.5, 1])
  })

  it('cancels an order effect that the median of round ratios falls for', () => {
    // Reference (by hand): a true 10% slowdown, the second sample of a round 12% faster. Even rounds
    // (base first) give 1.1 × 0.88 = 0.968, odd ones 1.1 / 0.88 = 1.25. Rounds 2..8: four 0.968s
    // and three 1.25s, so the median of round ratios is 0.968 (a speed-up!); every block (2,3),
    // (4,5), (6,7) is √(0.968 × 1.25) = √1.21 = 1.1 (round 8 is left out).
    const ratios = [2, 3, 4, 5, 6, 7, 8].map((i) => (i % 2 === 0 ? 1.1 * 0.88 : 1.1 / 0.88))
    const c = comparePaired(rounds(ratios), 0.05)
    expect(c.ratio).toBeCloseTo(1.1, 12)
    expect(c.ci.low).toBeCloseTo(1.1, 12)
    expect(c.verdict).toBe('regressed')
    expect(c).toMatchObject({ baselineN: 7, currentN: 7 })
  })
})

describe('paired verdicts on the block ratios', () => {
  it('calls a constant 20% slowdown regressed, with nothing left to detect', () => {
    // Reference (by hand): five blocks of 1.2 → every resampled median is 1.2 → CI [1.2, 1.2]; 1.2 > 1.1.
    const c = comparePaired(rounds(Array(10).fill(1.2)), 0.1)
    expect(c.ratio).toBeCloseTo(1.2, 12)
    expect(c.ci.low).toBeCloseTo(1.2, 12)
    expect(c.ci.high).toBeCloseTo(1.2, 12)
    expect(c).toMatchObject({ verdict: 'regressed', baselineN: 10, currentN: 10, baselineMedian: 10, currentMedian: 12 })
    expect(c.detectable).toBeCloseTo(0, 12)
  })

  it('calls a constant 20% speed-up improved and identical rounds unchanged', () => {
    expect(comparePaired(rounds(Array(6).fill(0.8)), 0.1).verdict).toBe('improved')
    expect(comparePaired(rounds(Array(6).fill(1)), 0.1).verdict).toBe('unchanged')
  })

  it('takes the median of the block ratios and bounds its CI by them', () => {
    // Reference (by hand): blocks √(1.21·1) = 1.1, √(0.81·1) = 0.9, √(1.44·1) = 1.2, 1, √(1.1025·1) = 1.05
    // → sorted 0.9, 1.0, 1.05, 1.1, 1.2 → median 1.05; every resampled median lies in [0.9, 1.2].
    const c = comparePaired(rounds([1.21, 1, 0.81, 1, 1.44, 1, 1, 1, 1.1025, 1]), 0.1)
    expect(c.ratio).toBeCloseTo(1.05, 12)
    expect(c.ci.low).toBeGreaterThanOrEqual(0.9 - 1e-12)
    expect(c.ci.high).toBeLessThanOrEqual(1.2 + 1e-12)
    // Reference: the detectable change is the larger side of the CI over the ratio.
    expect(c.detectable).toBeCloseTo(Math.max(c.ratio - c.ci.low, c.ci.high - c.ratio) / c.ratio, 12)
    // The ratio 1.05 is not over 1 + 0.1: never regressed, whatever the CI.
    expect(c.verdict).not.toBe('regressed')
  })

  it('calls blocks that are all slower, mostly by 10%, regressed at t = 5%', () => {
    // Reference (by hand): blocks (each round pair r, r) are 1.1, 1.02, 1.12, 1.1, 1.3, 1.08, 1.1 →
    // sorted 1.02, 1.08, 1.1, 1.1, 1.1, 1.12, 1.3 → median 1.1 > 1.05, and every resampled median
    // is at least the smallest, 1.02 > 1: significant → regressed.
    const c = comparePaired(rounds([1.1, 1.02, 1.12, 1.1, 1.3, 1.08, 1.1].flatMap((r) => [r, r])), 0.05)
    expect(c.ratio).toBeCloseTo(1.1, 12)
    expect(c.ci.low).toBeGreaterThanOrEqual(1.02 - 1e-12)
    expect(c.verdict).toBe('regressed')
  })

  it('is inconclusive below three blocks, saying why', () => {
    // Reference (by hand): five rounds from index 2 make blocks (2,3) and (4,5); round 6 has no partner.
    const c = comparePaired(rounds([2, 2, 2, 2, 2]), 0.1)
    expect(c.verdict).toBe('inconclusive')
    expect(c.note).toBe('too few paired blocks of two rounds (2; at least 3)')
    expect(pairedHalfWidth(rounds([2, 2, 2, 2, 2]))).toBe(Number.POSITIVE_INFINITY)
  })

  it('is reproducible: the same rounds give the same interval', () => {
    const ratios = [1.02, 0.97, 1.11, 1.04, 0.99, 1.07, 1.01, 1.03]
    expect(comparePaired(rounds(ratios), 0.05).ci).toEqual(comparePaired(rounds([...ratios]), 0.05).ci)
  })
})

describe('the paired verdict rule (Firecracker\'s: significant AND over the threshold)', () => {
  it('calls a change regressed when the CI excludes 1 and the ratio is over 1 + t, though the CI reaches below 1 + t', () => {
    // Reference (by hand): t = 5%: 1.10 > 1.05 and low 1.02 > 1 → regressed (compare's rule would
    // need low > 1.05: inconclusive).
    expect(pairedVerdict(1.1, { low: 1.02, high: 1.2 }, 0.05)).toBe('regressed')
    // 0.90 < 0.95 and high 0.98 < 1 → improved.
    expect(pairedVerdict(0.9, { low: 0.8, high: 0.98 }, 0.05)).toBe('improved')
  })

  it('does not call a significant change regressed when it is smaller than the threshold', () => {
    // Reference (by hand): low 1.01 > 1 but the ratio 1.04 ≤ 1.05; CI [1.01, 1.07] is not within
    // [0.95, 1.05] → inconclusive; CI [1.01, 1.05] is → unchanged.
    expect(pairedVerdict(1.04, { low: 1.01, high: 1.07 }, 0.05)).toBe('inconclusive')
    expect(pairedVerdict(1.03, { low: 1.01, high: 1.05 }, 0.05)).toBe('unchanged')
  })

  it('does not call a big change regressed when it is not significant', () => {
    // Reference (by hand): the ratio 1.2 is over 1.05, but the CI reaches 0.99 (or 1) → inconclusive.
    expect(pairedVerdict(1.2, { low: 0.99, high: 1.4 }, 0.05)).toBe('inconclusive')
    expect(pairedVerdict(1.2, { low: 1, high: 1.4 }, 0.05)).toBe('inconclusive')
  })

  it('decides nothing on NaN', () => {
    expect(pairedVerdict(Number.NaN, { low: 1.1, high: 1.2 }, 0.05)).toBe('inconclusive')
    expect(pairedVerdict(1.1, { low: Number.NaN, high: 1.2 }, 0.05)).toBe('inconclusive')
  })
})
