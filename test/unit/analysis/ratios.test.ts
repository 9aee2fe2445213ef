import { describe, expect, it } from 'vitest'
import { compareRuntimes, referenceRuntime } from '../../../src/analysis/ratios.js'
import { summarizeSamples } from '../../../src/analysis/summaries.js'
import type { RuntimeResult } from '../../../src/result.js'

function row(runtime: string, metric: string, values: number[]): RuntimeResult {
  const samples = values.map((value, index) => ({ index, warmup: false, ok: true, metrics: { [metric]: value } }))
  return { runtime, status: 'ok', samples, summaries: summarizeSamples(samples) }
}

describe('the reference rule, one per measure', () => {
  const rows = [row('process', 'cpu_call_ms', [10, 10, 10]), row('isolate', 'cpu_call_ms', [5, 5, 5]), row('vm', 'cpu_call_ms', [20, 20, 20])]

  it('cpu compares with process when it was measured', () => {
    // Reference: medians process 10, isolate 5, vm 20 → against process: 0.5, 1, 2
    const compared = compareRuntimes('cpu', rows, 'cpu_call_ms')
    expect(compared.reference).toBe('process')
    expect(compared.referenceLabel).toBe('process')
    expect(compared.rows.map((r) => [r.runtime, r.ratio, r.reference])).toEqual([['process', 1, true], ['isolate', 0.5, false], ['vm', 2, false]])
  })

  it('cpu without process, and every other measure, compare with the lowest median', () => {
    // Reference: lowest median is isolate's 5 → process 10/5 = 2, vm 20/5 = 4
    const withoutProcess = compareRuntimes('cpu', rows.slice(1), 'cpu_call_ms')
    expect(withoutProcess.reference).toBe('isolate')
    expect(withoutProcess.referenceLabel).toBe('fastest')
    const warm = compareRuntimes('warm-invoke', rows, 'cpu_call_ms')
    expect(warm.rows.map((r) => [r.runtime, r.ratio])).toEqual([['process', 2], ['isolate', 1], ['vm', 4]])
    expect(referenceRuntime('cold-start', rows, 'cpu_call_ms')?.runtime.runtime).toBe('isolate')
  })

  it('gives each non-reference row a CI of its ratio, and none to the reference', () => {
    // Reference: constant samples → every resampled ratio is the same: 0.5 exactly
    const [process, isolate] = compareRuntimes('cpu', rows, 'cpu_call_ms').rows
    expect(process!.ratioCi).toBeUndefined()
    expect(isolate!.ratioCi).toMatchObject({ low: 0.5, high: 0.5 })
  })

  it('has no reference when nobody measured the metric', () => {
    expect(compareRuntimes('cpu', rows, 'warm_invoke_ms')).toMatchObject({ reference: undefined, rows: [] })
  })
})

describe('--reference', () => {
  const rows = [row('process', 'cold_start_ms', [40, 40, 40]), row('isolate', 'cold_start_ms', [2, 2, 2])]
  it('sets the row every ratio is against, named by its runtime rather than "fastest"', () => {
    // Reference: against process (40): isolate 2/40 = 0.05, process 1
    const compared = compareRuntimes('cold-start', rows, 'cold_start_ms', 'process')
    expect(compared).toMatchObject({ reference: 'process', referenceLabel: 'process' })
    expect(compared.rows.map((r) => [r.runtime, r.ratio])).toEqual([['process', 1], ['isolate', 0.05]])
  })

  it('falls back to the rule when the named runtime did not measure the metric', () => {
    expect(compareRuntimes('cold-start', rows, 'cold_start_ms', 'docker')).toMatchObject({ reference: 'isolate', referenceLabel: 'fastest' })
  })
})
