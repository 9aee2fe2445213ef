/** Pure: what a metric is, from its name (snake_case with the unit suffix), and how reports label it. */
import type { ScenarioResult } from '../result.js'
import { scenarioMetrics } from './summaries.js'

/** Latency metrics drawn as distributions, in the order reports show them. */
const LATENCY = [/^cold_start_ms$/, /^warm_[a-z0-9_]*_ms$/, /^cpu_[a-z0-9_]*_ms$/, /^victim_[a-z0-9_]*_ms$/, /^latency_[a-z0-9_]*_ms$/]

/** Who observed a metric: the harness itself, or the instance's own say-so (see observerOf). */
export type Observer = 'harness' | 'sandbox'

/**
 * Metrics the sandbox reports about itself: the V8 heap and external memory (process.memoryUsage()
 * in a child or container, which a workload can patch) and the ready and compile phases (they end when
 * the bootstrap says so), the sandbox_* phases and the handler time read inside (cpu_inside_ms, cpu_usage_ms): a
 * workload can patch the clock they are read from. Everything else the harness sees for itself: spawn, container start, the
 * first answer arriving, /proc, cgroups.
 */
const SANDBOX_REPORTED: readonly RegExp[] = [/^memory_(heap|external)_bytes$/, /^phase_(ready|compile)_ms$/, /^sandbox_[a-z_]+_ms$/, /^cpu_(inside|usage)_ms$/]

/** Who observed `metric`: 'sandbox' for what the instance reports about itself, else 'harness'. */
export function observerOf(metric: string): Observer {
  return SANDBOX_REPORTED.some((pattern) => pattern.test(metric)) ? 'sandbox' : 'harness'
}

/** True for a metric reports draw as a latency distribution (cold start, warm latency). */
export function isLatencyMetric(metric: string): boolean {
  return LATENCY.some((pattern) => pattern.test(metric))
}

/** The phase name of a `phase_<name>_ms` metric, else undefined. */
export function phaseOf(metric: string): string | undefined {
  return /^phase_(.+)_ms$/.exec(metric)?.[1]
}

/** The view name of a `memory_<view>_bytes` metric, else undefined. */
export function memoryViewOf(metric: string): string | undefined {
  return /^memory_(.+)_bytes$/.exec(metric)?.[1]
}

/** A reader's label for any metric: `cold_start_ms` → `cold start (ms)`. */
export function metricLabel(metric: string, unit: string): string {
  const base = unit === 'count' ? metric : metric.slice(0, metric.length - unit.length - 1)
  return unit === 'count' ? base.replace(/_/g, ' ') : `${base.replace(/_/g, ' ')} (${unit})`
}

/** The latency metrics of a scenario, cold start first. */
export function latencyMetrics(scenario: ScenarioResult): string[] {
  return scenarioMetrics(scenario)
    .filter(isLatencyMetric)
    .sort((a, b) => LATENCY.findIndex((p) => p.test(a)) - LATENCY.findIndex((p) => p.test(b)))
}

/**
 * The metric a scenario's headline table is about: its first latency metric, else its first time
 * (not a phase or teardown), else its first memory metric, else its first metric.
 */
export function headlineMetric(scenario: ScenarioResult): string | undefined {
  const metrics = scenarioMetrics(scenario)
  return (
    latencyMetrics(scenario)[0] ??
    metrics.find((m) => m.endsWith('_ms') && phaseOf(m) === undefined && m !== 'teardown_ms') ??
    metrics.find((m) => memoryViewOf(m) !== undefined) ??
    metrics[0]
  )
}

/** Latency metrics measured under conditions of one experiment, drawn together (`victim_alone_ms`, `victim_beside_<x>_ms`). */
const CONDITION_GROUPS = [/^victim_(.+)_ms$/]

/** The condition a grouped latency metric stands for (`victim_beside_limited_ms` → `beside limited`), else undefined. */
export function conditionOf(metric: string): string | undefined {
  for (const pattern of CONDITION_GROUPS) {
    const match = pattern.exec(metric)
    if (match) return match[1]!.replace(/_/g, ' ')
  }
  return undefined
}

/** The scenario's latency metrics as chart groups: conditions of one experiment together, the rest alone. */
export function latencyGroups(scenario: ScenarioResult): string[][] {
  const metrics = latencyMetrics(scenario)
  const grouped = metrics.filter((metric) => conditionOf(metric) !== undefined)
  return [...metrics.filter((metric) => conditionOf(metric) === undefined).map((metric) => [metric]), ...(grouped.length > 0 ? [grouped] : [])]
}
