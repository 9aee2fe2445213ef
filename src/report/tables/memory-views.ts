/**
 * Pure: memory columns named by view (design.md: never mixed in one number).
 * process view: RSS/PSS summed over every process the instance owns (for docker: the container's
 * processes plus its containerd-shim, whose share is also shown apart); for an isolate, which owns
 * no process, the growth of the harness's RSS while it lives. cgroup view: the container cgroup's
 * usage. V8 view: heap used and external memory, not comparable with the others.
 */
import { findSummary } from '../../analysis/index.js'
import { formatBytes } from '../../format.js'
import type { RuntimeResult, ScenarioResult } from '../../result.js'
import { figureColumns, type TableView } from '../table-model.js'

/** A memory column: the metric(s) it shows and a header that names its view. */
export interface MemoryColumn {
  header: string
  cell: (runtime: RuntimeResult) => string
}

const median = (runtime: RuntimeResult, metric: string): number | undefined => findSummary(runtime.summaries, metric)?.median
const bytes = (metric: string) => (runtime: RuntimeResult) => {
  const value = median(runtime, metric)
  return value === undefined ? '' : formatBytes(value)
}

/** The compact columns of the main table. */
export const DEFAULT_MEMORY_COLUMNS: Array<MemoryColumn & { metric: string }> = [
  { metric: 'memory_rss_bytes', header: 'RSS\n(process view)', cell: bytes('memory_rss_bytes') },
  { metric: 'memory_rss_growth_bytes', header: 'harness RSS\ngrowth (process)', cell: bytes('memory_rss_growth_bytes') },
  { metric: 'memory_pool_bytes', header: 'pool holds\n(process view)', cell: bytes('memory_pool_bytes') },
]

/** Every view, for `--memory-views`. */
export const ALL_MEMORY_COLUMNS: Array<MemoryColumn & { metric: string }> = [
  ...DEFAULT_MEMORY_COLUMNS.slice(0, 1),
  { metric: 'memory_pss_bytes', header: 'PSS\n(process view)', cell: bytes('memory_pss_bytes') },
  {
    metric: 'memory_shim_rss_bytes',
    header: 'of which shim\nRSS / PSS',
    cell: (r) => (median(r, 'memory_shim_rss_bytes') === undefined ? '' : `${bytes('memory_shim_rss_bytes')(r)} / ${bytes('memory_shim_pss_bytes')(r)}`),
  },
  DEFAULT_MEMORY_COLUMNS[1]!,
  { metric: 'memory_cgroup_bytes', header: 'usage\n(cgroup view)', cell: bytes('memory_cgroup_bytes') },
  { metric: 'memory_heap_bytes', header: 'heap used\n(V8 view)', cell: bytes('memory_heap_bytes') },
  { metric: 'memory_external_bytes', header: 'external\n(V8 view)', cell: bytes('memory_external_bytes') },
  { metric: 'memory_shared_heap_bytes', header: 'shared heap\n(V8 view)', cell: bytes('memory_shared_heap_bytes') },
  { metric: 'memory_linear_bytes', header: 'linear memory\n(wasm view)', cell: bytes('memory_linear_bytes') },
  DEFAULT_MEMORY_COLUMNS[2]!,
]

/** The columns some runtime of the scenario has a value for. */
export function presentColumns<C extends { metric: string }>(columns: C[], runtimes: readonly RuntimeResult[]): C[] {
  return columns.filter((column) => runtimes.some((r) => median(r, column.metric) !== undefined))
}

/** The `--memory-views` table: one row per runtime, one column per view and metric (medians). */
export function memoryViewsTable(scenario: ScenarioResult): TableView {
  const columns = presentColumns(ALL_MEMORY_COLUMNS, scenario.runtimes)
  const header = ['runtime', ...columns.map((c) => c.header)]
  const rows = scenario.runtimes.filter((runtime) => findSummary(runtime.summaries, 'cold_start_ms')).map((runtime) => ({ cells: [runtime.runtime, ...columns.map((c) => c.cell(runtime))] }))
  return { title: `${scenario.name}: memory by view`, spaced: true, header, align: figureColumns(header.length), rows, notes: [] }
}

/** The line under the cold-start table without --memory-views. */
export const MEMORY_LINE = 'memory: process view = RSS summed over every process the instance owns (docker: container + containerd-shim); an isolate or a wasm instance owns none: harness RSS growth while it lives. --memory-views shows every view (PSS, cgroup, V8; V8 heap is sandbox-reported, the rest harness-observed).'

/** What each view means, printed under the memory columns. */
export const MEMORY_LEGEND = [
  'memory (median per instance, after its first response):',
  '  process view = RSS/PSS summed over every process the instance owns; docker: the container\'s processes + its containerd-shim (shown apart);',
  '    isolate, wasm: own no process, so the harness RSS growth while one instance lives; workerd, deno: their one process',
  '    PSS splits shared pages among every process mapping them (a child shares the node binary with the harness and any other node here)',
  '  cgroup view = the container cgroup\'s memory usage (v1 memory.usage_in_bytes, v2 memory.current; includes page cache)',
  '  V8 view = heap used and external memory (isolated-vm heap statistics; process.memoryUsage() in the child; Deno.memoryUsage(); wasm: QuickJS\'s heap): not comparable with the other views;',
  '    shared heap = the heap of the isolate a vm or isolate:context instance shares with others, not its own',
  '    observed by: heap, external and the ready phase are sandbox-reported (a child or container says them, and a workload can patch them);',
  '    every other figure is harness-observed (spawn, container start, first answer seen, /proc, cgroup); only those are compared by default (CSV: observed_by)',
  '  wasm view = the WebAssembly linear memory the instance reserved (mostly untouched pages: its RSS is the harness growth)',
  '  pool holds = what a +pool row\'s N warm instances cost, each measured right after it started (process view; in-process: harness RSS growth)',
  '  host view (MemAvailable drop per instance over N live instances) needs many live instances: see the memory/density scenarios',
].join('\n')
