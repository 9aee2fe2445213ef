/**
 * Outlier detection by modified Z-score, exactly as hyperfine does it (sharkdp/hyperfine
 * src/outlier_detection.rs): score = (x − median) / MAD, where MAD is the median absolute
 * deviation from the median (a MAD of 0 is replaced by the machine epsilon), and a point is an
 * outlier when |score| > 1.4826 × 10, i.e. more than ten robust standard deviations away
 * (1.4826 × MAD estimates σ for normal data). Reference: Iglewicz & Hoaglin (1993), "How to
 * Detect and Handle Outliers", ASQC. Pure: numbers in, numbers out.
 */
import { median } from './summary.js'

/** hyperfine's threshold on |x − median| / MAD: ten standard deviations (σ ≈ 1.4826 × MAD). */
export const OUTLIER_THRESHOLD = 1.4826 * 10

/** The median absolute deviation from the median (unscaled); NaN for no values. */
export function medianAbsoluteDeviation(values: readonly number[]): number {
  const center = median(values)
  return median(values.map((value) => Math.abs(value - center)))
}

/** (x − median) / MAD for every value, in input order (MAD 0 → epsilon, as hyperfine). */
export function modifiedZScores(values: readonly number[]): number[] {
  if (values.length === 0) return []
  const center = median(values)
  const mad = medianAbsoluteDeviation(values)
  const scale = mad > 0 ? mad : Number.EPSILON
  return values.map((value) => (value - center) / scale)
}

/** How many values are outliers (|modified Z| above the threshold). */
export function countOutliers(values: readonly number[], threshold = OUTLIER_THRESHOLD): number {
  return modifiedZScores(values).filter((score) => Math.abs(score) > threshold).length
}

/** The robust relative spread: 1.4826 × MAD / |median| (≈ the coefficient of variation for normal data). */
export function robustRelativeSpread(values: readonly number[]): number {
  const center = median(values)
  return (1.4826 * medianAbsoluteDeviation(values)) / Math.abs(center)
}
