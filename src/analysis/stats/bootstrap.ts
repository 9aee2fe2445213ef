/**
 * Percentile-bootstrap confidence intervals (Efron & Tibshirani, "An Introduction to the Bootstrap",
 * 1993, ch. 13): resample with replacement, compute the statistic, take the alpha/2 and 1 − alpha/2
 * quantiles of the resampled statistics. Pure and deterministic: the PRNG is seeded from the data.
 */
import { seededRandom, seedFrom } from './random.js'
import { quantileSorted } from './summary.js'

/** A two-sided confidence interval. */
export interface Interval {
  low: number
  high: number
  /** e.g. 0.95 */
  confidence: number
}

export const DEFAULT_RESAMPLES = 2000
export const DEFAULT_CONFIDENCE = 0.95

export interface BootstrapOptions {
  resamples?: number
  confidence?: number
  seed?: number
}

/**
 * Draws resamples of one sample and returns each one's median. The median of a resample is found by
 * counting how often each value was drawn (in sorted order) instead of sorting the resample: O(n)
 * instead of O(n log n) per resample, and the same multiset, so exactly the same median.
 */
function medianResampler(values: readonly number[], random: () => number): () => number {
  const n = values.length
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => values[i]! - values[j]! || i - j)
  const sorted = order.map((i) => values[i]!)
  if (sorted.some((value) => Number.isNaN(value))) {
    // NaN has no place in an order: resample and sort as the textbook does (quantileSorted gives NaN or a value, as before)
    const scratch = new Array<number>(n)
    return () => {
      for (let i = 0; i < n; i++) scratch[i] = values[Math.floor(random() * n)]!
      scratch.sort((a, b) => a - b)
      return quantileSorted(scratch, 0.5)
    }
  }
  const rank = new Int32Array(n)
  order.forEach((original, position) => (rank[original] = position))
  const counts = new Int32Array(n)
  const position = (n - 1) * 0.5
  const lower = Math.floor(position)
  const upper = Math.ceil(position)
  return () => {
    counts.fill(0)
    for (let i = 0; i < n; i++) counts[rank[Math.floor(random() * n)]!]!++
    // The values at order positions `lower` and `upper` of the resample, as quantileSorted reads them.
    let seen = 0
    let low = Number.NaN
    for (let k = 0; k < n; k++) {
      seen += counts[k]!
      if (Number.isNaN(low) && seen > lower) low = sorted[k]!
      if (seen > upper) return low + (sorted[k]! - low) * (position - lower)
    }
    return low
  }
}

function interval(statistics: number[], confidence: number): Interval {
  statistics.sort((a, b) => a - b)
  const alpha = 1 - confidence
  return { low: quantileSorted(statistics, alpha / 2), high: quantileSorted(statistics, 1 - alpha / 2), confidence }
}

/** Confidence interval of the median of one sample. NaN bounds for an empty sample. */
export function medianCi(values: readonly number[], options: BootstrapOptions = {}): Interval {
  const confidence = options.confidence ?? DEFAULT_CONFIDENCE
  if (values.length === 0) return { low: Number.NaN, high: Number.NaN, confidence }
  const resample = medianResampler(values, seededRandom(options.seed ?? seedFrom(values)))
  const statistics = Array.from({ length: options.resamples ?? DEFAULT_RESAMPLES }, resample)
  return interval(statistics, confidence)
}

/**
 * Confidence interval of median(a) / median(b) for two independent samples: each is resampled on
 * its own and the ratio of the resampled medians is taken. NaN bounds when either is empty.
 */
export function medianRatioCi(a: readonly number[], b: readonly number[], options: BootstrapOptions = {}): Interval {
  return twoSampleCi(a, b, (x, y) => x / y, options)
}

/** Confidence interval of median(a) − median(b) for two independent samples, resampled as medianRatioCi does. */
export function medianDifferenceCi(a: readonly number[], b: readonly number[], options: BootstrapOptions = {}): Interval {
  return twoSampleCi(a, b, (x, y) => x - y, options)
}

function twoSampleCi(a: readonly number[], b: readonly number[], combine: (x: number, y: number) => number, options: BootstrapOptions): Interval {
  const confidence = options.confidence ?? DEFAULT_CONFIDENCE
  if (a.length === 0 || b.length === 0) return { low: Number.NaN, high: Number.NaN, confidence }
  const random = seededRandom(options.seed ?? seedFrom([...a, Number.NaN, ...b]))
  const resampleA = medianResampler(a, random)
  const resampleB = medianResampler(b, random)
  const statistics = Array.from({ length: options.resamples ?? DEFAULT_RESAMPLES }, () => combine(resampleA(), resampleB()))
  return interval(statistics, confidence)
}
