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

function resampleMedian(values: readonly number[], random: () => number, scratch: number[]): number {
  const n = values.length
  for (let i = 0; i < n; i++) scratch[i] = values[Math.floor(random() * n)]!
  scratch.sort((a, b) => a - b)
  return quantileSorted(scratch, 0.5)
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
  const random = seededRandom(options.seed ?? seedFrom(values))
  const scratch = new Array<number>(values.length)
  const statistics = Array.from({ length: options.resamples ?? DEFAULT_RESAMPLES }, () => resampleMedian(values, random, scratch))
  return interval(statistics, confidence)
}

/**
 * Confidence interval of median(a) / median(b) for two independent samples: each is resampled on
 * its own and the ratio of the resampled medians is taken. NaN bounds when either is empty.
 */
export function medianRatioCi(a: readonly number[], b: readonly number[], options: BootstrapOptions = {}): Interval {
  const confidence = options.confidence ?? DEFAULT_CONFIDENCE
  if (a.length === 0 || b.length === 0) return { low: Number.NaN, high: Number.NaN, confidence }
  const random = seededRandom(options.seed ?? seedFrom([...a, Number.NaN, ...b]))
  const scratchA = new Array<number>(a.length)
  const scratchB = new Array<number>(b.length)
  const statistics = Array.from({ length: options.resamples ?? DEFAULT_RESAMPLES }, () => resampleMedian(a, random, scratchA) / resampleMedian(b, random, scratchB))
  return interval(statistics, confidence)
}
