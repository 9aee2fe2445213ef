/** Pure: the density curve of a scenario: memory against the number of live instances, per runtime. */
import { formatBytes } from '../format.js'
import type { RuntimeResult, ScenarioResult } from '../result.js'
import { median } from './stats/summary.js'
import { memoryViewOf } from './metrics.js'

/** Metric names that carry N, the number of live instances when a step sample was taken. */
export const INSTANCE_COUNT_METRICS = ['instances', 'instances_count'] as const

/** One point: the median of a memory metric over the step samples taken with `instances` alive. */
export interface DensityPoint {
  runtime: string
  metric: string
  instances: number
  bytes: number
}

/** Every (runtime, memory metric, N) point, the memory metrics seen, and sentences from the runtimes' details. */
export interface DensitySeries {
  points: DensityPoint[]
  metrics: string[]
  notes: string[]
}

/** N of a step sample, or undefined for any other sample. */
export function instancesOf(metrics: Record<string, number>): number | undefined {
  for (const name of INSTANCE_COUNT_METRICS) if (metrics[name] !== undefined) return metrics[name]
  return undefined
}

/** Memory metrics that only step samples carry (cumulative or per step): they belong on the curve, not in the bars. */
export function densityOnlyMetrics(scenario: ScenarioResult): Set<string> {
  const onSteps = new Set<string>()
  const elsewhere = new Set<string>()
  for (const runtime of scenario.runtimes) {
    for (const sample of runtime.samples) {
      const target = instancesOf(sample.metrics) === undefined ? elsewhere : onSteps
      for (const metric of Object.keys(sample.metrics)) target.add(metric)
    }
  }
  return new Set([...onSteps].filter((metric) => !elsewhere.has(metric)))
}

function detailNote(runtime: RuntimeResult): string | undefined {
  // `details`: what a measure derives from all samples at once (density: largestN, hostSlopeBytes, ...).
  const d = (runtime as { details?: Record<string, unknown> }).details
  if (!d || typeof d !== 'object') return undefined
  const parts: string[] = []
  if (typeof d.largestN === 'number') parts.push(`largest N ${d.largestN}${typeof d.stopReason === 'string' ? ` (${d.stopReason})` : ''}`)
  if (typeof d.hostSlopeBytes === 'number') parts.push(d.hostSlopeBytes > 0 ? `host memory slope ${formatBytes(d.hostSlopeBytes)} per instance` : 'host memory slope ≤ 0 per instance, below the host view\'s resolution')
  if (typeof d.instancesPerGiB === 'number') parts.push(`≈ ${Math.round(d.instancesPerGiB).toLocaleString('en-US')} instances per GiB`)
  return parts.length > 0 ? `${runtime.runtime}: ${parts.join('; ')}` : undefined
}

/** Groups measured step samples by runtime, memory metric and N; empty when no sample carries N. */
export function densitySeries(scenario: ScenarioResult): DensitySeries {
  const groups = new Map<string, { runtime: string; metric: string; instances: number; values: number[] }>()
  for (const runtime of scenario.runtimes) {
    for (const sample of runtime.samples) {
      const instances = sample.ok && !sample.warmup ? instancesOf(sample.metrics) : undefined
      if (instances === undefined || instances < 1) continue
      for (const [metric, value] of Object.entries(sample.metrics)) {
        if (memoryViewOf(metric) === undefined || !Number.isFinite(value)) continue
        const key = `${runtime.runtime}\0${metric}\0${instances}`
        const group = groups.get(key) ?? { runtime: runtime.runtime, metric, instances, values: [] }
        group.values.push(value)
        groups.set(key, group)
      }
    }
  }
  const points = [...groups.values()].map((g) => ({ runtime: g.runtime, metric: g.metric, instances: g.instances, bytes: median(g.values) }))
  const metrics = [...new Set(points.map((p) => p.metric))]
  const notes = points.length > 0 ? scenario.runtimes.map(detailNote).filter((note): note is string => note !== undefined) : []
  return { points, metrics, notes }
}
