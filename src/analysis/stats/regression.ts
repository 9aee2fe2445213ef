/** Pure: ordinary least squares. */

/**
 * The slope of the least-squares line through points (x, y): Σ(x−x̄)(y−ȳ) / Σ(x−x̄)².
 * NaN with fewer than two distinct x.
 */
export function leastSquaresSlope(points: ReadonlyArray<readonly [number, number]>): number {
  const n = points.length
  if (n < 2) return Number.NaN
  const meanX = points.reduce((sum, [x]) => sum + x, 0) / n
  const meanY = points.reduce((sum, [, y]) => sum + y, 0) / n
  let sxy = 0
  let sxx = 0
  for (const [x, y] of points) {
    sxy += (x - meanX) * (y - meanY)
    sxx += (x - meanX) ** 2
  }
  return sxx === 0 ? Number.NaN : sxy / sxx
}
