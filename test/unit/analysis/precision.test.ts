import { describe, expect, it } from 'vitest'
import { formatPercent, formatRatioWithCi } from '../../../src/format.js'
import { medianWithCi } from '../../../src/report/cells.js'
import { qualityNotes, relativeHalfWidth, runsForTarget } from '../../../src/analysis/precision.js'
import { analyseRows } from '../../../src/analysis/index.js'
import { fastestRuntime } from '../../../src/analysis/ratios.js'
import { summarizeSamples } from '../../../src/analysis/summaries.js'
import type { RuntimeResult, ScenarioResult } from '../../../src/result.js'

const row = (runtime: string, values: number[]): RuntimeResult => {
  const samples = values.map((v, index) => ({ index, warmup: false, ok: true, metrics: { cold_start_ms: v } }))
  return { runtime, status: 'ok', samples, summaries: summarizeSamples(samples) }
}
const scenario = (runtimes: RuntimeResult[]): ScenarioResult => ({ name: 's', description: '', measure: 'cold-start', workload: { name: 'w', path: '/w.js', sha256: '' }, input: null, runs: 0, warmup: 0, runtimes })

describe('CI formatting', () => {
  it('writes ratios as "183x slower, 95% CI 160–200x"', () => {
    expect(formatRatioWithCi(183.2, 160.4, 199.6)).toBe('183x slower, 95% CI 160–200x')
    expect(formatRatioWithCi(7.1, 6.52, 7.81)).toBe('7.10x slower, 95% CI 6.52–7.81x')
    expect(formatRatioWithCi(2, Number.NaN, Number.NaN)).toBe('2.00x slower')
  })

  it('writes a median with its interval and signed percentages', () => {
    expect(medianWithCi({ metric: 'm', unit: 'ms', n: 3, median: 232, mean: 0, stddev: 0, min: 0, p95: 0, p99: 0, max: 0, medianCi: { low: 221.4, high: 240.2, confidence: 0.95 } })).toBe('232 [221–240]')
    expect(formatPercent(0.042)).toBe('+4.2%')
    expect(formatPercent(-0.03)).toBe('−3.0%')
  })

  it('measures the larger side of an interval against the median', () => {
    // Reference (by hand): median 100, CI [97, 106] → max(3, 6)/100 = 0.06
    expect(relativeHalfWidth(100, 97, 106)).toBeCloseTo(0.06, 12)
  })
})

describe('ratios against the fastest', () => {
  it('picks the lowest median and gives it ratio 1 with a CI around each ratio', () => {
    const slow = row('slow', [100, 102, 98, 101, 99])
    const fast = row('fast', [10, 10.2, 9.8, 10.1, 9.9])
    const runtimes = [slow, fast]
    expect(fastestRuntime(runtimes, 'cold_start_ms')?.runtime).toBe('fast')
    const [slowRow, fastRow] = analyseRows('cold-start', runtimes.map((r) => ({ ...r, summaries: [] })))
    // Reference (by hand): medians 100 and 10 → ratio 10; resampled medians stay within [98,102]/[9.8,10.2]
    expect(slowRow!.ratio).toMatchObject({ baseline: 'fast', ratio: 10 })
    expect(slowRow!.ratio!.ci.low).toBeGreaterThanOrEqual(98 / 10.2)
    expect(slowRow!.ratio!.ci.high).toBeLessThanOrEqual(102 / 9.8)
    expect(fastRow!.ratio!.ratio).toBe(1)
  })
})

describe('quality notes', () => {
  it('says when a median is precise to ±5% and warns about outliers and wide spreads', () => {
    const tight = row('tight', [100, 101, 99, 100, 100.5, 99.5, 100, 100.2, 99.8, 100])
    // 1000 is an outlier: median 100.1, MAD ~0.5 → score ~1800 > 14.8
    const outlier = row('outlier', [100, 101, 99, 100, 100.5, 99.5, 100, 100.2, 99.8, 1000])
    const wide = row('wide', [50, 150, 80, 120, 60, 140, 100, 70, 130, 90])
    const notes = qualityNotes(scenario([tight, outlier, wide]))
    expect(notes.some((n) => /^warning: outlier: 1 of 10 samples are outliers/.test(n))).toBe(true)
    expect(notes.some((n) => /^warning: wide: wide spread/.test(n))).toBe(true)
    expect(notes.some((n) => n.startsWith('warning: tight'))).toBe(false)
    expect(notes.find((n) => n.includes('within ±5%'))).toMatch(/tight/)
    expect(notes.find((n) => n.includes('WIDER than ±5%'))).toMatch(/wide/)
  })
})

describe('runs for the ±5% target', () => {
  it('scales the runs with the square of the width ratio', () => {
    // Reference (by hand): a CI half-width shrinks as 1/√n; ±10% from 20 runs → (10/5)² × 20 = 80 runs
    expect(runsForTarget(20, 0.1)).toBe(80)
    expect(runsForTarget(30, 0.05)).toBe(30)
  })
})
