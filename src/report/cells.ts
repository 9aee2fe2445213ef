/** Pure: medians, confidence intervals and ratios as short cell text, for every table and chart note. */
import { formatBytes, formatMs, formatMsInterval, formatRatio, formatValue } from '../format.js'
import { hostReading } from '../analysis/resolution.js'
import type { RuntimeMetricRow } from '../analysis/ratios.js'
import { findSummary, type Interval } from '../analysis/index.js'
import type { StoppingRecord } from '../analysis/stopping.js'
import type { MetricSummary, RuntimeResult } from '../result.js'

/** `232 [221–240]`: a median with its 95% CI, in ms. */
export function medianWithCi(summary: MetricSummary): string {
  const ci = summary.medianCi
  if (!ci || !Number.isFinite(ci.low)) return formatMs(summary.median)
  return `${formatMs(summary.median)} [${formatMsInterval(ci.low, ci.high)}]`
}

/** `1.23\n[1.10–1.41]`: a metric's median with its 95% CI (from the summary), in any unit. */
export function summaryWithCi(runtime: RuntimeResult, metric: string, format: (n: number) => string = formatMs): string {
  const summary = findSummary(runtime.summaries, metric)
  if (!summary || summary.n === 0) return '–'
  const ci = summary.medianCi
  return ci && Number.isFinite(ci.low) ? `${format(summary.median)}\n[${format(ci.low)}–${format(ci.high)}]` : format(summary.median)
}

/** `2.24–13.9` (the unit is the caller's); `–` when the interval is undefined. */
export function ciText(interval: Interval, unit: string): string {
  if (!Number.isFinite(interval.low) || !Number.isFinite(interval.high)) return '–'
  return `${formatValue(interval.low, unit)}–${formatValue(interval.high, unit)}`
}

/** `82.0x (95% CI 61.3x–120x)` (this median over the reference's; `words` go after the ratio), or `reference`. */
export function ratioText(row: RuntimeMetricRow, words = ''): string {
  if (row.reference || !row.ratioCi) return 'reference'
  const ci = row.ratioCi
  const bounds = Number.isFinite(ci.low) && Number.isFinite(ci.high) ? ` (${Math.round(ci.confidence * 100)}% CI ${ciRatio(ci)})` : ''
  return `${formatRatio(row.ratio)}${words}${bounds}`
}

/** A ratio interval: `6.67x–40.0x`; `–` when undefined. */
export function ciRatio(interval: Interval): string {
  if (!Number.isFinite(interval.low) || !Number.isFinite(interval.high)) return '–'
  return `${formatRatio(interval.low)}–${formatRatio(interval.high)}`
}

/** `1.12x\n[0.98x–1.30x]`: a ratio with its CI on the next line. */
export function ratioWithCi(ratio: number, ci: Interval): string {
  return `${formatRatio(ratio)}\n[${formatRatio(ci.low)}–${formatRatio(ci.high)}]`
}

/** How a row sampled with --precision stopped: `reached ±3.1%`, `max-runs ±7.2%`; `–` for a row without a stop. */
export function stopCell(stop: StoppingRecord | undefined): string {
  if (!stop) return '–'
  const width = Number.isFinite(stop.halfWidth) ? `±${(stop.halfWidth * 100).toFixed(1)}%` : '±?'
  return stop.reason === 'precision' ? `reached ${width}` : `${stop.reason} ${width}`
}

const MIB = 1024 * 1024

/**
 * A host memory figure (analysis/resolution.ts): `1.1 MiB` (with `\n[CI]` when it has one), or below
 * the view's resolution `< 1.0 MiB, ±0.8` (the resolution in the bound's unit), never negative.
 */
export function hostBytesCell(bytes: number, ci?: Interval | null): string {
  const reading = hostReading(bytes, ci)
  if (reading.kind === 'resolved') return ci && Number.isFinite(ci.low) ? `${formatBytes(bytes)}\n[${formatBytes(ci.low)}–${formatBytes(ci.high)}]` : formatBytes(bytes)
  if (!Number.isFinite(reading.resolutionBytes)) return '≤ 0, below resolution'
  const unit = reading.upperBytes >= MIB ? MIB : 1024
  const resolution = unit === MIB ? (reading.resolutionBytes / MIB).toFixed(1) : (reading.resolutionBytes / 1024).toFixed(0)
  return `< ${formatBytes(reading.upperBytes)}, ±${resolution}`
}

/** The host memory summary of a runtime's metric as a cell (hostBytesCell); `–` when absent. */
export function hostSummaryCell(runtime: RuntimeResult, metric: string): string {
  const summary = findSummary(runtime.summaries, metric)
  if (!summary || summary.n === 0) return '–'
  return hostBytesCell(summary.median, summary.medianCi)
}

/**
 * A per-instance memory figure of one view: a growth view (the harness's RSS before and after a
 * start) whose median is not above 0 measured less than the process's own churn (GC, allocator
 * arenas), so it is below that view's resolution, never negative memory.
 */
export function viewBytesCell(metric: string, bytes: number | undefined): string {
  if (bytes === undefined) return ''
  if (metric.endsWith('_growth_bytes') && bytes <= 0) return '≤ 0, below resolution'
  return formatBytes(bytes)
}
