/**
 * Pure: paired statistics for `isobench ab`. Base and head are measured in the same rounds (A B,
 * B A, …), so each round gives one ratio head/base from its adjacent pair, and load that hits a
 * round hits both of its samples. The statistic is the median of the per-round ratios; its 95% CI
 * comes from resampling rounds (the percentile bootstrap of that median, seeded from the data), and
 * the verdict is compare's (verdictFor: the same rule and threshold semantics).
 */
import type { Sample } from '../result.js'
import { relativeHalfWidth } from './precision.js'
import { DEFAULT_CONFIDENCE, medianCi } from './stats/bootstrap.js'
import { MIN_SAMPLES, verdictFor, type SampleComparison } from './stats/compare.js'
import { median } from './stats/summary.js'

/** The rounds of one metric where both sides produced a value, and each round's head/base ratio. */
export interface PairedRounds {
  /** head / base per round, in round order. */
  ratios: number[]
  baseValues: number[]
  headValues: number[]
  /** Rounds measured on both sides whose ratio is undefined (base 0, head not 0). */
  undefinedRatios: number
}

function measuredValue(sample: Sample | undefined, metric: string): number | undefined {
  if (!sample || sample.warmup || !sample.ok) return undefined
  const value = sample.metrics[metric]
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined
}

/**
 * Pairs base and head samples by round (their `index`: both sides are sampled in every round),
 * leaving out warm-ups, failed samples and rounds where either side lacks the metric.
 */
export function pairRounds(base: readonly Sample[], head: readonly Sample[], metric: string): PairedRounds {
  const headByIndex = new Map(head.map((sample) => [sample.index, sample]))
  const paired: PairedRounds = { ratios: [], baseValues: [], headValues: [], undefinedRatios: 0 }
  for (const sample of [...base].sort((a, b) => a.index - b.index)) {
    const b = measuredValue(sample, metric)
    const h = measuredValue(headByIndex.get(sample.index), metric)
    if (b === undefined || h === undefined) continue
    if (b === 0 && h !== 0) {
      paired.undefinedRatios++
      continue
    }
    paired.ratios.push(b === 0 ? 1 : h / b)
    paired.baseValues.push(b)
    paired.headValues.push(h)
  }
  return paired
}

/** A paired comparison: compare's fields (n = rounds), plus the smallest change this run could tell from none. */
export interface PairedComparison extends SampleComparison {
  /**
   * The larger side of the ratio's 95% CI relative to the ratio (0.04 = ±4%): a true change smaller
   * than this is not told from no change by this run, so "unchanged" only means "within ±threshold
   * at this precision". NaN when there is no interval.
   */
  detectable: number
}

/** The relative half-width of the paired ratio's CI (the precision `--precision` aims at); Infinity below MIN_SAMPLES rounds. */
export function pairedHalfWidth(ratios: readonly number[]): number {
  if (ratios.length < MIN_SAMPLES) return Number.POSITIVE_INFINITY
  const ci = medianCi(ratios)
  return relativeHalfWidth(median(ratios), ci.low, ci.high)
}

/** Compares head with base from their paired rounds at threshold t (0.1 = 10%). */
export function comparePaired(paired: PairedRounds, threshold: number): PairedComparison {
  const { ratios, baseValues, headValues } = paired
  const n = ratios.length
  const base = { baselineN: n, currentN: n, baselineMedian: median(baseValues), currentMedian: median(headValues) }
  if (n < MIN_SAMPLES) {
    const note = `too few paired rounds (${n}; at least ${MIN_SAMPLES})`
    return { ...base, ratio: Number.NaN, ci: { low: Number.NaN, high: Number.NaN, confidence: DEFAULT_CONFIDENCE }, verdict: 'inconclusive', note, detectable: Number.NaN }
  }
  const ratio = median(ratios)
  const ci = medianCi(ratios)
  const note = paired.undefinedRatios > 0 ? `${paired.undefinedRatios} round(s) left out: base 0, head not` : undefined
  return { ...base, ratio, ci, verdict: verdictFor(ci, threshold), detectable: relativeHalfWidth(ratio, ci.low, ci.high), ...(note ? { note } : {}) }
}
