/** Pure: what differs between the environments of two results, as `what: before → after` lines. */
import type { RunResult } from '../result.js'

/** Host facts that change what is measured (others, such as paths, are left out on purpose). */
const HOST_FACTS: ReadonlyArray<[key: string, label: string]> = [
  ['cpuModel', 'CPU'],
  ['cpuCount', 'CPU count'],
  ['cpuGovernor', 'CPU governor'],
  ['memoryTotalBytes', 'memory'],
  ['arch', 'arch'],
  ['os', 'OS'],
  ['kernel', 'kernel'],
  ['cgroup', 'cgroup'],
  ['node', 'Node'],
  ['v8', 'V8'],
  ['isolatedVm', 'isolated-vm'],
  ['harnessFlags', 'harness node flags'],
]

/** A change of the 1-minute load average per CPU from this much up is worth a warning. */
export const LOAD_PER_CPU_WARNING = 0.5

/** Runtime detail keys that name a location or a kind, not a version: not worth a warning. */
const IGNORED_DETAILS = new Set(['nodePath', 'inHarness', 'dockerHostSource'])

/** Runtime detail keys that are figures measured by each run (the ping series, a layer's build time), not facts of the setup. */
const MEASURED_DETAIL = /^(ping[A-Z]|layerMs\.)/

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {}
}

function shown(value: unknown): string {
  if (value === undefined) return '(none)'
  return typeof value === 'string' ? value : JSON.stringify(value)
}

function differ(label: string, before: unknown, after: unknown, out: string[]): void {
  if (JSON.stringify(before) !== JSON.stringify(after)) out.push(`${label}: ${shown(before)} → ${shown(after)}`)
}

/** The 1-minute load average divided by the CPU count, when the result recorded them. */
function loadPerCpu(environment: Record<string, unknown>): number | undefined {
  const load = environment.loadAverage
  const cpus = environment.cpuCount
  if (!Array.isArray(load) || typeof load[0] !== 'number' || typeof cpus !== 'number' || cpus <= 0) return undefined
  return load[0] / cpus
}

/** One run's environment and options (a plain result, or one host of a merged one). */
type RunRecord = Pick<RunResult, 'environment' | 'options'>

/** Differences in host, load, runtimes (those compared), limits and image between two runs' records. */
function recordDifferences(baseline: RunRecord, current: RunRecord, runtimes: readonly string[]): string[] {
  const out: string[] = []
  const before = record(baseline.environment)
  const after = record(current.environment)
  for (const [key, label] of HOST_FACTS) differ(label, before[key], after[key], out)
  const loadA = loadPerCpu(before)
  const loadB = loadPerCpu(after)
  if (loadA !== undefined && loadB !== undefined && Math.abs(loadA - loadB) >= LOAD_PER_CPU_WARNING) {
    out.push(`load average (1 min, per CPU): ${loadA.toFixed(2)} → ${loadB.toFixed(2)} (timings follow the machine's load)`)
  }
  for (const runtime of runtimes) {
    const a = record(record(before.runtimes)[runtime])
    const b = record(record(after.runtimes)[runtime])
    differ(`${runtime} version`, a.version, b.version, out)
    const detailsA = record(a.details)
    const detailsB = record(b.details)
    // A row's own Node (process, docker: --node) can differ from the harness's; in-harness rows run on the host's Node, said above.
    const ownNode = detailsA.inHarness !== true && detailsB.inHarness !== true
    for (const key of new Set([...Object.keys(detailsA), ...Object.keys(detailsB)])) {
      if (!IGNORED_DETAILS.has(key) && !MEASURED_DETAIL.test(key) && (ownNode || (key !== 'node' && key !== 'v8'))) differ(`${runtime} ${key}`, detailsA[key], detailsB[key], out)
    }
  }
  const limitsA = record(before.limits)
  const limitsB = record(after.limits)
  for (const key of new Set([...Object.keys(limitsA), ...Object.keys(limitsB)])) differ(`limit ${key}`, limitsA[key], limitsB[key], out)
  differ('image', record(baseline.options).image ?? null, record(current.options).image ?? null, out)
  return out
}

/**
 * Per host when either side is merged (a host against the same host on the other side, each line
 * prefixed `host NAME:`, a host on one side only said so); otherwise the two runs' records.
 */
function hostDifferences(baseline: RunResult, current: RunResult, runtimes: readonly string[]): string[] {
  if (!baseline.hosts && !current.hosts) return recordDifferences(baseline, current, runtimes)
  const hostsOf = (result: RunResult) => new Map((result.hosts ?? [{ ...result, host: String(record(result.environment).hostname ?? 'this host') }]).map((h) => [h.host, h] as const))
  const before = hostsOf(baseline)
  const after = hostsOf(current)
  const out: string[] = []
  for (const [host, run] of after) {
    const other = before.get(host)
    if (other) out.push(...recordDifferences(other, run, runtimes).map((line) => `host ${host}: ${line}`))
    else out.push(`host ${host}: only in the current result`)
  }
  for (const host of before.keys()) if (!after.has(host)) out.push(`host ${host}: only in the baseline`)
  return out
}

/** Differences in host (per host of a merged result), load, runtimes (those compared), limits, image and workload source. */
export function environmentDifferences(baseline: RunResult, current: RunResult, runtimes: readonly string[]): string[] {
  const out = hostDifferences(baseline, current, runtimes)
  for (const scenario of current.scenarios) {
    const other = baseline.scenarios.find((s) => s.name === scenario.name)
    if (other && other.workload?.sha256 !== scenario.workload?.sha256) {
      out.push(`scenario ${scenario.name}: workload source differs (${other.workload?.name ?? '?'}.js sha256 ${String(other.workload?.sha256).slice(0, 12)} → ${scenario.workload?.name ?? '?'}.js ${String(scenario.workload?.sha256).slice(0, 12)})`)
    }
  }
  return out
}
