/**
 * Pure: precision-driven stopping (`--precision`). A row keeps being sampled until the 95% CI of
 * its statistic (run: the median; ab: the paired ratio) is within ±precision of it, bounded by
 * --min-runs (never fewer), --max-runs and --max-time (never more). A fixed count may be too small
 * for a noisy row and wasted on a stable one; hyperfine bounds runs but has no precision target.
 */
import { relativeHalfWidth } from './precision.js'
import { medianCi } from './stats/bootstrap.js'
import { MIN_SAMPLES } from './stats/compare.js'
import { median } from './stats/summary.js'

/** The target and its bounds. */
export interface StoppingRule {
  /** Relative half-width to reach (0.05 = ±5%). */
  precision: number
  minRuns: number
  maxRuns: number
  maxTimeMs: number
}

/** Why a row stopped: it reached the target, or it hit a bound first. */
export type StopReason = 'precision' | 'max-runs' | 'max-time'

/** Where a row stands after a measured round. */
export interface StoppingState {
  /** Measured rounds so far (failed samples included). */
  runs: number
  /** Since measuring began, in ms. */
  elapsedMs: number
  /** The statistic's CI half-width relative to it (Infinity when there is none yet). */
  halfWidth: number
}

/** Whether to stop, and why; undefined: sample another round. */
export function stopReason(rule: StoppingRule, state: StoppingState): StopReason | undefined {
  if (state.runs >= rule.minRuns && state.halfWidth <= rule.precision) return 'precision'
  if (state.runs >= rule.maxRuns) return 'max-runs'
  if (state.elapsedMs >= rule.maxTimeMs) return 'max-time'
  return undefined
}

/** The relative half-width of a median's 95% CI; Infinity below MIN_SAMPLES values. */
export function medianHalfWidth(values: readonly number[]): number {
  if (values.length < MIN_SAMPLES) return Number.POSITIVE_INFINITY
  const ci = medianCi(values)
  return relativeHalfWidth(median(values), ci.low, ci.high)
}

/** What a stopped row records (RuntimeResult.details.stopping; ab: the comparison's `stopped`). */
export interface StoppingRecord {
  target: number
  reason: StopReason
  runs: number
  halfWidth: number
}

