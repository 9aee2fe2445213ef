/**
 * Measuring `isobench ab`: every runtime row has two arms, base and head, sampled in the same
 * rounds in alternating order (A B, B A, …: scheduler.ts), so load drifting during the run falls on
 * both alike. With --precision a row stops once the paired ratio's 95% CI is within ±precision.
 */
import { pairedHalfWidth, pairRounds } from '../analysis/paired.js'
import { stopReason, type StoppingRule } from '../analysis/stopping.js'
import type { Sample } from '../result.js'
import type { Runtime, RunContext } from '../runtimes/types.js'
import type { LoadedWorkload } from '../scenarios/workload.js'
import type { VariantRole } from '../scenarios/variant.js'
import { STOPPING_METRIC } from './kinds/cold-start.js'
import { scheduleRounds, type ScheduleResult, type ScheduleStopping } from './scheduler.js'

/** One side, ready to measure: its prepared runtimes by row name, its workload and input. */
export interface AbSide {
  role: VariantRole
  runtimes: Map<string, Runtime>
  workload: LoadedWorkload
  input: unknown
  ctx: RunContext
}

/** What an ab run measured: per side, per row, its samples; per row, why it stopped (with --precision). */
export interface AbOutcome {
  samples: Record<VariantRole, Map<string, Sample[]>>
  outputs: Record<VariantRole, Map<string, unknown>>
  stops: ScheduleResult['stops']
  interrupted: boolean
}

/** What measureAb needs. */
export interface AbMeasure {
  rows: string[]
  sides: [AbSide, AbSide]
  runs: number
  warmup: number
  rule?: StoppingRule
  signal: AbortSignal
  onProgress: (label: string, done: number, total: number) => void
  /** Called after each round with what was measured so far; awaited. */
  onRound: (partial: AbOutcome) => Promise<void>
}

const keyOf = (role: VariantRole, row: string) => `${role}\u0000${row}`

/** --precision for ab: a row stops once the 95% CI of its paired ratio (head/base per round) is within ±precision. */
export function pairedStopping(rule: StoppingRule): ScheduleStopping {
  return {
    maxRuns: rule.maxRuns,
    check: (group, samples, state) => {
      const paired = pairRounds(samples.get(keyOf('base', group.name)) ?? [], samples.get(keyOf('head', group.name)) ?? [], STOPPING_METRIC)
      return stopReason(rule, { ...state, halfWidth: pairedHalfWidth(paired) })
    },
  }
}

function outcomeOf(schedule: ScheduleResult, rows: readonly string[]): AbOutcome {
  const split = <T>(from: Map<string, T>) => ({
    base: new Map(rows.filter((row) => from.has(keyOf('base', row))).map((row) => [row, from.get(keyOf('base', row))!])),
    head: new Map(rows.filter((row) => from.has(keyOf('head', row))).map((row) => [row, from.get(keyOf('head', row))!])),
  })
  return { samples: split(schedule.samples), outputs: split(schedule.outputs), stops: schedule.stops, interrupted: schedule.interrupted }
}

/** Measures base and head of every row, interleaved round by round. */
export async function measureAb(options: AbMeasure): Promise<AbOutcome> {
  const rows = options.rows.filter((row) => options.sides.every((side) => side.runtimes.has(row)))
  const groups = rows.map((row) => ({
    name: row,
    arms: options.sides.map((side) => ({ key: keyOf(side.role, row), runtime: side.runtimes.get(row)!, workload: side.workload, input: side.input, ctx: side.ctx })),
  }))
  const schedule = await scheduleRounds({
    groups,
    runs: options.runs,
    warmup: options.warmup,
    stopping: options.rule && pairedStopping(options.rule),
    signal: options.signal,
    onProgress: (p) => options.onProgress(`ab [${p.runtime.replace('\u0000', ' ')}]`, p.done, p.total),
    onRound: (partial) => options.onRound(outcomeOf(partial, rows)),
  })
  return outcomeOf(schedule, rows)
}
