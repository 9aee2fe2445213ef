/** cold-start: the headline table (one row per runtime), and with --phases / --memory-views the phase and memory tables. Pure. */
import { comparisonOf, outputNotes, type ScenarioAnalysis } from '../../analysis/index.js'
import { failedCount } from '../../analysis/ratios.js'
import { basename } from 'node:path'
import { formatBytes, formatMs, formatPercentValue, formatRatioWithCi } from '../../format.js'
import type { RuntimeResult, ScenarioResult } from '../../result.js'
import { medianWithCi, stopCell } from '../cells.js'
import type { StoppingRecord, StoppingRule } from '../../analysis/stopping.js'
import { nameList } from '../../analysis/precision.js'
import { failureNotes, figureColumns, groupedFailureNotes, unmeasuredRow, type TableView, type ViewOptions } from '../table-model.js'
import { ALL_MEMORY_COLUMNS, headlineMemoryColumns, MEMORY_LEGEND, MEMORY_LINE, presentColumns, memoryViewsTable } from './memory-views.js'
import { phasesTable } from './phases.js'

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

/** runtimeNotes in one line: which rows have a caveat and which run inside the harness (--verbose prints each). */
export function groupedRuntimeNotes(scenario: ScenarioResult): string[] {
  const measured = scenario.runtimes.filter((r) => r.info && r.status !== 'skipped')
  const caveats = measured.filter((r) => r.info?.note).map((r) => r.runtime)
  const inHarness = measured.filter((r) => r.info?.details.inHarness === true).map((r) => r.runtime)
  const parts = [caveats.length ? `caveats for ${nameList(caveats)}` : '', inHarness.length ? `${nameList(inHarness)} ${inHarness.length === 1 ? 'runs' : 'run'} inside isobench on its node (${measured.find((r) => r.info?.details.inHarness === true)!.info!.details.node})` : ''].filter(Boolean)
  return parts.length ? [`note: ${parts.join('; ')} (--verbose for each)`] : []
}

/** The heading line above a cold-start scenario's table: fixed runs, or --precision's target and bounds. */
export function scenarioHeading(scenario: ScenarioResult, description: string): string {
  const file = scenario.workload.path ? basename(scenario.workload.path) : `${scenario.workload.name}.js`
  const bundled = scenario.workload.bundled ? ` (bundled, ${formatBytes(scenario.workload.bytes ?? 0)})` : ''
  const rule = scenario.settings?.precision as StoppingRule | undefined
  const runs = rule
    ? `runs until the median's 95% CI is within ±${formatPercentValue(rule.precision)} (${rule.minRuns}–${rule.maxRuns} runs, at most ${rule.maxTimeMs / 1000} s)`
    : `${scenario.runs} runs`
  return `${scenario.name}: ${file}${bundled}, ${runs} + ${scenario.warmup} warm-up per runtime, interleaved; ${description}`
}

/** The stop of a row sampled with --precision, from its details. */
function stopOf(runtime: RuntimeResult): StoppingRecord | undefined {
  return (runtime.details as { stopping?: StoppingRecord } | undefined)?.stopping
}

/** The ratio column's header, naming the reference: `vs isolate (fastest), median`, or `vs process, median` (--reference). */
export function referenceHeader(compared: { reference: string | undefined; referenceLabel: string }): string {
  if (!compared.reference) return 'vs fastest (median)\n[95% CI of ratio]'
  return `vs ${compared.reference}${compared.referenceLabel === 'fastest' ? ' (fastest)' : ''},\nmedian [95% CI]`
}

/** The headline table: cold start with its CI, spread, memory, the ratio against the reference, and the node. */
export function headlineTable(analysis: ScenarioAnalysis, description: string): TableView {
  const { scenario } = analysis
  const cold = comparisonOf(analysis, 'cold_start_ms')
  const measured = scenario.runtimes.filter((r) => cold.rows.some((row) => row.runtime === r.runtime))
  const memoryColumns = headlineMemoryColumns(measured)
  const stopped = scenario.runtimes.some(stopOf)
  const header = ['runtime', 'n', 'median ms\n[95% CI]', 'p95\nms', 'min–max\nms', ...memoryColumns.map((c) => c.header), referenceHeader(cold), ...(stopped ? ['precision\n(stopped by)'] : []), 'node']
  const rows = scenario.runtimes.map((runtime) => {
    const row = cold.rows.find((r) => r.runtime === runtime.runtime)
    if (runtime.status === 'skipped' || !row) return unmeasuredRow(runtime)
    const s = row.summary
    const failures = failedCount(runtime)
    const ratio = row.reference ? `1.00x (${cold.referenceLabel})` : formatRatioWithCi(row.ratio, row.ratioCi!.low, row.ratioCi!.high)
    return {
      cells: [runtime.runtime, failures > 0 ? `${s.n} (+${failures} failed)` : String(s.n), medianWithCi(s), formatMs(s.p95), `${formatMs(s.min)}–${formatMs(s.max)}`, ...memoryColumns.map((c) => c.cell(runtime)), ratio, ...(stopped ? [stopCell(stopOf(runtime))] : []), nodeCell(runtime)],
    }
  })
  const notes = [...failureNotes(scenario.runtimes), ...outputNotes(analysis.outputs), ...analysis.precision, ...runtimeNotes(scenario)]
  const groupedNotes = [...groupedFailureNotes(scenario.runtimes), ...outputNotes(analysis.outputs), ...analysis.precisionGrouped, ...groupedRuntimeNotes(scenario)]
  // Dropped to fit a narrow terminal, in this order: node, p95, min–max, n, the memory columns (last first); the precision column stays.
  const memoryIndices = memoryColumns.map((_, i) => 5 + i).reverse()
  const droppable = [header.length - 1, 3, 4, 1, ...memoryIndices]
  return { title: scenarioHeading(scenario, description), header, align: [...figureColumns(header.length - (stopped ? 3 : 2)), 'left', ...(stopped ? ['left' as const] : []), 'left'], rows, notes, groupedNotes, droppable }
}

/** The cold-start tables; the memory legend goes under the last one. */
export function coldStartTables(analysis: ScenarioAnalysis, description: string, options: ViewOptions = {}): TableView[] {
  const { scenario } = analysis
  const tables = [headlineTable(analysis, description)]
  if (options.phases) tables.push(phasesTable(scenario))
  if (options.memoryViews && presentColumns(ALL_MEMORY_COLUMNS, scenario.runtimes).length > 0) tables.push(memoryViewsTable(scenario))
  const last = tables.at(-1)!
  last.notes.push(options.memoryViews ? MEMORY_LEGEND : MEMORY_LINE)
  last.groupedNotes?.push(options.memoryViews ? MEMORY_LEGEND : MEMORY_LINE)
  return tables
}
