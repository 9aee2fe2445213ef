import type { PerRuntimeCount } from '../scenarios/types.js'

/**
 * The count that applies to a runtime: an exact name, then the family before `:` (so a new
 * `docker:crun` runtime gets docker's default for free), then `*`. Pure.
 */
export function countFor(value: PerRuntimeCount | undefined, runtime: string, defaults: Record<string, number>): number {
  const family = runtime.split(':')[0]!
  const pick = (map: Record<string, number>) => map[runtime] ?? map[family] ?? map['*']
  if (typeof value === 'number') return value
  const chosen = (value && pick(value)) ?? pick(defaults)
  if (chosen === undefined) throw new Error(`no default count for runtime ${runtime}`)
  return chosen
}
