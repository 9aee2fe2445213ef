/**
 * Regression verdicts from the bootstrap confidence interval of a ratio of medians.
 *
 * Method: r = median(current) / median(baseline), with the 95% percentile-bootstrap interval of r
 * (medianRatioCi: each side resampled on its own). Every metric isobench records is lower-is-better
 * (milliseconds, bytes). With a threshold t (0.10 for 10%):
 *   regressed     CI low  > 1 + t      the whole interval is beyond the threshold
 *   improved      CI high < 1 − t
 *   unchanged     1 − t ≤ CI low and CI high ≤ 1 + t
 *   inconclusive  anything else: the interval straddles a threshold, so the data cannot tell
 * A regression is thus declared only when even the most favourable plausible ratio is too slow, so
 * noise widens the interval (inconclusive) instead of failing CI. Pure: numbers in, verdicts out.
 */
import { DEFAULT_CONFIDENCE, medianRatioCi, type Interval } from './bootstrap.js'
import { median } from './summary.js'

/** What a comparison concluded; only `regressed` fails a gate. */
export type Verdict = 'improved' | 'unchanged' | 'regressed' | 'inconclusive'

/** Every verdict, in the order reports list them. */
export const VERDICTS = ['regressed', 'inconclusive', 'improved', 'unchanged'] as const satisfies readonly Verdict[]

/** Fewer measured samples than this on either side: no interval worth the name, inconclusive. */
export const MIN_SAMPLES = 3

/** The default threshold: a 10% change. */
export const DEFAULT_THRESHOLD = 0.1

/** The comparison of one metric's samples: medians, ratio, its interval and the verdict. */
export interface SampleComparison {
  baselineN: number
  currentN: number
  baselineMedian: number
  currentMedian: number
  /** median(current) / median(baseline); NaN when undefined. */
  ratio: number
  ci: Interval
  verdict: Verdict
  /** Why the verdict is inconclusive for a reason other than a wide interval. */
  note?: string
}

/** The verdict for an interval of current/baseline and a threshold t (0.1 = 10%). */
export function verdictFor(ci: Pick<Interval, 'low' | 'high'>, threshold: number): Verdict {
  // An infinite bound (a resampled baseline median of 0) still orders correctly; NaN decides nothing.
  if (Number.isNaN(ci.low) || Number.isNaN(ci.high)) return 'inconclusive'
  if (ci.low > 1 + threshold) return 'regressed'
  if (ci.high < 1 - threshold) return 'improved'
  if (ci.low >= 1 - threshold && ci.high <= 1 + threshold) return 'unchanged'
  return 'inconclusive'
}

/** Compares a metric's current samples with its baseline samples at threshold t. */
export function compareSamples(baseline: readonly number[], current: readonly number[], threshold: number): SampleComparison {
  const baselineMedian = median(baseline)
  const currentMedian = median(current)
  const base = { baselineN: baseline.length, currentN: current.length, baselineMedian, currentMedian }
  const undefinedRatio = (note: string): SampleComparison => ({
    ...base,
    ratio: Number.NaN,
    ci: { low: Number.NaN, high: Number.NaN, confidence: DEFAULT_CONFIDENCE },
    verdict: 'inconclusive',
    note,
  })
  if (baseline.length < MIN_SAMPLES || current.length < MIN_SAMPLES) {
    return undefinedRatio(`too few samples (${baseline.length} vs ${current.length}; at least ${MIN_SAMPLES} each)`)
  }
  if (baselineMedian === 0 && currentMedian === 0 && baseline.every((v) => v === 0) && current.every((v) => v === 0)) {
    return { ...base, ratio: 1, ci: { low: 1, high: 1, confidence: DEFAULT_CONFIDENCE }, verdict: 'unchanged' }
  }
  if (!(baselineMedian > 0) || !(currentMedian >= 0)) {
    return undefinedRatio(`ratio undefined (medians ${baselineMedian} → ${currentMedian})`)
  }
  const ci = medianRatioCi(current, baseline)
  return { ...base, ratio: currentMedian / baselineMedian, ci, verdict: verdictFor(ci, threshold) }
}
