/**
 * Pure: paired statistics for `isobench ab`. Base and head are measured in the same rounds, in
 * alternating order (round 2k: base then head; 2k+1: head then base), so each round gives one ratio
 * head/base from its adjacent pair, and load that hits a round hits both of its samples. The second
 * sample of a round is measured faster (8–16% here, whichever side it is), so one round's ratio
 * carries that order effect, × it or ÷ it: the median of round ratios falls into one of the two
 * modes (an A/A gave 1.65). A block of two rounds (2k, 2k+1) has each order once, and the geometric
 * mean of its two ratios cancels the effect; the statistic is the median of the block ratios, its
 * 99% CI from resampling blocks (the percentile bootstrap of that median, seeded from the data;
 * 99% as Firecracker's p < 0.01: at 95% one A/A run in four cried wolf at load 13 on 2 cores). The
 * verdict is Firecracker's A/B rule (pairedVerdict): a change counts when it is significant (the CI
 * excludes 1) AND its size (the ratio) is over the threshold; compare's rule (the whole CI beyond
 * 1 ± t) needs a CI narrower than the effect's excess over t, which a loaded machine rarely gives.
 */
import type { Sample } from '../result.js'
import { relativeHalfWidth } from './precision.js'
import { medianCi } from './stats/bootstrap.js'
import { MIN_SAMPLES, type SampleComparison, type Verdict } from './stats/compare.js'
import { median } from './stats/summary.js'

/** The rounds of one metric where both sides produced a value, and each round's head/base ratio. */
export interface PairedRounds {
  /** head / base per round, in round order. */
  ratios: number[]
  baseValues: number[]
  headValues: number[]
  /** Each ratio's round index (the scheduler's, warm-ups counted: its parity is the order). */
  rounds: number[]
  /** Rounds measured on both sides whose ratio is undefined (base 0, head not 0). */
  undefinedRatios: number
}

/**
 * One ratio per block of two rounds with opposite orders (indices 2k and 2k+1, both paired): the
 * geometric mean of their ratios (their mean when one is not positive: a metric that can go below 0,
 * such as RSS growth). A round whose partner is missing is left out.
 */
export function blockRatios(paired: Pick<PairedRounds, 'ratios' | 'rounds'>): number[] {
  const blocks: number[] = []
  for (let k = 0; k + 1 < paired.ratios.length; k++) {
    if (paired.rounds[k]! % 2 !== 0 || paired.rounds[k + 1] !== paired.rounds[k]! + 1) continue
    const [a, b] = [paired.ratios[k]!, paired.ratios[k + 1]!]
    blocks.push(a > 0 && b > 0 ? Math.sqrt(a * b) : (a + b) / 2)
    k++
  }
  return blocks
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
  const paired: PairedRounds = { ratios: [], baseValues: [], headValues: [], rounds: [], undefinedRatios: 0 }
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
    paired.rounds.push(sample.index)
  }
  return paired
}

/** The paired CI's confidence: the verdict's significance test (Firecracker's p < 0.01), the detectable change and --precision. */
export const PAIRED_CONFIDENCE = 0.99

/** A paired comparison: compare's fields (n = rounds), plus the smallest change this run could tell from none. */
export interface PairedComparison extends SampleComparison {
  /**
   * The larger side of the ratio's 99% CI relative to the ratio (0.04 = ±4%): a true change smaller
   * than this is not told from no change by this run, so "unchanged" only means "within ±threshold
   * at this precision". NaN when there is no interval.
   */
  detectable: number
}

/** The relative half-width of the paired ratio's CI (the precision `--precision` aims at); Infinity below MIN_SAMPLES blocks. */
export function pairedHalfWidth(paired: Pick<PairedRounds, 'ratios' | 'rounds'>): number {
  const blocks = blockRatios(paired)
  if (blocks.length < MIN_SAMPLES) return Number.POSITIVE_INFINITY
  const ci = medianCi(blocks, { confidence: PAIRED_CONFIDENCE })
  return relativeHalfWidth(median(blocks), ci.low, ci.high)
}

/**
 * The paired verdict at threshold t: regressed when the CI lies wholly above 1 (significant) and the
 * ratio is above 1 + t (big enough), improved likewise below; unchanged when the CI lies within
 * 1 ± t; else inconclusive. NaN decides nothing.
 */
export function pairedVerdict(ratio: number, ci: Pick<SampleComparison['ci'], 'low' | 'high'>, threshold: number): Verdict {
  if ([ratio, ci.low, ci.high].some(Number.isNaN)) return 'inconclusive'
  if (ci.low > 1 && ratio > 1 + threshold) return 'regressed'
  if (ci.high < 1 && ratio < 1 - threshold) return 'improved'
  if (ci.low >= 1 - threshold && ci.high <= 1 + threshold) return 'unchanged'
  return 'inconclusive'
}

/** Compares head with base from their paired rounds at threshold t (0.1 = 10%). */
export function comparePaired(paired: PairedRounds, threshold: number): PairedComparison {
  const { ratios, baseValues, headValues } = paired
  const blocks = blockRatios(paired)
  const base = { baselineN: ratios.length, currentN: ratios.length, baselineMedian: median(baseValues), currentMedian: median(headValues) }
  if (blocks.length < MIN_SAMPLES) {
    const note = `too few paired blocks of two rounds (${blocks.length}; at least ${MIN_SAMPLES})`
    return { ...base, ratio: Number.NaN, ci: { low: Number.NaN, high: Number.NaN, confidence: PAIRED_CONFIDENCE }, verdict: 'inconclusive', note, detectable: Number.NaN }
  }
  const ratio = median(blocks)
  const ci = medianCi(blocks, { confidence: PAIRED_CONFIDENCE })
  const note = paired.undefinedRatios > 0 ? `${paired.undefinedRatios} round(s) left out: base 0, head not` : undefined
  return { ...base, ratio, ci, verdict: pairedVerdict(ratio, ci, threshold), detectable: relativeHalfWidth(ratio, ci.low, ci.high), ...(note ? { note } : {}) }
}
