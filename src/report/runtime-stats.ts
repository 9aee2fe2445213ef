/** Pure: one metric across a scenario's runtimes: medians with 95% CIs and ratios against the lowest median. */
import type { MetricSummary, RuntimeResult, ScenarioResult } from '../result.js'
import { medianCi, medianRatioCi, type Interval } from '../stats/bootstrap.js'
import { fastestRuntime } from './ratios.js'
import { findSummary, metricValues } from './summaries.js'

/** One runtime's figures for one metric. */
export interface RuntimeMetricRow {
  runtime: string
  summary: MetricSummary
  /** The measured values (successful, non-warm-up samples) the summary was computed from. */
  values: number[]
  medianCi: Interval
  /** median / the lowest median among the runtimes (1 for the lowest). */
  ratio: number
  /** Bootstrap CI of that ratio; undefined for the reference row itself. */
  ratioCi: Interval | undefined
  /** True for the runtime with the lowest median: the one the others are divided by. */
  reference: boolean
}

/** Rows for every runtime that has the metric, in the scenario's runtime order. */
export function compareRuntimes(scenario: ScenarioResult, metric: string): RuntimeMetricRow[] {
  const reference = fastestRuntime(scenario.runtimes, metric)
  const referenceValues = reference ? metricValues(reference.samples, metric) : []
  return scenario.runtimes.flatMap((runtime) => {
    const summary = findSummary(runtime.summaries, metric)
    const values = metricValues(runtime.samples, metric)
    if (!summary || values.length === 0 || !reference) return []
    const isReference = runtime === reference
    return [{
      runtime: runtime.runtime,
      summary,
      values,
      medianCi: summary.medianCi ?? medianCi(values),
      ratio: summary.median / findSummary(reference.summaries, metric)!.median,
      ratioCi: isReference ? undefined : medianRatioCi(values, referenceValues),
      reference: isReference,
    }]
  })
}

/** Metric names present in any runtime of the scenario, in first-seen order. */
export function scenarioMetrics(scenario: ScenarioResult): string[] {
  const names = new Set<string>()
  for (const runtime of scenario.runtimes) for (const summary of runtime.summaries) names.add(summary.metric)
  return [...names]
}

/** Count of measured samples that failed. */
export function failedCount(runtime: RuntimeResult): number {
  return runtime.samples.filter((sample) => !sample.warmup && !sample.ok).length
}
