/** Per-metric thresholds: parsing `--threshold`, matching patterns, and the threshold each compared metric gets. */
import { describe, expect, it } from 'vitest'
import { compareResults } from '../../../src/compare/pair.js'
import { describeThresholds, matchesPattern, parseThresholds, thresholdFor } from '../../../src/compare/thresholds.js'
import type { RunResult } from '../../../src/result.js'

describe('parseThresholds', () => {
  it('reads a bare default, metric=percent pairs, or both, in any order', () => {
    expect(parseThresholds('5%')).toEqual({ default: 0.05, perMetric: [] })
    expect(parseThresholds('cold_start_ms=50%,memory_*=10%')).toEqual({ default: 0.1, perMetric: [{ pattern: 'cold_start_ms', threshold: 0.5 }, { pattern: 'memory_*', threshold: 0.1 }] })
    expect(parseThresholds('cold_start_ms=50%, 7.5%')).toEqual({ default: 0.075, perMetric: [{ pattern: 'cold_start_ms', threshold: 0.5 }] })
  })

  it('merges a repeated --threshold onto the previous one', () => {
    expect(parseThresholds('memory_*=10%', parseThresholds('cold_start_ms=50%,20%'))).toEqual({ default: 0.2, perMetric: [{ pattern: 'cold_start_ms', threshold: 0.5 }, { pattern: 'memory_*', threshold: 0.1 }] })
  })

  it.each(['', ' , ', 'cold_start_ms=50', 'cold_start_ms=', '=10%', 'cold-start=10%', '10', '2000%'])('rejects %j with the expected form', (bad) => {
    expect(() => parseThresholds(bad)).toThrow(/--threshold/)
  })
})

describe('thresholdFor', () => {
  const thresholds = parseThresholds('cold_start_ms=50%,memory_*_bytes=10%,memory_*=20%,5%')
  it('takes the first matching pattern, else the default', () => {
    expect(thresholdFor(thresholds, 'cold_start_ms')).toBe(0.5)
    expect(thresholdFor(thresholds, 'memory_rss_bytes')).toBe(0.1)
    expect(thresholdFor(thresholds, 'memory_slope')).toBe(0.2)
    expect(thresholdFor(thresholds, 'warm_invoke_ms')).toBe(0.05)
  })

  it('matches whole names only, * being any run of characters', () => {
    expect(matchesPattern('cold_start_ms', 'cold_start_ms_extra')).toBe(false)
    expect(matchesPattern('*_ms', 'phase_spawn_ms')).toBe(true)
    expect(matchesPattern('*', 'anything')).toBe(true)
  })

  it('describes itself for the report', () => {
    expect(describeThresholds(thresholds, (t) => `${t * 100}%`)).toBe('cold_start_ms=50%, memory_*_bytes=10%, memory_*=20%, else 5%')
    expect(describeThresholds(parseThresholds('10%'), (t) => `${t * 100}%`)).toBe('10%')
  })
})

describe('compareResults with per-metric thresholds', () => {
  const sample = (cold: number, rss: number) => ({ index: 0, warmup: false, ok: true, metrics: { cold_start_ms: cold, memory_rss_bytes: rss } })
  const result = (cold: number[], rss: number): RunResult => ({
    schemaVersion: 1, tool: { name: 'isobench', version: '0' }, runId: 'r', startedAt: 't', complete: true, environment: {}, options: {},
    scenarios: [{ name: 's', measure: 'cold-start', runtimes: [{ runtime: 'isolate', status: 'ok', samples: cold.map((c) => sample(c, rss)), summaries: [] }] }],
  } as unknown as RunResult)

  it('judges each metric at its own threshold', () => {
    // Reference: cold start 10 → 13 ms is +30%: beyond the default 10%, within cold_start_ms=50%; RSS 100 → 120 is +20%, beyond memory_*=10%.
    const report = compareResults({ path: 'a', result: result([10, 10, 10, 10], 100) }, { path: 'b', result: result([13, 13, 13, 13], 120) }, { threshold: 0.1, perMetric: parseThresholds('cold_start_ms=50%,memory_*=10%').perMetric })
    const verdicts = Object.fromEntries(report.comparisons.map((c) => [c.metric, [c.verdict, c.threshold]]))
    expect(verdicts).toEqual({ cold_start_ms: ['unchanged', 0.5], memory_rss_bytes: ['regressed', 0.1] })
  })
})
