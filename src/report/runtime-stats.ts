/** Pure: one metric across a scenario's runtimes: medians with 95% CIs and ratios against the lowest median. */
import type { MetricSummary, RuntimeResult, ScenarioResult } from '../result.js'
import { medianCi, medianRatioCi, type Interval } from '../stats/bootstrap.js'
import { findSummary } from './summaries.js'

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

/** The measured values of a metric: successful, non-warm-up samples, in sample order. */
export function metricValues(runtime: RuntimeResult, metric: string): number[] {
  const values: number[] = []
  for (const sample of runtime.samples) {
    const value = sample.metrics[metric]
    if (!sample.warmup && sample.ok && value !== undefined && Number.isFinite(value)) values.push(value)
  }
  return values
}

/** Rows for every runtime that has the metric, in the scenario's runtime order. */
export function compareRuntimes(scenario: ScenarioResult, metric: string): RuntimeMetricRow[] {
  const measured = scenario.runtimes.flatMap((runtime) => {
    const summary = findSummary(runtime.summaries, metric)
    const values = metricValues(runtime, metric)
    return summary && values.length > 0 ? [{ runtime: runtime.runtime, summary, values }] : []
  })
  const reference = measured.reduce<(typeof measured)[number] | undefined>((best, row) => (best === undefined || row.summary.median < best.summary.median ? row : best), undefined)
  return measured.map((row) => ({
    ...row,
    medianCi: medianCi(row.values),
    ratio: row.summary.median / reference!.summary.median,
    ratioCi: row === reference ? undefined : medianRatioCi(row.values, reference!.values),
    reference: row === reference,
  }))
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
