import type { Clock } from '../runtimes/types.js'

/** The one monotonic clock every runtime is timed with: process.hrtime.bigint, in milliseconds. */
export const monotonicNow: Clock = () => Number(process.hrtime.bigint()) / 1e6
