import { describe, expect, it } from 'vitest'
import { costliestHardening, hardeningCosts } from '../../../src/analysis/hardening.js'
import type { RuntimeResult } from '../../../src/result.js'

const row = (series: Record<string, number[]>): RuntimeResult => ({
  runtime: 'process',
  status: 'ok',
  summaries: [],
  samples: Object.entries(series).flatMap(([metric, values]) => values.map((value, index) => ({ index, warmup: false, ok: true, metrics: { [metric]: value } }))),
})

describe('what each hardening costs', () => {
  it('is the difference of medians, all in force minus one relaxed, with a bootstrap CI', () => {
    // Reference: medians 57 (all), 42 (memory relaxed), 56 (env relaxed): costs 15 and 1 ms; constant samples → CIs equal to them.
    const costs = hardeningCosts(row({ hardening_all_ms: [57, 57, 57], hardening_relax_memory_ms: [42, 42, 42], hardening_relax_env_ms: [56, 56, 56] }))
    expect(costs.map((c) => [c.relaxation, c.costMs, c.costCi.low, c.costCi.high])).toEqual([['memory', 15, 15, 15], ['env', 1, 1, 1]])
    expect(costs[0]!.ratio).toBeCloseTo(57 / 42, 12)
  })

  it('has an interval that covers the spread of both sides', () => {
    // Reference: all ∈ {50, 60}, relaxed ∈ {40, 45}: resampled medians 50–60 and 40–45, so differences lie in [5, 20].
    const [cost] = hardeningCosts(row({ hardening_all_ms: [50, 60, 50, 60, 55], hardening_relax_memory_ms: [40, 45, 40, 45, 42] }))
    expect(cost!.costMs).toBe(13)
    expect(cost!.costCi.low).toBeGreaterThanOrEqual(5)
    expect(cost!.costCi.high).toBeLessThanOrEqual(20)
    expect(cost!.costCi.low).toBeLessThan(cost!.costCi.high)
  })

  it('names the costliest hardening, and none without a hardened sample', () => {
    expect(costliestHardening(row({ hardening_all_ms: [10], hardening_relax_pids_ms: [9], hardening_relax_memory_ms: [7] }))?.relaxation).toBe('memory')
    expect(costliestHardening(row({ hardening_relax_memory_ms: [7] }))).toBeUndefined()
  })
})
