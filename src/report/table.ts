/** Pure terminal table renderer (cli-table3): one table per scenario, one row per runtime. */
import Table from 'cli-table3'
import { formatBytes, formatMs, formatRatio } from '../format.js'
import type { RunResult, RuntimeResult, ScenarioResult } from '../result.js'
import { findSummary } from './summaries.js'

/** A memory column: which metric, and a header that says which view it is. */
interface MemoryColumn {
  metric: string
  header: string
}

const MEMORY_COLUMNS: MemoryColumn[] = [
  { metric: 'memory_rss_bytes', header: 'instance RSS\n(own processes)' },
  { metric: 'memory_rss_growth_bytes', header: 'harness RSS\ngrowth' },
]

function medianOf(runtime: RuntimeResult, metric: string): number | undefined {
  return findSummary(runtime.summaries, metric)?.median
}

/** Renders one scenario's cold-start table. */
export function renderScenarioTable(scenario: ScenarioResult, options: { color?: boolean } = {}): string {
  const measured = scenario.runtimes.filter((r) => medianOf(r, 'cold_start_ms') !== undefined)
  const fastest = measured.reduce<RuntimeResult | undefined>(
    (best, r) => (best === undefined || medianOf(r, 'cold_start_ms')! < medianOf(best, 'cold_start_ms')! ? r : best),
    undefined,
  )
  const memoryColumns = MEMORY_COLUMNS.filter((column) => measured.some((r) => medianOf(r, column.metric) !== undefined))
  const head = ['runtime', 'n', 'median\nms', 'p95\nms', 'min\nms', 'max\nms', ...memoryColumns.map((c) => c.header), `vs fastest\n(median)`]
  const table = new Table({ head, style: { head: options.color ? ['cyan'] : [], border: options.color ? ['grey'] : [] } })
  for (const runtime of scenario.runtimes) {
    const cold = findSummary(runtime.summaries, 'cold_start_ms')
    if (runtime.status === 'skipped' || !cold) {
      const why = runtime.status === 'skipped' ? `skipped: ${runtime.reason}; ${runtime.fix}` : `failed: ${runtime.reason ?? 'no successful sample'}`
      table.push([runtime.runtime, { colSpan: head.length - 1, content: wrap(why, 90) }])
      continue
    }
    const failures = runtime.samples.filter((s) => !s.warmup && !s.ok).length
    const ratio = cold.median / medianOf(fastest!, 'cold_start_ms')!
    table.push([
      runtime.runtime,
      failures > 0 ? `${cold.n} (+${failures} failed)` : String(cold.n),
      formatMs(cold.median),
      formatMs(cold.p95),
      formatMs(cold.min),
      formatMs(cold.max),
      ...memoryColumns.map((c) => {
        const value = medianOf(runtime, c.metric)
        return value === undefined ? '' : formatBytes(value)
      }),
      runtime === fastest ? '1.00x (fastest)' : `${formatRatio(ratio)} slower`,
    ])
  }
  return table.toString()
}

function wrap(text: string, width: number): string {
  const words = text.split(' ')
  const lines: string[] = []
  let line = ''
  for (const word of words) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line)
      line = word
    } else line = line ? `${line} ${word}` : word
  }
  if (line) lines.push(line)
  return lines.join('\n')
}

/** The heading line above a scenario's table. */
export function scenarioHeading(scenario: ScenarioResult): string {
  return `${scenario.name}: ${scenario.workload.name}.js, ${scenario.runs} runs + ${scenario.warmup} warm-up per runtime, interleaved; cold start = start decision → first response`
}

/** Every scenario's heading, table and notes (failed samples' first error). */
export function renderTables(result: RunResult, options: { color?: boolean } = {}): string {
  const parts: string[] = []
  for (const scenario of result.scenarios) {
    parts.push(scenarioHeading(scenario), renderScenarioTable(scenario, options))
    for (const runtime of scenario.runtimes) {
      const failed = runtime.samples.find((s) => !s.ok)
      if (failed) parts.push(`  ${runtime.runtime}: ${runtime.samples.filter((s) => !s.ok).length} sample(s) failed, first: ${failed.error}`)
    }
    parts.push('memory: instance RSS = RSS summed over the instance\'s own processes (container: init + node); harness RSS growth = growth of the isobench process while one isolate lives (isolates have no process of their own)')
  }
  if (!result.complete) parts.push('INCOMPLETE: the run was interrupted; the figures cover what was measured.')
  return parts.join('\n') + '\n'
}
