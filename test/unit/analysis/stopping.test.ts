import { describe, expect, it } from 'vitest'
import { medianHalfWidth, stopReason } from '../../../src/analysis/stopping.js'

const rule = { precision: 0.05, minRuns: 10, maxRuns: 50, maxTimeMs: 60_000 }

describe('precision-driven stopping', () => {
  it('stops at the target once the minimum runs are done, not before', () => {
    expect(stopReason(rule, { runs: 9, elapsedMs: 1000, halfWidth: 0.01 })).toBeUndefined()
    expect(stopReason(rule, { runs: 10, elapsedMs: 1000, halfWidth: 0.05 })).toBe('precision')
    expect(stopReason(rule, { runs: 10, elapsedMs: 1000, halfWidth: 0.051 })).toBeUndefined()
  })

  it('stops at a bound when the target is not reached', () => {
    expect(stopReason(rule, { runs: 50, elapsedMs: 1000, halfWidth: 0.2 })).toBe('max-runs')
    expect(stopReason(rule, { runs: 20, elapsedMs: 60_000, halfWidth: Number.POSITIVE_INFINITY })).toBe('max-time')
  })

  it('says the target was reached when it was, even at a bound', () => {
    expect(stopReason(rule, { runs: 50, elapsedMs: 70_000, halfWidth: 0.03 })).toBe('precision')
  })

  it('measures the median CI relative to the median', () => {
    // Reference (by hand): identical values → every resampled median is 100 → CI [100, 100] → 0.
    expect(medianHalfWidth([100, 100, 100, 100])).toBe(0)
    expect(medianHalfWidth([1, 2])).toBe(Number.POSITIVE_INFINITY)
  })
})
