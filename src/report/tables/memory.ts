/** memory: one row per runtime, one column per memory view (only the views that were read). Pure. */
import { findSummary, type ScenarioAnalysis } from '../../analysis/index.js'
import { formatMs } from '../../format.js'
import { hostBytesCell, hostSummaryCell, viewBytesCell } from '../cells.js'
import { failureNotes, figureColumns, unmeasuredRow, type TableView } from '../table-model.js'
import { MEMORY_VIEWS } from '../memory-view-names.js'
import { measureHeading } from './heading.js'

/** The views the memory table has a column for, in MEMORY_VIEWS order. */
const VIEWS = MEMORY_VIEWS.filter((view) => view.memoryHeader !== undefined).map((view) => ({ metric: view.metric, header: view.memoryHeader! }))

/** The memory table: host view per instance, then every other view that was read. */
export function memoryTables(analysis: ScenarioAnalysis, description: string): TableView[] {
  const { scenario } = analysis
  const views = VIEWS.filter((view) => scenario.runtimes.some((r) => findSummary(r.summaries, view.metric) !== undefined))
  const header = ['runtime', 'live\ninstances', 'host per instance\n(median) [95% CI]', 'host slope\nover N', ...views.map((v) => v.header), 'start\nms']
  const rows = scenario.runtimes.map((runtime) => {
    const details = runtime.details as { instances?: number; hostSlopeBytes?: number | null } | undefined
    if (!details) return unmeasuredRow(runtime)
    const medianOf = (metric: string) => findSummary(runtime.summaries, metric)?.median ?? Number.NaN
    return { cells: [
      runtime.runtime,
      String(details.instances ?? 0),
      hostSummaryCell(runtime, 'memory_host_bytes'),
      hostBytesCell(details.hostSlopeBytes ?? Number.NaN),
      ...views.map((v) => viewBytesCell(v.metric, findSummary(runtime.summaries, v.metric)?.median)),
      formatMs(medianOf('start_ms')),
    ] }
  })
  const notes = [
    ...failureNotes(scenario.runtimes),
    'host = drop in MemAvailable per instance, read after each batch of N/10 (sees everything: processes, shims, daemons, page tables; noisy on a shared machine, hence the CI; "< 1.0 MiB, ±0.8" = below the view\'s resolution, the CI\'s half-width); own procs = RSS/PSS of the instance\'s processes, medians over instances;',
    'harness RSS growth = growth of the isobench process while an isolate starts (isolates have no process); the V8 heap is the engine\'s own count, not comparable with the others.',
  ]
  return [{ title: measureHeading(scenario, description), spaced: true, header, align: figureColumns(header.length), rows, notes }]
}
