/** The host grid of a merged result: medians per runtime and host, ratios to the reference host. */
import { describe, expect, it } from 'vitest'
import { analyseHosts } from '../../../src/analysis/hosts.js'
import { summarizeSamples } from '../../../src/analysis/summaries.js'
import { mergeResults } from '../../../src/result-merge.js'
import type { RunResult } from '../../../src/result.js'
import { handBuiltResult } from '../../fixtures/result.js'

/** The hand-built result with every cold start scaled by `factor` (process 40, 20, 30 → median 30·factor). */
function scaled(hostname: string, factor: number): RunResult {
  const result = handBuiltResult()
  for (const row of result.scenarios[0]!.runtimes) {
    row.samples = row.samples.map((s) => ({ ...s, metrics: Object.fromEntries(Object.entries(s.metrics).map(([k, v]) => [k, k === 'cold_start_ms' ? v * factor : v])) }))
    row.summaries = summarizeSamples(row.samples)
  }
  return { ...result, environment: { ...result.environment, hostname } }
}

describe('analyseHosts', () => {
  const merged = mergeResults([{ file: 'a.json', result: scaled('fast', 1) }, { file: 'b.json', result: scaled('slow', 2) }], { runId: 'm' })

  it('puts each runtime\'s median per host in a grid, with the ratio to the first host', () => {
    const [grid] = analyseHosts(merged)!
    expect(grid!.metric).toBe('cold_start_ms')
    expect(grid!.hosts).toEqual(['fast', 'slow'])
    expect(grid!.reference).toBe('fast')
    const process = grid!.rows.find((r) => r.runtime === 'process')!
    // Reference: medians 30 and 60 → ratio 2; the reference host's own cell has no ratio CI
    expect(process.cells.map((c) => c?.summary.median)).toEqual([30, 60])
    expect(process.cells.map((c) => c?.ratio)).toEqual([1, 2])
    expect(process.cells[0]!.ratioCi).toBeUndefined()
    expect(process.cells[1]!.ratioCi!.low).toBeLessThanOrEqual(2)
    expect(process.cells[1]!.ratioCi!.high).toBeGreaterThanOrEqual(2)
    expect(grid!.rows.find((r) => r.runtime === 'docker')!.cells).toEqual([undefined, undefined]) // skipped on both
  })

  it('divides by the chosen reference host', () => {
    const [grid] = analyseHosts(merged, 'slow')!
    expect(grid!.rows.find((r) => r.runtime === 'isolate')!.cells.map((c) => c?.ratio)).toEqual([0.5, 1])
  })

  it('is undefined for a result that was not merged', () => {
    expect(analyseHosts(handBuiltResult())).toBeUndefined()
  })
})
