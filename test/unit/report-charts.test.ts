import { describe, expect, it } from 'vitest'
import { scenarioCharts, type Chart } from '../../src/report/charts.js'
import { renderSvg } from '../../src/report/svg.js'
import type { ScenarioResult } from '../../src/result.js'
import { handBuiltResult } from '../fixtures/result.js'

const MIB = 1024 * 1024

function values(chart: Chart): Array<Record<string, unknown>> {
  return (chart.spec as { data: { values: Array<Record<string, unknown>> } }).data.values
}

/** Data marks in a vega SVG: children of mark groups that are neither axes nor legends. */
function dataMarks(svg: string): number {
  const groups = svg.split(/<g class="mark-[a-z]+ role-mark /).slice(1)
  return groups.reduce((count, group) => count + (group.match(/<(path|line|rect|text)\b/g)?.length ?? 0), 0)
}

describe('charts chosen from metric names', () => {
  const scenario = handBuiltResult().scenarios[0]!
  const charts = scenarioCharts(scenario)

  it('draws cold start, phases and memory for a cold-start result, and no density without N', () => {
    expect(charts.map((chart) => chart.kind)).toEqual(['distribution', 'phases', 'memory'])
    expect(new Set(charts.map((chart) => chart.id)).size).toBe(charts.length)
  })

  it('plots every measured sample (no warm-up, no failure) and states medians, CIs and ratios beside it', () => {
    const distribution = charts[0]!
    expect(values(distribution).map((d) => [d.runtime, d.value])).toEqual([
      ['process', 40], ['process', 20], ['process', 30],
      ['isolate', 2], ['isolate', 1], ['isolate', 3],
    ])
    expect(distribution.notes[0]).toBe('process: median 30.0 ms (95% CI 20.0–40.0), n=3; 15.0x the lowest median (95% CI 6.67x–40.0x)')
    expect(distribution.notes[1]).toBe('isolate: median 2.00 ms (95% CI 1.00–3.00), n=3; the lowest median')
  })

  it('stacks each runtime\'s phase medians in the order its phases happened', () => {
    const phases = values(charts[1]!)
    // Reference: process spawn [10, 5, 10] → 10, ready [28, 14, 19] → 19, first response [2, 1, 1] → 1
    expect(phases.filter((d) => d.runtime === 'process').sort((a, b) => Number(a.order) - Number(b.order)).map((d) => [d.phase, d.medianMs])).toEqual([
      ['spawn', 10], ['ready', 19], ['first response', 1],
    ])
    expect(charts[1]!.notes[0]).toBe('process: phases sum to 30.0 ms; largest: ready 19.0 ms (63%)')
  })

  it('labels memory by view, host and process views before V8 ones', () => {
    expect(values(charts[2]!).map((d) => [d.view, d.runtime, d.mib])).toEqual([
      ['process: RSS', 'process', 40],
      ['harness RSS growth', 'isolate', 2],
      ['V8: heap used', 'process', 4],
      ['V8: heap used', 'isolate', 1],
    ])
  })

  it('draws the density curve from samples that carry the number of live instances', () => {
    const density: ScenarioResult = {
      ...scenario,
      name: 'density',
      measure: 'density',
      runtimes: [{
        runtime: 'isolate', status: 'ok', summaries: [],
        samples: [1, 10, 10, 100].map((n, index) => ({ index, warmup: false, ok: true, metrics: { instances_count: n, memory_host_bytes: n * (index === 2 ? 3 : 1) * MIB } })),
      }],
    }
    const chart = scenarioCharts(density).find((c) => c.kind === 'density')!
    // Reference: N=10 has two samples, 10 MiB and 30 MiB → median 20 MiB
    expect(values(chart).map((d) => [d.instances, d.mib])).toEqual([[1, 1], [10, 20], [100, 100]])
  })

  it('renders every chart to a standalone SVG with data marks', async () => {
    for (const chart of charts) {
      const svg = await renderSvg(chart.spec)
      expect(svg.startsWith('<svg')).toBe(true)
      expect(svg).not.toMatch(/<script|<foreignObject|xlink:href="http/)
      expect(dataMarks(svg), chart.id).toBeGreaterThan(0)
    }
  })
})
