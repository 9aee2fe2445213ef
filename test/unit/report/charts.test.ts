import { describe, expect, it } from 'vitest'
import { scenarioCharts, type Chart } from '../../../src/report/charts.js'
import { analyseScenario } from '../../../src/analysis/index.js'
import { renderSvg } from '../../../src/report/svg.js'
import { summarizeSamples } from '../../../src/analysis/summaries.js'
import type { RuntimeResult, ScenarioResult } from '../../../src/result.js'
import { handBuiltResult } from '../../fixtures/result.js'

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
  const charts = scenarioCharts(analyseScenario(scenario))

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

  it('labels memory by view, host and process views before V8 ones, and explains only the views shown', () => {
    expect(charts[2]!.notes).toEqual([
      'Views measure different things and are not comparable with each other.',
      "process RSS/PSS: summed over the instance's own processes; PSS splits shared pages among their users.",
      'harness RSS growth: what one live isolate adds to the isobench process (an isolate has no process of its own).',
      "V8: the engine's own heap statistics (heap used, external), not the memory the OS sees.",
    ])
    expect(values(charts[2]!).map((d) => [d.view, d.runtime, d.mib])).toEqual([
      ['process: RSS', 'process', 40],
      ['harness RSS growth', 'isolate', 2],
      ['V8: heap used', 'process', 4],
      ['V8: heap used', 'isolate', 1],
    ])
  })

  it('draws the density curve from step samples (N live), apart from the per-start memory bars', () => {
    // The density measure's shape: per start {start_ms, memory_host_bytes}; per step N
    // {instances, start_nth_ms, memory_host_drop_bytes, memory_host_step_bytes}; details per runtime.
    const step = (index: number, n: number, dropMib: number, stepMib: number) => ({ index, warmup: false, ok: true, metrics: { instances: n, start_nth_ms: 2, memory_host_drop_bytes: dropMib * MIB, memory_host_step_bytes: stepMib * MIB } })
    const start = (index: number, mib: number) => ({ index, warmup: false, ok: true, metrics: { start_ms: 2, memory_host_bytes: mib * MIB } })
    const samples = [start(0, 1), step(1, 1, 1, 1), start(2, 3), step(3, 2, 4, 3)]
    const density: ScenarioResult = {
      ...scenario,
      name: 'density',
      measure: 'density',
      runtimes: [{ runtime: 'isolate', status: 'ok', samples, summaries: summarizeSamples(samples), details: { largestN: 2, stopReason: 'reached the largest step', hostSlopeBytes: 2 * MIB, instancesPerGiB: 512 } } as RuntimeResult],
    }
    const charts = scenarioCharts(analyseScenario(density))
    expect(charts.map((c) => c.kind)).toEqual(['memory', 'density'])
    const curve = charts[1]!
    expect(values(curve).map((d) => [d.metric, d.instances, d.mib])).toEqual([
      ['memory_host_drop_bytes', 1, 1], ['memory_host_step_bytes', 1, 1],
      ['memory_host_drop_bytes', 2, 4], ['memory_host_step_bytes', 2, 3],
    ])
    expect(curve.notes).toEqual(['isolate: largest N 2 (reached the largest step); host memory slope 2.0 MiB per instance; ≈ 512 instances per GiB'])
    // Reference: per-start host drops 1 and 3 MiB → median 2 MiB; the step metrics are not bars
    expect(values(charts[0]!).map((d) => [d.view, d.mib])).toEqual([['host: MemAvailable drop per instance', 2]])
  })

  it('draws warm latency like cold start, without dots when there are too many samples', () => {
    const samples = Array.from({ length: 300 }, (_, index) => ({ index, warmup: false, ok: true, metrics: { warm_invoke_ms: 0.01 + index / 1000 } }))
    const warm: ScenarioResult = { ...scenario, name: 'warm', measure: 'warm-invoke', runtimes: [{ runtime: 'isolate', status: 'ok', samples, summaries: summarizeSamples(samples) }] }
    const [chart] = scenarioCharts(analyseScenario(warm))
    expect(chart!.id).toBe('warm-distribution-warm_invoke_ms')
    expect((chart!.spec as { layer: unknown[] }).layer).toHaveLength(1)
    expect(chart!.notes.at(-1)).toBe('Box: quartiles and median; whiskers: min and max (more than 200 samples per runtime: no dots).')
  })

  it('draws a neighbour experiment\'s conditions in one chart, each against the first condition', () => {
    const sample = (index: number, metric: string, ms: number) => ({ index, warmup: false, ok: true, metrics: { [metric]: ms } })
    const samples = [
      ...[1, 2, 3].map((ms, i) => sample(i, 'victim_alone_ms', ms)),
      ...[2, 4, 6].map((ms, i) => sample(3 + i, 'victim_beside_limited_ms', ms)),
    ]
    const noisy: ScenarioResult = { ...scenario, name: 'noisy', measure: 'noisy-neighbour', runtimes: [{ runtime: 'isolate', status: 'ok', samples, summaries: summarizeSamples(samples) }] }
    const charts = scenarioCharts(analyseScenario(noisy))
    expect(charts.map((c) => c.id)).toEqual(['noisy-conditions'])
    expect(new Set(values(charts[0]!).map((d) => d.condition))).toEqual(new Set(['alone', 'beside limited']))
    // Reference: medians 2 and 4 → 2.00x; ratio CI bounds 2/3 and 6/1, each with P = (7/27)² ≈ 6.7% > 2.5%
    expect(charts[0]!.notes).toEqual([
      'isolate, alone: median 2.00 ms (95% CI 1.00–3.00), n=3',
      'isolate, beside limited: median 4.00 ms (95% CI 2.00–6.00), n=3; 2.00x alone (95% CI 0.67x–6.00x)',
    ])
  })

  it('leaves samples of 0 off the log axis and says so', () => {
    const samples = [0, 1, 2].map((ms, index) => ({ index, warmup: false, ok: true, metrics: { cold_start_ms: ms } }))
    const zero: ScenarioResult = { ...scenario, runtimes: [{ runtime: 'isolate', status: 'ok', samples, summaries: summarizeSamples(samples) }] }
    const chart = scenarioCharts(analyseScenario(zero))[0]!
    expect(values(chart).map((d) => d.value)).toEqual([1, 2])
    expect(chart.notes.at(-1)).toBe('1 sample(s) ≤ 0 cannot be placed on the log axis and are not drawn (they are in the statistics).')
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
