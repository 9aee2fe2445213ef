/**
 * Pure: one metric across a scenario's runtimes: medians with 95% CIs and each runtime's ratio
 * against one reference runtime, chosen per measure by one rule (referenceRuntime), for every format.
 */
import type { MetricSummary, RuntimeResult } from '../result.js'
import { medianCi, medianRatioCi, type Interval } from './stats/bootstrap.js'
import { findSummary, metricValues } from './summaries.js'

/**
 * The runtime a measure prefers as reference when it measured the metric: cpu compares with a plain
 * node process (does the sandbox slow the code itself?). Every other measure: the lowest median.
 */
export const PREFERRED_REFERENCE: Readonly<Record<string, string>> = { cpu: 'process' }

/** One runtime's figures for one metric. */
export interface RuntimeMetricRow {
  runtime: string
  summary: MetricSummary
  /** The measured values (successful, non-warm-up samples) the summary was computed from. */
  values: number[]
  medianCi: Interval
  /** median / the reference's median (1 for the reference). */
  ratio: number
  /** Bootstrap CI of that ratio; undefined for the reference row itself. */
  ratioCi: Interval | undefined
  /** True for the reference runtime: the one the others are divided by. */
  reference: boolean
}

/** A metric across runtimes: the rows, the reference, and how a table names it (`fastest` or its name). */
export interface MetricComparison {
  metric: string
  unit: string
  /** The reference runtime; undefined when no runtime measured the metric. */
  reference: string | undefined
  /** `fastest` when the reference is the lowest median by the rule, else the preferred runtime's name. */
  referenceLabel: string
  rows: RuntimeMetricRow[]
}

/** The runtime with the lowest finite median of the metric, among those that have one (the first on a tie). */
export function fastestRuntime(runtimes: readonly RuntimeResult[], metric: string): RuntimeResult | undefined {
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

/**
 * The reference rule: the runtime named with --reference, else the measure's preferred runtime,
 * when it has a finite median of the metric; else the lowest median (labelled `fastest`).
 */
export function referenceRuntime(measure: string, runtimes: readonly RuntimeResult[], metric: string, named?: string): { runtime: RuntimeResult; label: string } | undefined {
  const preferred = named ?? PREFERRED_REFERENCE[measure]
  const chosen = runtimes.find((r) => r.runtime === preferred && Number.isFinite(findSummary(r.summaries, metric)?.median ?? Number.NaN))
  if (chosen) return { runtime: chosen, label: chosen.runtime }
  const fastest = fastestRuntime(runtimes, metric)
  return fastest ? { runtime: fastest, label: 'fastest' } : undefined
}

/** Rows for every runtime that has the metric (finite median, measured values), in the scenario's runtime order; `named`: --reference. */
export function compareRuntimes(measure: string, runtimes: readonly RuntimeResult[], metric: string, named?: string): MetricComparison {
  const chosen = referenceRuntime(measure, runtimes, metric, named)
  const reference = chosen?.runtime
  const referenceValues = reference ? metricValues(reference.samples, metric) : []
  const referenceMedian = reference ? findSummary(reference.summaries, metric)!.median : Number.NaN
  const rows = runtimes.flatMap((runtime) => {
    const summary = findSummary(runtime.summaries, metric)
    const values = metricValues(runtime.samples, metric)
    if (!summary || !Number.isFinite(summary.median) || !reference) return []
    const isReference = runtime === reference
    return [{
      runtime: runtime.runtime,
      summary,
      values,
      medianCi: summary.medianCi ?? medianCi(values),
      ratio: summary.median / referenceMedian,
      ratioCi: isReference ? undefined : medianRatioCi(values, referenceValues),
      reference: isReference,
    }]
  })
  const unit = rows[0]?.summary.unit ?? findSummaryUnit(runtimes, metric)
  return { metric, unit, reference: reference?.runtime, referenceLabel: chosen?.label ?? '', rows }
}

function findSummaryUnit(runtimes: readonly RuntimeResult[], metric: string): string {
  for (const runtime of runtimes) {
    const summary = findSummary(runtime.summaries, metric)
    if (summary) return summary.unit
  }
  return ''
}

/** The ratio of medians of two sets of values with its bootstrap CI (a condition against another, in one runtime). */
export function changeOf(values: readonly number[], base: readonly number[], median: number, baseMedian: number): { ratio: number; ci: Interval } {
  return { ratio: median / baseMedian, ci: medianRatioCi(values, base) }
}

/** Count of measured samples that failed. */
export function failedCount(runtime: RuntimeResult): number {
  return runtime.samples.filter((sample) => !sample.warmup && !sample.ok).length
}
