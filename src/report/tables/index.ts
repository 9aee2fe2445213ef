/** One table renderer per measure kind; cold-start keeps the original table (src/report/table.ts). Pure. */
import type { ScenarioResult } from '../../result.js'
import type { TableOptions } from './common.js'
import { renderDensityTable } from './density.js'
import { renderIsolationTable } from './isolation.js'
import { renderLatencyTable } from './latency.js'
import { renderMemoryMeasureTable } from './memory.js'
import { renderNoisyTable } from './noisy-neighbour.js'

type Renderer = (scenario: ScenarioResult, options: TableOptions) => string

/** Renderers by measure; a measure missing here (cold-start) is drawn by the cold-start table. */
export const MEASURE_TABLES: Record<string, Renderer> = {
  'warm-invoke': (s, o) => renderLatencyTable(s, 'warm_invoke_ms', o),
  cpu: (s, o) => renderLatencyTable(s, 'cpu_call_ms', { ...o, baseline: 'process' }),
  memory: renderMemoryMeasureTable,
  density: renderDensityTable,
  'noisy-neighbour': renderNoisyTable,
  isolation: renderIsolationTable,
}

const WHAT: Record<string, string> = {
  'warm-invoke': 'one request on a live instance, request written → response back (tinybench loop, runtimes take turns)',
  cpu: 'one CPU-bound request on a warmed-up live instance; ratio against a plain node process',
  memory: 'idle footprint per live instance, by view',
  density: 'N live instances at once: time to start the N-th, host memory, largest N',
  'noisy-neighbour': 'a victim\'s latency alone and beside a noisy neighbour, with and without limits on the neighbour',
  isolation: 'what stops a probe that reaches for the host (a fresh instance per cell)',
}

/** The heading above a non-cold-start scenario's table. */
export function measureHeading(scenario: ScenarioResult): string {
  const sizes = scenario.measure === 'warm-invoke' || scenario.measure === 'cpu' ? `, ${scenario.runs} runs + ${scenario.warmup} warm-up per runtime` : ''
  return `${scenario.name} (${scenario.measure}): ${scenario.workload.name}.js${sizes}; ${WHAT[scenario.measure] ?? ''}`
}
