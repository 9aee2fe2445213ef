/**
 * Pure: do the runtimes agree on what the handler answered? Each row's first output (the first
 * successful sample's) against the first row's that has one; a difference is reported with the
 * first JSON path where the values part (`$.items[2].name`), so a row that did other work shows.
 */
import type { ScenarioResult } from '../result.js'

/** The measures after which outputs are compared: every row ran the scenario's own workload and input. */
export const OUTPUT_MEASURES = ['cold-start', 'warm-invoke']

/** Runtimes whose first output differs from the reference's, and where. */
export interface OutputDifference {
  runtimes: string[]
  /** The first path where the values differ (`$` for the whole value). */
  path: string
}

/** The verdict on a scenario's outputs; absent when fewer than two rows answered. */
export interface OutputAgreement {
  /** The row every other is compared with (the first row with an output). */
  reference: string
  /** Rows that answered. */
  compared: string[]
  differences: OutputDifference[]
}

const KEY = /^[A-Za-z_$][\w$]*$/

function keyPath(path: string, key: string): string {
  return KEY.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`
}

/** The first path at which two JSON values differ, or undefined when they are the same value. Keys are compared as sets, in sorted order. */
export function firstDifference(a: unknown, b: unknown, path = '$'): string | undefined {
  if (a === b) return undefined
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object' || Array.isArray(a) !== Array.isArray(b)) return path
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const found = firstDifference(a[i], b[i], `${path}[${i}]`)
      if (found) return found
    }
    return a.length === b.length ? undefined : `${path}[${Math.min(a.length, b.length)}]`
  }
  const x = a as Record<string, unknown>
  const y = b as Record<string, unknown>
  const keys = [...new Set([...Object.keys(x), ...Object.keys(y)])].sort()
  for (const key of keys) {
    if (!(key in x) || !(key in y)) return keyPath(path, key)
    const found = firstDifference(x[key], y[key], keyPath(path, key))
    if (found) return found
  }
  return undefined
}

/** Compares the rows' first outputs; rows with the same difference path are grouped. */
export function outputAgreement(scenario: ScenarioResult): OutputAgreement | undefined {
  if (!OUTPUT_MEASURES.includes(scenario.measure)) return undefined
  const answered = scenario.runtimes.filter((row) => row.status === 'ok' && row.output !== undefined)
  if (answered.length < 2) return undefined
  const [reference, ...others] = answered
  const byPath = new Map<string, string[]>()
  for (const row of others) {
    const path = firstDifference(reference!.output, row.output)
    if (path !== undefined) byPath.set(path, [...(byPath.get(path) ?? []), row.runtime])
  }
  return {
    reference: reference!.runtime,
    compared: answered.map((row) => row.runtime),
    differences: [...byPath].map(([path, runtimes]) => ({ runtimes, path })),
  }
}

/** The lines said under the table: one per difference (nothing when every row agrees). */
export function outputNotes(agreement: OutputAgreement | undefined): string[] {
  if (!agreement) return []
  return agreement.differences.map((d) => `outputs differ: ${d.runtimes.join(', ')} answered otherwise than ${agreement.reference}, first at ${d.path} (--strict-output makes this exit 3)`)
}
