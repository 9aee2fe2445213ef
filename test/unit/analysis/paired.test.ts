import { describe, expect, it } from 'vitest'
import { comparePaired, pairedHalfWidth, pairRounds } from '../../../src/analysis/paired.js'
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
    expect(paired.undefinedRatios).toBe(0)
  })

  it('counts 0/0 as an unchanged round and leaves out a base of 0 with a head that is not', () => {
    const paired = pairRounds([sample(0, 0), sample(1, 0)], [sample(0, 0), sample(1, 3)], 'cold_start_ms')
    // Reference (by hand): round 0 0 → 0 is ratio 1; round 1 0 → 3 has no ratio.
    expect(paired.ratios).toEqual([1])
    expect(paired.undefinedRatios).toBe(1)
  })
})

const rounds = (ratios: number[]) => ({ ratios, baseValues: ratios.map(() => 10), headValues: ratios.map((r) => 10 * r), undefinedRatios: 0 })

describe('paired verdicts (compare\'s rule on the per-round ratios)', () => {
  it('calls a constant 20% slowdown regressed, with nothing left to detect', () => {
    // Reference (by hand): every resample of five 1.2s has median 1.2 → CI [1.2, 1.2]; 1.2 > 1 + 0.1.
    const c = comparePaired(rounds([1.2, 1.2, 1.2, 1.2, 1.2]), 0.1)
    expect(c).toMatchObject({ ratio: 1.2, ci: { low: 1.2, high: 1.2 }, verdict: 'regressed', detectable: 0, baselineN: 5, currentN: 5, baselineMedian: 10, currentMedian: 12 })
  })

  it('calls a constant 20% speed-up improved and identical rounds unchanged', () => {
    expect(comparePaired(rounds([0.8, 0.8, 0.8]), 0.1).verdict).toBe('improved')
    expect(comparePaired(rounds([1, 1, 1, 1]), 0.1).verdict).toBe('unchanged')
  })

  it('takes the median of the round ratios and bounds its CI by them', () => {
    // Reference (by hand): sorted 0.9, 1.0, 1.05, 1.1, 1.2 → median 1.05; every resampled median lies in [0.9, 1.2].
    const c = comparePaired(rounds([1.1, 0.9, 1.2, 1.0, 1.05]), 0.1)
    expect(c.ratio).toBe(1.05)
    expect(c.ci.low).toBeGreaterThanOrEqual(0.9)
    expect(c.ci.high).toBeLessThanOrEqual(1.2)
    // Reference: the detectable change is the larger side of the CI over the ratio.
    expect(c.detectable).toBeCloseTo(Math.max(1.05 - c.ci.low, c.ci.high - 1.05) / 1.05, 12)
    // The CI straddles 1.1 unless it ends below it: never regressed, since its low end is at most 1.05.
    expect(c.verdict).not.toBe('regressed')
  })

  it('is inconclusive below three paired rounds, saying why', () => {
    const c = comparePaired(rounds([2, 2]), 0.1)
    expect(c.verdict).toBe('inconclusive')
    expect(c.note).toBe('too few paired rounds (2; at least 3)')
    expect(pairedHalfWidth([2, 2])).toBe(Number.POSITIVE_INFINITY)
  })

  it('is reproducible: the same rounds give the same interval', () => {
    const ratios = [1.02, 0.97, 1.11, 1.04, 0.99, 1.07, 1.01]
    expect(comparePaired(rounds(ratios), 0.05).ci).toEqual(comparePaired(rounds([...ratios]), 0.05).ci)
  })
})
