import { describe, expect, it } from 'vitest'
import { countOutliers, medianAbsoluteDeviation, modifiedZScores, OUTLIER_THRESHOLD, robustRelativeSpread } from '../../../../src/analysis/stats/outliers.js'

describe('modified Z-scores (hyperfine rule)', () => {
  it('divides the distance to the median by the MAD', () => {
    // Reference (by hand): [1,2,3,4,100]: median 3; |x−3| = [2,1,0,1,97] → MAD = median = 1;
    // scores = [−2, −1, 0, 1, 97]
    expect(medianAbsoluteDeviation([1, 2, 3, 4, 100])).toBe(1)
    expect(modifiedZScores([1, 2, 3, 4, 100])).toEqual([-2, -1, 0, 1, 97])
  })

  it('uses hyperfine\'s threshold of ten robust standard deviations', () => {
    // Reference: sharkdp/hyperfine src/outlier_detection.rs, OUTLIER_THRESHOLD = 1.4826 * 10.0
    expect(OUTLIER_THRESHOLD).toBeCloseTo(14.826, 10)
  })

  it('counts the outliers of hyperfine\'s own test cases', () => {
    // Reference: sharkdp/hyperfine src/outlier_detection.rs, test_detect_outliers and
    // test_detect_outliers_if_mad_becomes_0 (same inputs, same expected counts).
    expect(countOutliers([])).toBe(0)
    expect(countOutliers([50])).toBe(0)
    expect(countOutliers([1000, 0])).toBe(0)
    expect(countOutliers([-0.2, 0, 0.2])).toBe(0)
    expect(countOutliers([-0.2, 0, 0.2, 4])).toBe(1)
    expect(countOutliers([0.5, 0.3, 0.29, 0.31, 0.3])).toBe(1)
    const normal = [2.33269488, 1.42195907, -0.57527698, -0.31293437, 2.2948158, 0.75813273, -1.0712388, -0.96394741, -1.15897446, 1.10976285]
    expect(countOutliers(normal)).toBe(0)
    expect(countOutliers([...normal, 20, -500])).toBe(2)
    expect(countOutliers([10, 10, 10, 10, 10, 10, 10, 100])).toBe(1)
    expect(countOutliers([10, 10, 10, 10, 10, 10, 10, 100, 100])).toBe(2)
  })

  it('accepts a stricter threshold (Iglewicz–Hoaglin 3.5 on 0.6745·score ⇔ |score| > 5.189)', () => {
    // Reference (by hand): [1,2,3,4,10]: median 3, MAD 1, scores [−2,−1,0,1,7]; 7 > 3.5/0.6745 = 5.189
    expect(countOutliers([1, 2, 3, 4, 10])).toBe(0)
    expect(countOutliers([1, 2, 3, 4, 10], 3.5 / 0.6745)).toBe(1)
  })
})

describe('robust relative spread', () => {
  it('is 1.4826 × MAD over the median', () => {
    // Reference (by hand): [90,100,110]: median 100, MAD 10 → 1.4826 × 10 / 100 = 0.14826
    expect(robustRelativeSpread([90, 100, 110])).toBeCloseTo(0.14826, 10)
  })
})
