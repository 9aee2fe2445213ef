/**
 * Pure: the memory views, listed once. Every table and chart that shows memory reads its labels,
 * headers, order and notes from here (design.md: views are named apart, never mixed in one number).
 *   host view    = the fall of MemAvailable per live instance (sees everything, noisy)
 *   process view = RSS/PSS summed over the instance's own processes (docker: + its containerd-shim)
 *   harness view = the isobench process's RSS growth while an in-process instance lives
 *   cgroup view  = the container cgroup's usage
 *   guest view   = the workload's node as a VM guest's kernel counts it (qemu)
 *   V8 / wasm    = the engine's own counts: not comparable with the others
 */
import { memoryViewOf } from '../analysis/metrics.js'

/** One view: the `memory_<view>_bytes` metric it reads and how each place names it. */
export interface MemoryView {
  view: string
  metric: string
  /** The reader's label (charts, metric lists). */
  label: string
  /** The column header of the cold-start tables (`--memory-views`; `compact` ones in the headline table too). */
  header?: string
  /** The column header of the memory scenario's table, where it has a column there. */
  memoryHeader?: string
  /** In the headline cold-start table. */
  compact?: boolean
  /** What a chart of this view says about it. */
  note?: string
}

const PROCESS_NOTE = 'process RSS/PSS: summed over the instance\'s own processes; PSS splits shared pages among their users.'
const SHIM_NOTE = 'shim RSS/PSS: the containerd-shim serving the container.'
const V8_NOTE = 'V8: the engine\'s own heap statistics (heap used, external), not the memory the OS sees.'

const view = (name: string, fields: Omit<MemoryView, 'view' | 'metric'>): MemoryView => ({ view: name, metric: `memory_${name}_bytes`, ...fields })

/** Every view, in the order reports show them: host, process, harness, cgroup, V8, wasm, pool. */
export const MEMORY_VIEWS: readonly MemoryView[] = [
  view('host', { label: 'host: MemAvailable drop per instance', note: 'host: the fall of MemAvailable per instance; it sees everything (processes, shims, daemons, page tables) but is noisy on a shared machine, even below 0.' }),
  view('host_drop', { label: 'host: MemAvailable drop, all N alive' }),
  view('host_step', { label: 'host: MemAvailable drop per instance added' }),
  view('rss', { label: 'process: RSS', header: 'RSS\n(process view)', memoryHeader: 'RSS\n(own procs)', compact: true, note: PROCESS_NOTE }),
  view('pss', { label: 'process: PSS', header: 'PSS\n(process view)', memoryHeader: 'PSS\n(own procs)', note: PROCESS_NOTE }),
  view('shim_rss', { label: 'process: shim RSS', header: 'of which shim\nRSS / PSS', memoryHeader: 'shim RSS', note: SHIM_NOTE }),
  view('shim_pss', { label: 'process: shim PSS', note: SHIM_NOTE }),
  view('rss_growth', { label: 'harness RSS growth', header: 'harness RSS\ngrowth (process)', memoryHeader: 'harness RSS\ngrowth', compact: true, note: 'harness RSS growth: what one live isolate adds to the isobench process (an isolate has no process of its own).' }),
  view('cgroup', { label: 'cgroup: usage', header: 'usage\n(cgroup view)', memoryHeader: 'cgroup', note: 'cgroup: the container\'s memory cgroup usage.' }),
  view('guest_rss', { label: 'guest: node RSS', header: 'guest RSS\n(guest view)', memoryHeader: 'guest RSS\n(inside VM)', note: 'guest RSS: the workload\'s node as the VM guest\'s own kernel counts it (qemu); the host sees the guest\'s RAM as the QEMU process\'s RSS.' }),
  view('heap', { label: 'V8: heap used', header: 'heap used\n(V8 view)', memoryHeader: 'V8 heap\n(not comparable)', note: V8_NOTE }),
  view('external', { label: 'V8: external', header: 'external\n(V8 view)', note: V8_NOTE }),
  view('shared_heap', { label: 'V8: shared heap', header: 'shared heap\n(V8 view)' }),
  view('linear', { label: 'wasm: linear memory', header: 'linear memory\n(wasm view)' }),
  view('pool', { label: 'pool holds', header: 'pool holds\n(process view)', compact: true }),
]

const BY_METRIC = new Map(MEMORY_VIEWS.map((v) => [v.metric, v]))

/** The view of a memory metric, if it is a known one. */
export function memoryViewOfMetric(metric: string): MemoryView | undefined {
  return BY_METRIC.get(metric)
}

/** Memory metrics in the order of MEMORY_VIEWS, unknown ones last. */
export function sortMemoryMetrics(metrics: readonly string[]): string[] {
  const rank = (metric: string) => {
    const i = MEMORY_VIEWS.findIndex((v) => v.metric === metric)
    return i === -1 ? MEMORY_VIEWS.length : i
  }
  return [...metrics].sort((a, b) => rank(a) - rank(b))
}

/** A reader's label for a memory metric: which view it is. */
export function memoryViewLabel(metric: string): string {
  return BY_METRIC.get(metric)?.label ?? (memoryViewOf(metric) ?? metric).replace(/_/g, ' ')
}

/** The notes that explain the views among these metrics, each once. */
export function memoryViewNotes(metrics: readonly string[]): string[] {
  return [...new Set(sortMemoryMetrics(metrics).flatMap((metric) => BY_METRIC.get(metric)?.note ?? []))]
}
