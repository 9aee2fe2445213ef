import { describe, expect, it } from 'vitest'
import { abReport } from '../../../src/compare/ab.js'
import { renderCompareMarkdown } from '../../../src/report/compare/markdown.js'
import { renderCompareTable } from '../../../src/report/compare/terminal.js'
import type { RunResult, Sample } from '../../../src/result.js'
import { handBuiltResult } from '../../fixtures/result.js'

/** A side: the hand-built result with isolate's cold starts replaced by `values` (rounds 0.., no warm-up). */
function side(values: number[], workloadSha = 'a'.repeat(64)): RunResult {
  const result = handBuiltResult()
  const scenario = result.scenarios[0]!
  scenario.workload = { ...scenario.workload, sha256: workloadSha }
  const samples: Sample[] = values.map((v, index) => ({ index, warmup: false, ok: true, metrics: { cold_start_ms: v, phase_isolate_ms: v / 2 } }))
  scenario.runtimes = scenario.runtimes.map((r) => (r.runtime === 'isolate' ? { ...r, samples, summaries: [] } : r))
  return result
}

describe('the ab report', () => {
  it('compares each runtime pair by round and gates like compare', () => {
    // Reference (by hand): isolate rounds 2→3, 4→6, 2→3, 3→4.5, 2→3, 4→6 → ratios all 1.5 → three
    // blocks (0,1), (2,3), (4,5) of √(1.5·1.5) = 1.5 → CI [1.5, 1.5] → regressed at 10%; medians
    // 2,2,2,3,4,4 → 2.5 and 3,3,3,4.5,6,6 → 3.75. process has the same samples on both sides
    // (rounds 0, 1, 2; round 3 failed) → one block (0,1): too few to decide.
    const report = abReport({ path: '../base', result: side([2, 4, 2, 3, 2, 4]) }, { path: '.', result: side([3, 6, 3, 4.5, 3, 6], 'b'.repeat(64)) }, { threshold: 0.1, metrics: ['cold_start_ms'] })
    expect(report.mode).toBe('ab')
    const isolate = report.comparisons.find((c) => c.runtime === 'isolate')!
    expect(isolate).toMatchObject({ level: 'rounds', baselineN: 6, verdict: 'regressed', baselineMedian: 2.5, currentMedian: 3.75 })
    expect(isolate.ratio).toBeCloseTo(1.5, 12)
    expect(isolate.ci.low).toBeCloseTo(1.5, 12)
    expect(isolate.ci.high).toBeCloseTo(1.5, 12)
    expect(report.comparisons.find((c) => c.runtime === 'process')).toMatchObject({ verdict: 'inconclusive', baselineN: 3, note: 'too few paired blocks of two rounds (1; at least 3)' })
    expect(report.regressed).toBe(true)
    expect(report.differences).toEqual([expect.stringMatching(/^scenario cold-start: workload source differs/)])
    expect(report.notes).toEqual([])
  })

  it('leaves out the diagnostic metrics by default and says what was not measured on both sides', () => {
    const head = side([2, 4, 2, 3])
    head.scenarios[0]!.runtimes = head.scenarios[0]!.runtimes.map((r) => (r.runtime === 'process' ? { ...r, status: 'failed', reason: 'boom', samples: [] } : r))
    const report = abReport({ path: 'a', result: side([2, 4, 2, 3]) }, { path: 'b', result: head }, { threshold: 0.1 })
    expect(report.comparisons.map((c) => `${c.runtime} ${c.metric}`)).toEqual(['isolate cold_start_ms'])
    expect(report.notes).toEqual(['cold-start/process: nothing measured on both sides (base ok; head failed: boom)'])
    expect(report.regressed).toBe(false)
  })

  it('renders with compare\'s renderers: rounds, the detectable change and how each row stopped', () => {
    const stops = new Map([['isolate', { target: 0.05, reason: 'precision' as const, runs: 6, halfWidth: 0 }]])
    const report = abReport({ path: '../base', result: side([2, 4, 2, 4, 2, 4]) }, { path: '.', result: side([3, 6, 3, 6, 3, 6]) }, { threshold: 0.1, metrics: ['cold_start_ms'], runtimes: ['isolate'], stops })
    const table = renderCompareTable(report)
    expect(table).toMatch(/^ab: base \.\.\/base → head \., measured in the same run, paired by round/)
    expect(table).toMatch(/│ cold-start │ isolate │ cold_start_ms │ 3.00 ms \(6 rounds\) │ 4.50 ms \(6 rounds\) │ 1.50 \(\+50%\)\s+│ 1.50–1.50 │ ±0.0%\s+│ reached ±0.0%\s+│ regressed │/)
    expect(table).toMatch(/^REGRESSION: 1 regressed .*CI of head\/base \(resampled by blocks of two rounds\) lies wholly above 1 and the ratio above 1.10\./m)
    expect(renderCompareMarkdown(report)).toMatch(/^### isobench ab: regression \(1\)$/m)
  })

  it('takes --threshold per metric as compare does: the matching pattern\'s threshold, named in the report', () => {
    // Reference (by hand): isolate's round ratios are all 1.5, so its 3 blocks of two rounds are 1.5 each;
    // at cold_start_ms=60% the CI [1.5, 1.5] lies within [0.4, 1.6] → unchanged.
    const report = abReport({ path: 'a', result: side([2, 4, 2, 3, 2, 4]) }, { path: 'b', result: side([3, 6, 3, 4.5, 3, 6]) }, { threshold: 0.1, perMetric: [{ pattern: 'cold_*', threshold: 0.6 }], metrics: ['cold_start_ms'], runtimes: ['isolate'] })
    expect(report.comparisons).toEqual([expect.objectContaining({ runtime: 'isolate', threshold: 0.6, verdict: 'unchanged' })])
    expect(report.regressed).toBe(false)
    expect(renderCompareMarkdown(report)).toContain('threshold cold_*=60%, else 10%')
  })
})
