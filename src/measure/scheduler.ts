/**
 * The cold-start scheduler: warm-up rounds first, then measured ones. Each round samples every row
 * once, rows interleaved run by run (A B C A B C ...) so that machine drift favours none of them.
 * A row has one arm (run) or several (ab: base and head), sampled back to back in an order that
 * alternates round by round (A B, B A, …), so drift within a round falls on both alike. With a
 * stopping check (--precision) a row stops once its figures are precise enough or hit a bound.
 * Other measures reach the adapters through instances.ts, warm-loop.ts and their own kinds/ module.
 */
import type { StopReason } from '../analysis/stopping.js'
import type { Sample } from '../result.js'
import type { Runtime, RunContext, Workload } from '../runtimes/types.js'
import { monotonicNow } from './clock.js'
import { coldStartOnce } from './cold-start.js'

export interface ScheduleProgress {
  runtime: string
  done: number
  total: number
}

/** One sampled series: a runtime with a workload (its samples are keyed by `key`). */
export interface ScheduleArm {
  key: string
  runtime: Runtime
  workload: Workload
  input: unknown
  ctx: RunContext
}

/** A row: its arms are sampled in the same rounds, and stop together. */
export interface ScheduleGroup {
  name: string
  arms: ScheduleArm[]
}

/** Precision-driven stopping: after each measured round of a group, whether it is done. */
export interface ScheduleStopping {
  maxRuns: number
  check: (group: ScheduleGroup, samples: ReadonlyMap<string, Sample[]>, state: { runs: number; elapsedMs: number }) => StopReason | undefined
}

export interface RoundsOptions {
  groups: ScheduleGroup[]
  /** Measured rounds per group without `stopping`. */
  runs: number
  warmup: number
  stopping?: ScheduleStopping
  signal?: AbortSignal
  onProgress?: (progress: ScheduleProgress) => void
  /** Called after each round with the samples so far; awaited. */
  onRound?: (partial: ScheduleResult) => Promise<void>
}

/** Samples of each arm, keyed by arm key, the first output each one answered, and why each group stopped (with stopping). */
export interface ScheduleResult {
  samples: Map<string, Sample[]>
  outputs: Map<string, unknown>
  stops: Map<string, { reason: StopReason; runs: number }>
  interrupted: boolean
}

/** A runtime's warm-up and measured runs: the scenario's, or fewer where the runtime caps them (sampleCap). Pure. */
export function samplePlan(runtime: Pick<Runtime, 'sampleCap'>, runs: number, warmup: number): { runs: number; warmup: number } {
  const cap = runtime.sampleCap
  return cap ? { runs: Math.min(runs, cap.runs), warmup: Math.min(warmup, cap.warmup) } : { runs, warmup }
}

/** The order of a group's arms in a round: rotated by one each round (two arms: A B, B A, A B, …). Pure. */
export function armOrder(round: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => (i + round) % count)
}

/** Samples one arm once; returns false when a signal cut it short (the sample is dropped). */
async function sampleArm(arm: ScheduleArm, index: number, warmup: boolean, result: ScheduleResult, signal: AbortSignal | undefined): Promise<boolean> {
  const sample = await coldStartOnce(arm.runtime, arm.workload, arm.input, arm.ctx)
  await arm.runtime.settle?.() // untimed background work (a pool's refill) ends before the next measurement
  if (signal?.aborted) return false
  const { output, ...rest } = sample
  if (rest.ok && !result.outputs.has(arm.key)) result.outputs.set(arm.key, output)
  result.samples.get(arm.key)!.push({ index, warmup, ...rest })
  return true
}

/** Runs warm-up + measured rounds of every group, interleaved, until each is done or a signal aborts. */
export async function scheduleRounds(options: RoundsOptions): Promise<ScheduleResult> {
  const { groups, warmup, stopping, signal } = options
  const result: ScheduleResult = { samples: new Map(groups.flatMap((g) => g.arms.map((arm) => [arm.key, []]))), outputs: new Map(), stops: new Map(), interrupted: false }
  // Each group takes the scenario's rounds, or fewer where its runtime caps them (a VM boot takes seconds).
  const plans = new Map(groups.map((g) => [g, samplePlan(g.arms[0]!.runtime, stopping?.maxRuns ?? options.runs, warmup)]))
  const roundsOf = (g: ScheduleGroup) => plans.get(g)!.warmup + plans.get(g)!.runs
  const maxRounds = Math.max(0, ...groups.map(roundsOf))
  let total = groups.reduce((sum, g) => sum + roundsOf(g) * g.arms.length, 0)
  let done = 0
  let active = [...groups]
  let measureStart: number | undefined
  for (let index = 0; index < maxRounds && active.length > 0; index++) {
    if (index === warmup) measureStart = monotonicNow()
    for (const group of active) {
      const own = plans.get(group)!
      for (const armIndex of armOrder(index, group.arms.length)) {
        const arm = group.arms[armIndex]!
        if (signal?.aborted || !(await sampleArm(arm, index, index < own.warmup, result, signal))) return { ...result, interrupted: true }
        options.onProgress?.({ runtime: arm.key, done: ++done, total })
      }
    }
    if (stopping && index >= warmup) {
      const state = { runs: index - warmup + 1, elapsedMs: monotonicNow() - measureStart! }
      const stopped = active.filter((group) => {
        const reason = stopping.check(group, result.samples, state)
        if (reason) result.stops.set(group.name, { reason, runs: state.runs })
        return reason !== undefined
      })
      total -= stopped.reduce((sum, g) => sum + (roundsOf(g) - index - 1) * g.arms.length, 0)
      active = active.filter((group) => !stopped.includes(group))
    }
    active = active.filter((group) => index + 1 < roundsOf(group)) // a capped group has taken all its rounds
    await options.onRound?.(result)
  }
  return result
}

/** Runs with one arm per runtime (key = runtime name): what `isobench run` schedules. */
export function singleArmGroups(runtimes: readonly Runtime[], workload: Workload, input: unknown, ctx: RunContext): ScheduleGroup[] {
  return runtimes.map((runtime) => ({ name: runtime.name, arms: [{ key: runtime.name, runtime, workload, input, ctx }] }))
}
