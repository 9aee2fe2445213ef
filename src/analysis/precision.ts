/**
 * Pure: the lines printed under a scenario's table about how far its figures can be trusted:
 * the precision of each median (its 95% CI against ±5%), outliers (hyperfine's rule) and a wide spread.
 */
import { formatMs, formatPercent } from '../format.js'
import type { ScenarioResult } from '../result.js'
import { OUTLIER_THRESHOLD, robustRelativeSpread } from './stats/outliers.js'
import type { MetricComparison } from './ratios.js'
import { findSummary, metricValues } from './summaries.js'

/** The precision isobench aims at: the median's 95% CI within ±5% of the median. */
export const TARGET_RELATIVE_CI = 0.05
/** A robust coefficient of variation (1.4826·MAD/median) above this is called a wide spread. */
export const WIDE_SPREAD = 0.25

/** The larger side of a median's CI relative to the median (0.05 = ±5%). */
export function relativeHalfWidth(median: number, low: number, high: number): number {
  return Math.max(median - low, high - median) / Math.abs(median)
}

/** Below this many runs the CI's own width is too rough to extrapolate from. */
export const MIN_RUNS_FOR_ESTIMATE = 10

/** Runs needed to bring a CI of relative half-width `width` (from n runs) to the target: widths shrink as 1/√n. */
export function runsForTarget(n: number, width: number, target = TARGET_RELATIVE_CI): number {
  return Math.ceil(n * (width / target) ** 2)
}

/** Notes about the trustworthiness of a scenario's cold-start figures; `warning:` lines first. */
export function qualityNotes(scenario: ScenarioResult, metric = 'cold_start_ms'): string[] {
  const warnings: string[] = []
  const precise: string[] = []
  const imprecise: string[] = []
  for (const runtime of scenario.runtimes) {
    const summary = findSummary(runtime.summaries, metric)
    if (!summary || !summary.medianCi || summary.n === 0) continue
    const { median, medianCi } = summary
    const width = relativeHalfWidth(median, medianCi.low, medianCi.high)
    const ci = `${formatPercent((medianCi.low - median) / median)}/${formatPercent((medianCi.high - median) / median)}`
    if (Number.isFinite(width) && width <= TARGET_RELATIVE_CI) precise.push(`${runtime.runtime} ${ci}`)
    else imprecise.push(`${runtime.runtime} ${ci}${Number.isFinite(width) && summary.n >= MIN_RUNS_FOR_ESTIMATE ? ` (~${runsForTarget(summary.n, width)} runs at this spread)` : ''}`)
    const outliers = summary.outliers ?? 0
    if (outliers > 0) {
      warnings.push(`warning: ${runtime.runtime}: ${outliers} of ${summary.n} samples are outliers (|x − median| > ${OUTLIER_THRESHOLD.toFixed(1)} MAD, hyperfine's rule; max ${formatMs(summary.max)} ms vs median ${formatMs(median)} ms): something else used the machine; close it or add --runs`)
    }
    const spread = robustRelativeSpread(metricValues(runtime.samples, metric))
    if (summary.n >= 3 && spread > WIDE_SPREAD) {
      warnings.push(`warning: ${runtime.runtime}: wide spread (robust CV ${(spread * 100).toFixed(0)}% = 1.4826·MAD/median): the machine is noisy; medians and CIs still hold, but more --runs narrow them`)
    }
  }
  const lines = [...warnings]
  if (precise.length > 0) lines.push(`precision: median 95% CI within ±${TARGET_RELATIVE_CI * 100}%: ${precise.join(', ')}`)
  if (imprecise.length > 0) lines.push(`precision: median 95% CI WIDER than ±${TARGET_RELATIVE_CI * 100}%: ${imprecise.join(', ')}; raise --runs to narrow it`)
  return lines
}

/** How many names a grouped line lists before "and N more". */
const GROUP_NAMES = 4

/** `a, b, c, d and 3 more`. */
export function nameList(names: readonly string[]): string {
  return names.length <= GROUP_NAMES ? names.join(', ') : `${names.slice(0, GROUP_NAMES).join(', ')} and ${names.length - GROUP_NAMES} more`
}

/**
 * qualityNotes in at most two lines, for the terminal (its --verbose prints each): which rows are
 * noisy (outliers, wide spread) and how many medians are not within ±5%, widest first.
 */
export function groupedQualityNotes(scenario: ScenarioResult, metric = 'cold_start_ms'): string[] {
  const outliers: string[] = []
  const spread: string[] = []
  const wide: Array<{ text: string; width: number }> = []
  let measured = 0
  for (const runtime of scenario.runtimes) {
    const summary = findSummary(runtime.summaries, metric)
    if (!summary || !summary.medianCi || summary.n === 0) continue
    measured++
    const { median, medianCi } = summary
    const width = relativeHalfWidth(median, medianCi.low, medianCi.high)
    if (!(Number.isFinite(width) && width <= TARGET_RELATIVE_CI)) wide.push({ text: `${runtime.runtime} ±${Number.isFinite(width) ? (width * 100).toFixed(0) : '∞'}%`, width: Number.isFinite(width) ? width : Infinity })
    if ((summary.outliers ?? 0) > 0) outliers.push(runtime.runtime)
    if (summary.n >= 3 && robustRelativeSpread(metricValues(runtime.samples, metric)) > WIDE_SPREAD) spread.push(runtime.runtime)
  }
  const lines: string[] = []
  const noisy = [outliers.length ? `outliers in ${nameList(outliers)}` : '', spread.length ? `a wide spread in ${nameList(spread)}` : ''].filter(Boolean)
  if (noisy.length) lines.push(`warning: noisy: ${noisy.join('; ')}: something else used the machine (--verbose for each)`)
  if (wide.length) {
    const widest = wide.sort((a, b) => b.width - a.width).map((w) => w.text)
    lines.push(`precision: ${wide.length} of ${measured} rows wider than ±${TARGET_RELATIVE_CI * 100}% (${nameList(widest)}): add --runs`)
  } else if (measured > 0) lines.push(`precision: every median's 95% CI within ±${TARGET_RELATIVE_CI * 100}%`)
  return lines
}

/** How finely one runtime's ratio to the reference is resolved: the larger side of its 95% CI, relative (0.03 = ±3%). */
export interface RatioPrecision {
  runtime: string
  halfWidth: number
}

/** The ratio precision of every non-reference row of a comparison (rows without a ratio CI are left out). */
export function ratioPrecisions(comparison: MetricComparison): RatioPrecision[] {
  return comparison.rows
    .filter((row) => !row.reference && row.ratioCi !== undefined)
    .map((row) => ({ runtime: row.runtime, halfWidth: relativeHalfWidth(row.ratio, row.ratioCi!.low, row.ratioCi!.high) }))
}
