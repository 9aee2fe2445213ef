/**
 * Pure: what each hardening costs at cold start. The hardening measure records one cold start per
 * variant: `hardening_all_ms` with every hardening in force, `hardening_relax_<name>_ms` with one
 * relaxed. A hardening's cost is median(all) − median(relaxed alone), with a percentile bootstrap CI
 * of that difference (each side resampled on its own); its share is median(all) / median(relaxed).
 */
import type { RuntimeResult } from '../result.js'
import { medianDifferenceCi, medianRatioCi, type Interval } from './stats/bootstrap.js'
import { median } from './stats/summary.js'
import { metricValues } from './summaries.js'

/** The metric of the fully hardened cold start. */
export const HARDENED_METRIC = 'hardening_all_ms'
const RELAXED = /^hardening_relax_(.+)_ms$/

/** The metric of a cold start with `relaxation` relaxed alone. */
export const relaxedMetric = (relaxation: string) => `hardening_relax_${relaxation}_ms`

/** One hardening's cost in one runtime. */
export interface HardeningCost {
  relaxation: string
  /** median(all in force) − median(this one relaxed), ms. */
  costMs: number
  costCi: Interval
  /** median(all in force) / median(this one relaxed). */
  ratio: number
  ratioCi: Interval
}

const valuesOf = (row: RuntimeResult, metric: string) => metricValues(row.samples, metric).filter(Number.isFinite)

/** The cost of each hardening relaxed in a row, in the order they were recorded; none without a hardened sample. */
export function hardeningCosts(row: RuntimeResult): HardeningCost[] {
  const all = valuesOf(row, HARDENED_METRIC)
  if (all.length === 0) return []
  const relaxations = [...new Set(row.samples.flatMap((s) => Object.keys(s.metrics)).map((metric) => RELAXED.exec(metric)?.[1]).filter((name): name is string => name !== undefined))]
  return relaxations.flatMap((relaxation) => {
    const relaxed = valuesOf(row, relaxedMetric(relaxation))
    if (relaxed.length === 0) return []
    return [{ relaxation, costMs: median(all) - median(relaxed), costCi: medianDifferenceCi(all, relaxed), ratio: median(all) / median(relaxed), ratioCi: medianRatioCi(all, relaxed) }]
  })
}

/** The hardening that costs the most in a row (largest median cost); undefined without any. */
export function costliestHardening(row: RuntimeResult): HardeningCost | undefined {
  return hardeningCosts(row).reduce<HardeningCost | undefined>((top, cost) => (!top || cost.costMs > top.costMs ? cost : top), undefined)
}
