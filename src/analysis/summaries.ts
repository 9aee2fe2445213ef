/** Pure: turns raw samples into per-metric summaries (with the median's CI and outlier count). */
import { unitOf, type MetricSummary, type Sample, type ScenarioResult } from '../result.js'
import { observerOf } from './metrics.js'
import { medianCi } from './stats/bootstrap.js'
import { countOutliers } from './stats/outliers.js'
import { summarize } from './stats/summary.js'

/** The values of one metric over the measured (non-warm-up, successful) samples. */
export function metricValues(samples: readonly Sample[], metric: string): number[] {
  const values: number[] = []
  for (const sample of samples) {
    const value = sample.metrics[metric]
    if (!sample.warmup && sample.ok && value !== undefined) values.push(value)
  }
  return values
}

/** Summaries of every metric over the measured (non-warm-up, successful) samples, in first-seen order. */
export function summarizeSamples(samples: readonly Sample[]): MetricSummary[] {
  const values = new Map<string, number[]>()
  for (const sample of samples) {
    if (sample.warmup || !sample.ok) continue
    for (const [metric, value] of Object.entries(sample.metrics)) {
      const list = values.get(metric) ?? []
      list.push(value)
      values.set(metric, list)
    }
  }
  return [...values].map(([metric, list]) => ({
    metric,
    unit: unitOf(metric),
    ...summarize(list),
    medianCi: medianCi(list),
    outliers: countOutliers(list),
    observedBy: observerOf(metric),
  }))
}

/** The summary of one metric, if present. */
export function findSummary(summaries: readonly MetricSummary[], metric: string): MetricSummary | undefined {
  return summaries.find((summary) => summary.metric === metric)
}

/** Metric names present in any runtime of the scenario, in first-seen order. */
export function scenarioMetrics(scenario: ScenarioResult): string[] {
  const names = new Set<string>()
  for (const runtime of scenario.runtimes) for (const summary of runtime.summaries) names.add(summary.metric)
  return [...names]
}
