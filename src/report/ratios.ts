/** Pure: each runtime's median against the fastest runtime's, with a bootstrap CI of the ratio. */
import type { RuntimeResult } from '../result.js'
import { medianRatioCi } from '../stats/bootstrap.js'
import { findSummary, metricValues } from './summaries.js'

/** The runtime with the lowest median of the metric, among those that have one. */
export function fastestRuntime(runtimes: readonly RuntimeResult[], metric = 'cold_start_ms'): RuntimeResult | undefined {
  let best: RuntimeResult | undefined
  let bestMedian = Number.POSITIVE_INFINITY
  for (const runtime of runtimes) {
    const median = findSummary(runtime.summaries, metric)?.median
    if (median !== undefined && Number.isFinite(median) && median < bestMedian) {
      best = runtime
      bestMedian = median
    }
  }
  return best
}

/** Sets `ratio` on every measured runtime: median(metric) / median(metric of the fastest), with its 95% CI. */
export function addRatios(runtimes: RuntimeResult[], metric = 'cold_start_ms'): void {
  const baseline = fastestRuntime(runtimes, metric)
  if (!baseline) return
  const baselineValues = metricValues(baseline.samples, metric)
  const baselineMedian = findSummary(baseline.summaries, metric)!.median
  for (const runtime of runtimes) {
    const summary = findSummary(runtime.summaries, metric)
    if (!summary || !Number.isFinite(summary.median)) continue
    runtime.ratio = {
      metric,
      baseline: baseline.runtime,
      ratio: summary.median / baselineMedian,
      ci: medianRatioCi(metricValues(runtime.samples, metric), baselineValues),
    }
  }
}
