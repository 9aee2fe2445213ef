/** Pure parsers for command-line values: each throws a UsageError that says what was expected. */
import type { StoppingRule } from './analysis/stopping.js'
import { UsageError } from './errors.js'
import { RELAXATION_NAMES, type Relaxation } from './runtimes/hardening.js'
import { DEFAULT_MAX_OUTPUT_BYTES } from './runtimes/types.js'
import { closest } from './suggest.js'

export const DEFAULT_MEMORY_MB = 128
export const DEFAULT_TIMEOUT_MS = 30_000
export const DEFAULT_PIDS_LIMIT = 64
export const DEFAULT_OUT_DIR = 'results'
/** Instances a `<runtime>+pool` row keeps started ahead when --pool does not say. */
export const DEFAULT_POOL_SIZE = 2

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

/** --precision: a percentage above 0 and at most 100% ("5%"); returns a fraction (0.05). */
export function parsePrecision(value: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(value)
  const percent = match ? Number(match[1]) : Number.NaN
  if (!(percent > 0 && percent <= 100)) {
    throw new UsageError(`expected --precision to be a percentage above 0% and at most 100%, got "${value}"`, 'for example --precision 5% (sample until the 95% CI is within ±5%)')
  }
  return percent / 100
}

/** A duration in seconds given as `flag`: `90`, `90s` or `2m`; returns milliseconds. */
export function parseDuration(flag: string) {
  return (value: string): number => {
    const match = /^\s*(\d+(?:\.\d+)?)\s*(s|m)?\s*$/.exec(value)
    const ms = match ? Number(match[1]) * (match[2] === 'm' ? 60_000 : 1000) : Number.NaN
    if (!(ms >= 1000 && ms <= 86_400_000)) throw new UsageError(`expected ${flag} to be a duration from 1s to 24h, got "${value}"`, `for example ${flag} 90s or ${flag} 2m`)
    return ms
  }
}

/** Bounds of --precision when the command line does not give them. */
export const DEFAULT_STOPPING = { minRuns: 10, maxRuns: 100, maxTimeMs: 90_000 } as const

/** `ab --precision`'s bounds: more rounds, since --max-time bounds a run anyway and a cheap row (isolate: 100 rounds in 15 s) gains from them. */
export const AB_STOPPING = { minRuns: 10, maxRuns: 400, maxTimeMs: 90_000 } as const

/** The stopping rule from --precision and its bounds; undefined without --precision (a bound alone is an error). */
export function stoppingRuleFrom(values: { precision?: number; minRuns?: number; maxRuns?: number; maxTimeMs?: number }, defaults: { minRuns: number; maxRuns: number; maxTimeMs: number } = DEFAULT_STOPPING): StoppingRule | undefined {
  const { precision, minRuns, maxRuns, maxTimeMs } = values
  if (precision === undefined) {
    const bound = minRuns !== undefined ? '--min-runs' : maxRuns !== undefined ? '--max-runs' : maxTimeMs !== undefined ? '--max-time' : undefined
    if (bound) throw new UsageError(`${bound} bounds --precision, which was not given`, 'add --precision 5% (or use --runs for a fixed count)')
    return undefined
  }
  const rule = { precision, minRuns: minRuns ?? Math.min(defaults.minRuns, maxRuns ?? Infinity), maxRuns: maxRuns ?? Math.max(defaults.maxRuns, minRuns ?? 0), maxTimeMs: maxTimeMs ?? defaults.maxTimeMs }
  if (rule.minRuns > rule.maxRuns) throw new UsageError(`--min-runs ${rule.minRuns} is above --max-runs ${rule.maxRuns}`, 'give a --min-runs no larger than --max-runs')
  return rule
}

/** A comma-separated list of names (metrics, runtimes); at least one. */
export function parseNameList(flag: string, example: string) {
  return (value: string): string[] => {
    const names = [...new Set(value.split(',').map((name) => name.trim()).filter(Boolean))]
    if (names.length === 0) throw new UsageError(`${flag} needs at least one name`, `for example ${flag} ${example}`)
    return names
  }
}

/** --metric: a list of metric names, or `all`. */
export function parseMetricList(flag: string) {
  const parse = parseNameList(flag, 'cold_start_ms,memory_rss_bytes')
  return (value: string): string[] | 'all' => (value.trim() === 'all' ? 'all' : parse(value))
}

/** The limits every instance gets unless a scenario or the command line says otherwise. */
export const DEFAULT_LIMITS = { memoryMb: DEFAULT_MEMORY_MB, timeoutMs: DEFAULT_TIMEOUT_MS, pidsLimit: DEFAULT_PIDS_LIMIT, cpus: 0, maxOutputBytes: DEFAULT_MAX_OUTPUT_BYTES } as const

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, kib: 1024, m: 1024 ** 2, mb: 1024 ** 2, mib: 1024 ** 2 }

/** --max-output: a size in bytes, or with a unit (`512k`, `1MiB`, `4mb`); from 2 bytes to 256 MiB. */
export function parseByteSize(flag: string) {
  return (value: string): number => {
    const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value)
    const unit = SIZE_UNITS[match?.[2]?.toLowerCase() ?? 'x']
    const bytes = match && unit ? Math.floor(Number(match[1]) * unit) : Number.NaN
    if (!Number.isSafeInteger(bytes) || bytes < 2 || bytes > 256 * 1024 ** 2) {
      throw new UsageError(`expected ${flag} to be a size from 2 bytes to 256 MiB, got "${value}"`, `for example ${flag} 1MiB or ${flag} 65536`)
    }
    return bytes
  }
}

/** A comma-separated list of positive integers given as `flag` (density steps). */
export function parseIntegerList(flag: string) {
  const one = parseIntegerOption(flag, 1, 100_000)
  return (value: string): number[] => {
    const parts = value.split(',').map((part) => part.trim())
    if (parts.some((part) => part === '')) throw new UsageError(`expected ${flag} to be a comma-separated list of integers, got "${value}"`, `for example ${flag} 1,10,100`)
    return parts.map(one)
  }
}

/** A count for every runtime (`10`) or per runtime (`isolate=1000,docker=20,*=50`), given as `flag`. */
export function parsePerRuntimeCount(flag: string) {
  const one = parseIntegerOption(flag, 1, 100_000)
  return (value: string): number | Record<string, number> => {
    if (/^\s*\d+\s*$/.test(value)) return one(value.trim())
    const map: Record<string, number> = {}
    for (const part of value.split(',')) {
      const match = /^\s*([A-Za-z0-9*][\w:.*-]*)\s*=\s*(\S+)\s*$/.exec(part)
      if (!match) throw new UsageError(`expected ${flag} to be a number or runtime=number pairs, got "${value}"`, `for example ${flag} 20 or ${flag} isolate=1000,process=50,*=10`)
      map[match[1]!] = one(match[2]!)
    }
    return map
  }
}
/** A run id as a Docker label value and a file-name part: letters, digits, dot, dash, underscore. */
export function parseRunId(flag: string) {
  return (value: string): string => {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(value)) {
      throw new UsageError(`expected ${flag} to be 1 to 64 letters, digits, dots, dashes or underscores, got "${value}"`, `the runId field of a result file, e.g. ${flag} 20261123T073000Z-a1b2c3`)
    }
    return value
  }
}

/** A comma-separated list of known names (deduplicated), with a did-you-mean for an unknown one. */
export function parseKnownNames<T extends string>(value: string, known: readonly T[], what: { flag: string; noun: string; hint: string }): T[] {
  const names = value.split(',').map((name) => name.trim()).filter(Boolean)
  if (names.length === 0) throw new UsageError(`${what.flag} needs at least one ${what.noun} name`, `known: ${known.join(', ')}`)
  for (const name of names) {
    if (!(known as readonly string[]).includes(name)) {
      const guess = closest(name, known)
      throw new UsageError(`unknown ${what.noun} "${name}"${guess ? `; did you mean "${guess}"?` : ''}`, what.hint)
    }
  }
  return [...new Set(names)] as T[]
}

/** `--relax a,b`: hardenings to relax by name. */
export function parseRelaxList(value: string): Relaxation[] {
  return parseKnownNames(value, RELAXATION_NAMES, { flag: '--relax', noun: 'hardening', hint: `known: ${RELAXATION_NAMES.join(', ')} (or --no-harden for all)` })
}
