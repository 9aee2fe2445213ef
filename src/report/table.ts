/** Pure terminal table renderer (cli-table3): one table per scenario, one row per runtime. */
import { formatMs, formatRatioWithCi } from '../format.js'
import type { RunResult, RuntimeResult, ScenarioResult } from '../result.js'
import { medianWithCi, newTable, wrap } from './cells.js'
import { ALL_MEMORY_COLUMNS, DEFAULT_MEMORY_COLUMNS, MEMORY_LEGEND, presentColumns, renderMemoryTable } from './memory-table.js'
import { qualityNotes } from './notes.js'
import { renderPhasesTable } from './phases-table.js'
import { renderClaims } from './claims.js'
import { findSummary } from './summaries.js'
import { MEASURE_TABLES, measureHeading } from './tables/index.js'

/** What the tables show beyond the compact default. */
export interface TablesOptions {
  color?: boolean
  /** `--phases`: a table of each runtime's cold start phase by phase. */
  phases?: boolean
  /** `--memory-views`: a table with every memory view apart. */
  memoryViews?: boolean
}

/** Renders one scenario's cold-start table. */
export function renderScenarioTable(scenario: ScenarioResult, options: { color?: boolean } = {}): string {
  const measured = scenario.runtimes.filter((r) => findSummary(r.summaries, 'cold_start_ms') !== undefined)
  const memoryColumns = presentColumns(DEFAULT_MEMORY_COLUMNS, measured)
  const head = ['runtime', 'n', 'median ms\n[95% CI]', 'p95\nms', 'min–max\nms', ...memoryColumns.map((c) => c.header), 'vs fastest (median)\n[95% CI of ratio]', 'node']
  const table = newTable(head, options)
  for (const runtime of scenario.runtimes) {
    const cold = findSummary(runtime.summaries, 'cold_start_ms')
    if (runtime.status === 'skipped' || !cold) {
      const why = runtime.status === 'skipped' ? `skipped: ${runtime.reason}; ${runtime.fix}` : `failed: ${runtime.reason ?? 'no successful sample'}`
      table.push([runtime.runtime, { colSpan: head.length - 1, content: wrap(why, 90) }])
      continue
    }
    const failures = runtime.samples.filter((s) => !s.warmup && !s.ok).length
    const ratio = runtime.ratio
    table.push([
      runtime.runtime,
      failures > 0 ? `${cold.n} (+${failures} failed)` : String(cold.n),
      medianWithCi(cold),
      formatMs(cold.p95),
      `${formatMs(cold.min)}–${formatMs(cold.max)}`,
      ...memoryColumns.map((c) => c.cell(runtime)),
      !ratio ? '' : ratio.baseline === runtime.runtime ? '1.00x (fastest)' : formatRatioWithCi(ratio.ratio, ratio.ci.low, ratio.ci.high),
      nodeCell(runtime),
    ])
  }
  return table.toString()
}

/** The node a row ran on: its version, marked `harness` for runtimes inside the isobench process (they ignore --node). */
export function nodeCell(runtime: RuntimeResult): string {
  const node = runtime.info?.details.node
  if (typeof node !== 'string' || node === '') return ''
  return runtime.info?.details.inHarness === true ? `${node}\nharness` : node
}

/** Lines under the table: each row's caveat, and which rows run inside the harness on its node. */
export function runtimeNotes(scenario: ScenarioResult): string[] {
  const measured = scenario.runtimes.filter((r) => r.info && r.status !== 'skipped')
  const byNote = new Map<string, string[]>()
  for (const r of measured) if (r.info?.note) byNote.set(r.info.note, [...(byNote.get(r.info.note) ?? []), r.runtime])
  const notes = [...byNote].map(([note, names]) => `note: ${names.join(', ')}: ${note}`)
  const inHarness = measured.filter((r) => r.info?.details.inHarness === true)
  if (inHarness.length > 0) {
    const node = inHarness[0]!.info!.details.node
    notes.push(`node: ${inHarness.map((r) => r.runtime).join(', ')} ${inHarness.length === 1 ? 'runs' : 'run'} inside the isobench process, always on its node (${node}), whatever --node says`)
  }
  return notes
}

/** The heading line above a scenario's table. */
export function scenarioHeading(scenario: ScenarioResult): string {
  return `${scenario.name}: ${scenario.workload.name}.js, ${scenario.runs} runs + ${scenario.warmup} warm-up per runtime, interleaved; cold start = start decision → first response`
}

/** The warnings of a result (outliers, wide spread), for stderr when the table is not printed. */
export function resultWarnings(result: RunResult): string[] {
  return result.scenarios.flatMap((scenario) => qualityNotes(scenario).filter((line) => line.startsWith('warning:')).map((line) => `${scenario.name}: ${line}`))
}

/** Every scenario's heading, table and notes (failed samples, precision, outliers, memory views). */
export function renderTables(result: RunResult, options: TablesOptions = {}): string {
  const parts: string[] = []
  for (const scenario of result.scenarios) {
    const measureTable = MEASURE_TABLES[scenario.measure]
    if (measureTable) {
      parts.push('', measureHeading(scenario), measureTable(scenario, options))
      continue
    }
    parts.push(scenarioHeading(scenario), renderScenarioTable(scenario, options))
    for (const runtime of scenario.runtimes) {
      const failed = runtime.samples.find((s) => !s.ok)
      if (failed) parts.push(`  ${runtime.runtime}: ${runtime.samples.filter((s) => !s.ok).length} sample(s) failed, first: ${failed.error}`)
    }
    parts.push(...qualityNotes(scenario), ...runtimeNotes(scenario))
    if (options.phases) parts.push('', `${scenario.name}: cold start phase by phase (teardown timed apart, not part of the cold start)`, renderPhasesTable(scenario, options))
    if (options.memoryViews && presentColumns(ALL_MEMORY_COLUMNS, scenario.runtimes).length > 0) parts.push('', `${scenario.name}: memory by view`, renderMemoryTable(scenario, options))
    parts.push(options.memoryViews ? MEMORY_LEGEND : 'memory: process view = RSS summed over every process the instance owns (docker: container + containerd-shim); an isolate or a wasm instance owns none: harness RSS growth while it lives. --memory-views shows every view (PSS, cgroup, V8).')
  }
  if (result.claims) parts.push('', renderClaims(result.claims, options))
  if (!result.complete) parts.push('INCOMPLETE: the run was interrupted; the figures cover what was measured.')
  return parts.join('\n') + '\n'
}
