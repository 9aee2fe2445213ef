/** Pure: medians, confidence intervals and ratios as short text for tables and chart notes. */
import { formatRatio, formatValue } from '../format.js'
import type { Interval } from '../stats/bootstrap.js'
import type { RuntimeMetricRow } from './runtime-stats.js'

/** `2.24–13.9` (the unit is the caller's); `–` when the interval is undefined. */
export function ciText(interval: Interval, unit: string): string {
  if (!Number.isFinite(interval.low) || !Number.isFinite(interval.high)) return '–'
  return `${formatValue(interval.low, unit)}–${formatValue(interval.high, unit)}`
}

/** `82.0x (95% CI 61.3x–120x)` (this median over the lowest one; `words` go after the ratio), or `lowest`. */
export function ratioText(row: RuntimeMetricRow, words = ''): string {
  if (row.reference || !row.ratioCi) return 'lowest'
  const ci = row.ratioCi
  const bounds = Number.isFinite(ci.low) && Number.isFinite(ci.high) ? ` (${Math.round(ci.confidence * 100)}% CI ${ciRatio(ci)})` : ''
  return `${formatRatio(row.ratio)}${words}${bounds}`
}

/** A ratio interval: `6.67x–40.0x`; `–` when undefined. */
export function ciRatio(interval: Interval): string {
  if (!Number.isFinite(interval.low) || !Number.isFinite(interval.high)) return '–'
  return `${formatRatio(interval.low)}–${formatRatio(interval.high)}`
}
