/** memory: one row per runtime, one column per memory view (only the views that were read). Pure. */
import { formatBytes, formatMs } from '../../format.js'
import type { ScenarioResult } from '../../result.js'
import { findSummary } from '../summaries.js'
import { failureNotes, newTable, summaryWithCi, unmeasuredRow, type TableOptions } from './common.js'

const VIEWS: Array<{ metric: string; header: string }> = [
  { metric: 'memory_rss_bytes', header: 'RSS\n(own procs)' },
  { metric: 'memory_pss_bytes', header: 'PSS\n(own procs)' },
  { metric: 'memory_cgroup_bytes', header: 'cgroup' },
  { metric: 'memory_shim_rss_bytes', header: 'shim RSS' },
  { metric: 'memory_rss_growth_bytes', header: 'harness RSS\ngrowth' },
  { metric: 'memory_heap_bytes', header: 'V8 heap\n(not comparable)' },
]

/** The memory table: host view per instance, then every other view that was read. */
export function renderMemoryMeasureTable(scenario: ScenarioResult, options: TableOptions): string {
  const views = VIEWS.filter((view) => scenario.runtimes.some((r) => findSummary(r.summaries, view.metric) !== undefined))
  const head = ['runtime', 'live\ninstances', 'host per instance\n(median) [95% CI]', 'host slope\nover N', ...views.map((v) => v.header), 'start\nms']
  const table = newTable(head, options)
  for (const runtime of scenario.runtimes) {
    const details = runtime.details as { instances?: number; hostSlopeBytes?: number | null } | undefined
    if (!details) {
      table.push(unmeasuredRow(runtime, head.length))
      continue
    }
    const medianOf = (metric: string) => findSummary(runtime.summaries, metric)?.median ?? Number.NaN
    table.push([
      runtime.runtime,
      String(details.instances ?? 0),
      summaryWithCi(runtime, 'memory_host_bytes', formatBytes),
      formatBytes(details.hostSlopeBytes ?? Number.NaN),
      ...views.map((v) => formatBytes(medianOf(v.metric))),
      formatMs(medianOf('start_ms')),
    ])
  }
  return [
    table.toString(),
    ...failureNotes(scenario),
    'host = drop in MemAvailable per instance, read after each batch of N/10 (sees everything: processes, shims, daemons, page tables; noisy on a shared machine, hence the CI); own procs = RSS/PSS of the instance\'s processes, medians over instances;',
    'harness RSS growth = growth of the isobench process while an isolate starts (isolates have no process); the V8 heap is the engine\'s own count, not comparable with the others.',
  ].join('\n')
}
