/** Pure descriptive statistics over one metric's samples. */

/** The statistics isobench reports for every metric (the CSV's leading columns, after the unit). */
export interface Summary {
  n: number
  median: number
  mean: number
  stddev: number
  min: number
  p95: number
  p99: number
  max: number
}

/**
 * The q-quantile of sorted values by linear interpolation between closest ranks
 * (Hyndman & Fan type 7, the default of R, NumPy and Excel's PERCENTILE.INC).
 */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN
  const position = (sorted.length - 1) * q
  const lower = Math.floor(position)
  const upper = Math.ceil(position)
  const low = sorted[lower]!
  return low + (sorted[upper]! - low) * (position - lower)
}

/** The median of unsorted values. */
export function median(values: readonly number[]): number {
  return quantileSorted([...values].sort((a, b) => a - b), 0.5)
}

/** Summarises samples; the standard deviation is the sample one (n − 1), 0 for a single sample. */
export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b)
  const n = sorted.length
  if (n === 0) {
    return { n: 0, median: Number.NaN, mean: Number.NaN, stddev: Number.NaN, min: Number.NaN, p95: Number.NaN, p99: Number.NaN, max: Number.NaN }
  }
  const mean = sorted.reduce((sum, value) => sum + value, 0) / n
  const variance = n > 1 ? sorted.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (n - 1) : 0
  return {
    n,
    median: quantileSorted(sorted, 0.5),
    mean,
    stddev: Math.sqrt(variance),
    min: sorted[0]!,
    p95: quantileSorted(sorted, 0.95),
    p99: quantileSorted(sorted, 0.99),
    max: sorted[n - 1]!,
  }
}
