import { describe, expect, it } from 'vitest'
import { hostReading } from '../../../src/analysis/resolution.js'

const MIB = 1024 * 1024
const ci = (low: number, high: number) => ({ low, high, confidence: 0.95 })

describe('host memory below the view\'s resolution', () => {
  it('keeps a figure whose whole CI is above zero', () => {
    expect(hostReading(1.1 * MIB, ci(0.9 * MIB, 1.3 * MIB))).toEqual({ kind: 'resolved', bytes: 1.1 * MIB })
  })

  it('turns a negative median into a bound: below the CI\'s top, with its half-width as resolution', () => {
    // Reference: isolate:context at N=1, −1.2 MiB [−2.0, 0.4]: half-width (0.4 + 2.0) / 2 = 1.2 MiB, bound max(0.4, 1.2) = 1.2 MiB.
    expect(hostReading(-1.2 * MIB, ci(-2 * MIB, 0.4 * MIB))).toEqual({ kind: 'below', upperBytes: 1.2 * MIB, resolutionBytes: 1.2 * MIB })
  })

  it('bounds a positive median whose CI reaches zero by the CI\'s top', () => {
    // Reference: 0.3 MiB [−0.6, 1.0]: half-width 0.8, bound max(1.0, 0.8) = 1.0 MiB.
    expect(hostReading(0.3 * MIB, ci(-0.6 * MIB, 1 * MIB))).toEqual({ kind: 'below', upperBytes: 1 * MIB, resolutionBytes: 0.8 * MIB })
  })

  it('bounds a reading without a CI at zero when it is not above zero', () => {
    expect(hostReading(-81 * 1024)).toEqual({ kind: 'below', upperBytes: 0, resolutionBytes: Number.NaN })
    expect(hostReading(5 * MIB)).toEqual({ kind: 'resolved', bytes: 5 * MIB })
  })
})
