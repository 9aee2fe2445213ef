/** Pure: the density curve of a scenario: memory against the number of live instances, per runtime. */
import type { ScenarioResult } from '../result.js'
import { median } from '../stats/summary.js'
import { memoryViewOf } from './metrics.js'

/** Metric names that carry N, the number of live instances when a sample was taken. */
export const INSTANCE_COUNT_METRICS = ['instances_count', 'live_instances_count'] as const

/** One point: the median of a memory metric over the samples taken with `instances` alive. */
export interface DensityPoint {
  runtime: string
  metric: string
  instances: number
  bytes: number
}

/** Every (runtime, memory metric, N) point, and the memory metrics seen. */
export interface DensitySeries {
  points: DensityPoint[]
  views: string[]
  notes: string[]
}

function instancesOf(metrics: Record<string, number>): number | undefined {
  for (const name of INSTANCE_COUNT_METRICS) if (metrics[name] !== undefined) return metrics[name]
  return undefined
}

/** Groups measured samples by runtime, memory metric and N; empty when no sample carries N. */
export function densitySeries(scenario: ScenarioResult): DensitySeries {
  const groups = new Map<string, { runtime: string; metric: string; instances: number; values: number[] }>()
  for (const runtime of scenario.runtimes) {
    for (const sample of runtime.samples) {
      const instances = sample.ok && !sample.warmup ? instancesOf(sample.metrics) : undefined
      if (instances === undefined) continue
      for (const [metric, value] of Object.entries(sample.metrics)) {
        if (memoryViewOf(metric) === undefined) continue
        const key = `${runtime.runtime}\0${metric}\0${instances}`
        const group = groups.get(key) ?? { runtime: runtime.runtime, metric, instances, values: [] }
        group.values.push(value)
        groups.set(key, group)
      }
    }
  }
  const points = [...groups.values()].map((g) => ({ runtime: g.runtime, metric: g.metric, instances: g.instances, bytes: median(g.values) }))
  const views = [...new Set(points.map((p) => p.metric))]
  return { points, views, notes: [] }
}
