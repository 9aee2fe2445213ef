import { describe, expect, it } from 'vitest'
import { medianCi, medianRatioCi } from '../../../../src/analysis/stats/bootstrap.js'
import { seededRandom } from '../../../../src/analysis/stats/random.js'
import { median, quantileSorted, summarize } from '../../../../src/analysis/stats/summary.js'

describe('summarize', () => {
  it('computes the reported statistics of a small sample', () => {
    // Reference: R `x <- c(2,4,4,4,5,5,7,9)`; median(x)=4.5, mean(x)=5, sd(x)=2.13809,
    // quantile(x, .95, type=7)=8.3, quantile(x, .99, type=7)=8.86
    const s = summarize([9, 2, 4, 4, 5, 4, 7, 5])
    expect(s.n).toBe(8)
    expect(s.median).toBe(4.5)
    expect(s.mean).toBe(5)
    expect(s.stddev).toBeCloseTo(2.13809, 5)
    expect(s.min).toBe(2)
    expect(s.max).toBe(9)
    expect(s.p95).toBeCloseTo(8.3, 10)
    expect(s.p99).toBeCloseTo(8.86, 10)
  })

  it('handles one sample (stddev 0) and no samples (NaN)', () => {
    expect(summarize([3])).toEqual({ n: 1, median: 3, mean: 3, stddev: 0, min: 3, p95: 3, p99: 3, max: 3 })
    expect(summarize([]).median).toBeNaN()
  })

  it('interpolates quantiles linearly between closest ranks (type 7)', () => {
    // Reference: numpy.quantile([1,2,3,4], 0.25) == 1.75
    expect(quantileSorted([1, 2, 3, 4], 0.25)).toBe(1.75)
    expect(median([5, 1, 3])).toBe(3)
  })
})

describe('bootstrap confidence intervals', () => {
  it('equals the textbook bootstrap exactly (resample, sort, take the median), with ties, odd and even n', () => {
    // The implementation counts draws instead of sorting each resample; the multiset is the same, so every bound must be.
    const textbook = (a: number[], b: number[] | undefined, seed: number) => {
      const random = seededRandom(seed)
      const resample = (v: number[]) => median(Array.from(v, () => v[Math.floor(random() * v.length)]!))
      const stats = Array.from({ length: 500 }, () => (b ? resample(a) / resample(b) : resample(a))).sort((x, y) => x - y)
      const alpha = 1 - 0.95 // as the implementation computes it (0.05000000000000004), to the last bit
      return { low: quantileSorted(stats, alpha / 2), high: quantileSorted(stats, 1 - alpha / 2) }
    }
    const data = seededRandom(7)
    for (const n of [1, 2, 3, 10, 31, 200]) {
      const a = Array.from({ length: n }, () => Math.round(data() * 20) / 4) // ties on purpose
      const b = Array.from({ length: n + 1 }, () => 1 + Math.round(data() * 10))
      expect(medianCi(a, { resamples: 500, seed: n })).toMatchObject(textbook(a, undefined, n))
      expect(medianRatioCi(a, b, { resamples: 500, seed: n })).toMatchObject(textbook(a, b, n))
    }
  })

  const sample = [10.2, 9.8, 10.1, 10.4, 9.9, 10.0, 10.3, 9.7, 10.6, 10.05]

  it('brackets the sample median and is reproducible', () => {
    const ci = medianCi(sample)
    expect(ci.low).toBeLessThanOrEqual(median(sample))
    expect(ci.high).toBeGreaterThanOrEqual(median(sample))
    expect(medianCi(sample)).toEqual(ci)
  })

  it('is degenerate for a constant sample', () => {
    expect(medianCi([5, 5, 5, 5])).toMatchObject({ low: 5, high: 5 })
  })

  it('covers the true median in about 95% of repeated normal samples', () => {
    // Reference: a 95% interval should cover the true median (0 for N(0,1)) in ~95% of trials;
    // the percentile bootstrap of a median with n=40 is slightly conservative. Fixed seed: deterministic.
    const random = seededRandom(42)
    const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
    let covered = 0
    const trials = 200
    for (let t = 0; t < trials; t++) {
      const ci = medianCi(Array.from({ length: 40 }, normal), { resamples: 500 })
      if (ci.low <= 0 && ci.high >= 0) covered++
    }
    expect(covered / trials).toBeGreaterThan(0.89)
    expect(covered / trials).toBeLessThan(0.995)
  })

  it('gives a ratio interval around the ratio of medians', () => {
    const slow = sample.map((x) => x * 3)
    const ci = medianRatioCi(slow, sample)
    expect(ci.low).toBeLessThanOrEqual(3)
    expect(ci.high).toBeGreaterThanOrEqual(3)
    expect(ci.low).toBeGreaterThan(2.5)
    expect(ci.high).toBeLessThan(3.5)
    expect(medianRatioCi([], sample).low).toBeNaN()
  })
})
