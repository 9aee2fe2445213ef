/** Pure parsers for command-line values: each throws a UsageError that says what was expected. */
import { UsageError } from './errors.js'

export const DEFAULT_MEMORY_MB = 128
export const DEFAULT_TIMEOUT_MS = 30_000
export const DEFAULT_PIDS_LIMIT = 64
export const DEFAULT_OUT_DIR = 'results'

/** An integer in [min, max] given on the command line as `flag`. */
export function parseIntegerOption(flag: string, min: number, max = 1_000_000) {
  return (value: string): number => {
    const number = Number(value)
    if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(number) || number < min || number > max) {
      throw new UsageError(`expected ${flag} to be an integer from ${min} to ${max}, got "${value}"`, `for example ${flag} ${Math.max(min, Math.min(max, 10))}`)
    }
    return number
  }
}

/** A positive number of CPU cores (0 = no limit). */
export function parseCpus(value: string): number {
  const number = Number(value)
  if (value.trim() === '' || !Number.isFinite(number) || number < 0 || number > 1024) {
    throw new UsageError(`expected --cpus to be a number of cores from 0 to 1024, got "${value}"`, 'for example --cpus 0.5 (0 = no limit)')
  }
  return number
}
