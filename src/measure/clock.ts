/** The harness's clocks: the monotonic one every runtime is timed with, and the mapping of a sandbox's wall-anchored readings onto it. */
import type { Clock } from '../runtimes/types.js'

/** The one monotonic clock every runtime is timed with: process.hrtime.bigint, in milliseconds. */
export const monotonicNow: Clock = () => Number(process.hrtime.bigint()) / 1e6

/**
 * The wall-anchored clock (performance.timeOrigin + performance.now()) minus the monotonic one: constant
 * in this process, since both advance with CLOCK_MONOTONIC, so a sandbox's wall-anchored reading maps onto monotonicNow.
 */
const WALL_MINUS_MONOTONIC = performance.timeOrigin + performance.now() - monotonicNow()

/** A sandbox's reading on `clock` as a monotonicNow value; undefined stays undefined. */
export function toMonotonic(clock: 'monotonic' | 'wall', at: number | undefined): number | undefined {
  if (at === undefined) return undefined
  return clock === 'monotonic' ? at : at - WALL_MINUS_MONOTONIC
}
