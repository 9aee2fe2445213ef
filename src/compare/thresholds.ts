/**
 * Per-metric regression thresholds: `--threshold cold_start_ms=50%,memory_*=10%,5%`. A metric takes
 * the first pattern that matches it (`*` matches any run of characters), else the bare default. Pure.
 */
import { DEFAULT_THRESHOLD } from '../analysis/stats/compare.js'
import { UsageError } from '../errors.js'

/** One `pattern=percent` entry; `threshold` is a fraction (0.5 = 50%). */
export interface MetricThreshold {
  pattern: string
  threshold: number
}

/** The bare default and the per-metric overrides, in the order given. */
export interface Thresholds {
  default: number
  perMetric: readonly MetricThreshold[]
}

const PERCENT = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/
const MAX_PERCENT = 1000

function percent(value: string, whole: string): number {
  const match = PERCENT.exec(value)
  const number = match ? Number(match[1]) : Number.NaN
  if (!Number.isFinite(number) || number > MAX_PERCENT) {
    throw new UsageError(
      `expected --threshold to be a percentage from 0% to ${MAX_PERCENT}%, or metric=percent pairs, got "${whole}"`,
      'for example --threshold 10% or --threshold cold_start_ms=50%,memory_*=10%,5% (a bare percentage is the default)',
    )
  }
  return number / 100
}

/** A single percentage ("10%", "7.5%") as a fraction (0.1). */
export function parseThreshold(value: string): number {
  return percent(value, value)
}

/** `--threshold` (repeatable): entries are merged onto `previous`, a later bare percentage replacing the default. */
export function parseThresholds(value: string, previous?: Thresholds): Thresholds {
  let fallback = previous?.default
  const perMetric = [...(previous?.perMetric ?? [])]
  const parts = value.split(',').map((part) => part.trim())
  if (parts.every((part) => part === '')) percent('', value)
  for (const part of parts.filter(Boolean)) {
    const eq = part.indexOf('=')
    if (eq < 0) {
      fallback = percent(part, value)
      continue
    }
    const pattern = part.slice(0, eq).trim()
    if (!/^[A-Za-z0-9_*]+$/.test(pattern)) {
      throw new UsageError(`--threshold ${value}: "${pattern}" is not a metric name or pattern`, 'metric names are snake_case (cold_start_ms, memory_rss_bytes); * matches any part: memory_*=10%')
    }
    perMetric.push({ pattern, threshold: percent(part.slice(eq + 1), value) })
  }
  return { default: fallback ?? DEFAULT_THRESHOLD, perMetric }
}

/** Whether a `*` pattern matches the whole metric name. */
export function matchesPattern(pattern: string, metric: string): boolean {
  const regex = new RegExp(`^${pattern.split('*').map((piece) => piece.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`)
  return regex.test(metric)
}

/** The threshold of one metric: the first matching pattern's, else the default. */
export function thresholdFor(thresholds: Thresholds, metric: string): number {
  return thresholds.perMetric.find((entry) => matchesPattern(entry.pattern, metric))?.threshold ?? thresholds.default
}

/** `cold_start_ms=50%, memory_*=10%, else 10%`, or just `10%`. */
export function describeThresholds(thresholds: Thresholds, format: (t: number) => string): string {
  if (thresholds.perMetric.length === 0) return format(thresholds.default)
  return `${thresholds.perMetric.map((e) => `${e.pattern}=${format(e.threshold)}`).join(', ')}, else ${format(thresholds.default)}`
}
