/**
 * Pure: whether a host memory figure is above the host view's resolution. The host view (the fall
 * of MemAvailable) is noisy on a shared machine: a figure whose 95% CI reaches zero, or a reading
 * at or below zero, says only that the instance costs less than the noise. Its resolution is the
 * CI's half-width; a figure below it is shown as "< bound, ±resolution", never as negative memory.
 */
import type { Interval } from './stats/bootstrap.js'

/** A host memory figure: above the resolution (shown as is) or below it (shown as a bound). */
export type HostReading =
  | { kind: 'resolved'; bytes: number }
  /** `upperBytes`: the figure is below this; `resolutionBytes`: the CI's half-width (NaN without a CI). */
  | { kind: 'below'; upperBytes: number; resolutionBytes: number }

/** Classifies a host memory median with its 95% CI (a single reading without one). */
export function hostReading(bytes: number, ci?: Interval | null): HostReading {
  const hasCi = ci !== undefined && ci !== null && Number.isFinite(ci.low) && Number.isFinite(ci.high)
  if (!hasCi) return bytes > 0 || !Number.isFinite(bytes) ? { kind: 'resolved', bytes } : { kind: 'below', upperBytes: 0, resolutionBytes: Number.NaN }
  if (ci.low > 0 && bytes > 0) return { kind: 'resolved', bytes }
  const resolutionBytes = (ci.high - ci.low) / 2
  return { kind: 'below', upperBytes: Math.max(ci.high, resolutionBytes, 0), resolutionBytes }
}
