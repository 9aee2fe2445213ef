/** Pure: the memory columns of the cold-start tables (compact in the headline table; every view with `--memory-views`), from the one list of views (memory-view-names.ts). */
import { findSummary } from '../../analysis/index.js'
import { viewBytesCell } from '../cells.js'
import type { RuntimeResult, ScenarioResult } from '../../result.js'
import { MEMORY_VIEWS, type MemoryView } from '../memory-view-names.js'
import { figureColumns, type TableView } from '../table-model.js'

/** A memory column: the metric it shows and a header that names its view. */
export interface MemoryColumn {
  metric: string
  header: string
  cell: (runtime: RuntimeResult) => string
}

const median = (runtime: RuntimeResult, metric: string): number | undefined => findSummary(runtime.summaries, metric)?.median
const bytes = (metric: string) => (runtime: RuntimeResult) => viewBytesCell(metric, median(runtime, metric))
/** The shim's column shows RSS / PSS together. */
const shimCell = (r: RuntimeResult) => (median(r, 'memory_shim_rss_bytes') === undefined ? '' : `${bytes('memory_shim_rss_bytes')(r)} / ${bytes('memory_shim_pss_bytes')(r)}`)
const columnOf = (view: MemoryView): MemoryColumn => ({ metric: view.metric, header: view.header!, cell: view.view === 'shim_rss' ? shimCell : bytes(view.metric) })

/** Every view that has a cold-start column, for `--memory-views`. */
export const ALL_MEMORY_COLUMNS: MemoryColumn[] = MEMORY_VIEWS.filter((view) => view.header !== undefined).map(columnOf)

/** The compact columns of the headline table. */
export const DEFAULT_MEMORY_COLUMNS: MemoryColumn[] = MEMORY_VIEWS.filter((view) => view.compact).map(columnOf)

/**
 * The compact columns of a headline table over these rows: a container whose processes the harness
 * cannot see (a remote engine; a local one from inside a container) has no process view, only the
 * cgroup view from the Engine API, so the cgroup column joins them there.
 */
export function headlineMemoryColumns(runtimes: readonly RuntimeResult[]): MemoryColumn[] {
  const remote = runtimes.some((r) => median(r, 'memory_cgroup_bytes') !== undefined && median(r, 'memory_rss_bytes') === undefined)
  const columns = remote ? [...DEFAULT_MEMORY_COLUMNS, ...ALL_MEMORY_COLUMNS.filter((c) => c.metric === 'memory_cgroup_bytes')] : DEFAULT_MEMORY_COLUMNS
  return presentColumns(columns, runtimes)
}

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
