/**
 * noisy-neighbour: a victim instance serves paced requests (one every PACE_MS) for a window alone,
 * then for a window while neighbour instances of the same runtime run the noisy workload (a leak,
 * or a spin on every core with `neighbours: "cores"`), once with the neighbours under tight limits
 * and once with loose ones. With `hostMemoryMb`/`hostCpus`, victim and neighbours share one budget
 * (host/cgroup-budget.ts, made per variant and removed after it), as on a small host, so a
 * neighbour without limits takes what the victim needs; the instances of an in-process runtime
 * (isolate, vm, worker, wasm) then live in one tenant host process in the budget (tenant-host/), as
 * on a multi-tenant isolate platform, so that the harness itself stays unbounded. Reported: the
 * victim's latency alone and beside the neighbour, whether the neighbour was stopped and by what
 * (isolate memoryLimit/timeout, container memory/CPU limits, node heap cap, the request timeout),
 * whether the victim still answers afterwards, and that the harness survived. A victim that dies
 * beside its neighbour (they share an isolate) is a finding (`victimError`), not a failed sample.
 */
import { errorLine } from '../../errors.js'
import type { Sample } from '../../result.js'
import type { Instance, Limits, RunContext, Runtime, RuntimeOptions, Workload } from '../../runtimes/types.js'
import { startTenantHost, type TenantHost } from '../tenant-host/index.js'
import { cpus } from 'node:os'
import { createBudgetGroup, type Budget, type BudgetGroup } from '../../host/cgroup-budget.js'
import { join } from 'node:path'
import { SCENARIO_DIR } from '../../scenarios/load.js'
import { settle } from '../host-memory.js'
import { startLive, startTracked, stopLive, withLimits } from '../instances.js'
import { oomInBudget, stoppedBy } from '../stopped-by.js'
import { outcomesFor, type MeasureModule } from './types.js'
import { noisyNeighbourTables } from '../../report/tables/noisy-neighbour.js'

/** The victim's pace: one request every PACE_MS, so it samples the window evenly without loading the CPU. */
export const PACE_MS = 10
/** How long the victim is watched, alone and then beside the neighbour. */
export const DEFAULT_WINDOW_MS = 1000
/** The neighbour's limits in the "with limits" variant. */
export const DEFAULT_LIMITED: Partial<Limits> = { memoryMb: 64, timeoutMs: 1000, cpus: 0.5 }
/** The neighbour's limits in the "without limits" variant (loose, not absent: the machine is shared). */
export const DEFAULT_UNLIMITED: Partial<Limits> = { memoryMb: 2048, timeoutMs: 60_000, cpus: 0 }
/** How long after the window the neighbour may still run before the harness stops it anyway. */
const GRACE_MS = 10_000
const VARIANTS = ['limited', 'unlimited'] as const

/** How the neighbour's request ended. */
type NeighbourEnd = { stopped: false; output: unknown; ms: number } | { stopped: true; error: string; ms: number }

/**
 * Paced requests to the victim for windowMs: request k is due at start + k × PACE_MS, and its
 * latency runs from when it was due to its response (open loop). A request that had to wait, for a
 * busy CPU or for a harness thread blocked by an in-process neighbour, counts its wait; a closed
 * loop would silently skip that time (coordinated omission).
 */
async function watchVictim(victim: Instance, input: unknown, windowMs: number, metric: string, ctx: RunContext, samples: Sample[]): Promise<string | undefined> {
  const start = ctx.now()
  for (let k = 0; start + k * PACE_MS < start + windowMs; k++) {
    const due = start + k * PACE_MS
    const wait = due - ctx.now()
    if (wait > 0) await settle(wait)
    // A timer may fire a little early: then the clock starts when the request is sent.
    const from = Math.min(due, ctx.now())
    try {
      await victim.invoke(input)
      samples.push({ index: samples.length, warmup: false, ok: true, metrics: { [metric]: ctx.now() - from } })
    } catch (error) {
      // The victim died (a neighbour in the same isolate took it down): that is the finding, not a fault.
      return errorLine(error)
    }
  }
  return undefined
}

/** How many neighbours run at once: `cores` is one per CPU core, so a spinner can take every core. */
export function neighbourCount(neighbours: number | 'cores' | undefined, cores = cpus().length): number {
  return neighbours === 'cores' ? Math.max(1, cores) : neighbours ?? 1
}

/** Whether a runtime's instances can sit in a budget group: child processes in cgroups (process, deno, workerd) and containers (which say when they cannot). */
const takesBudget = (runtime: Runtime): boolean => runtime.childLimits !== undefined || runtime.budgetUnavailable !== undefined
/** The in-process runtimes, whose instances a tenant host (tenant-host/) can hold inside a budget. */
const IN_PROCESS = /^(isolate|vm|worker|wasm)(:|$)/

let budgetSerial = 0

/** Where one variant's victim and neighbours live: the runtime (in a tenant host, for an in-process one) and their shared budget, or why there is none. */
interface Placement {
  runtime: Runtime
  budget: BudgetGroup | string | undefined
  host?: TenantHost
}

/** The placement of one variant of one row; in-process runtimes go into a tenant host in the budget, so the harness stays unbounded. */
async function placementFor(runtime: Runtime, budget: Budget, ctx: RunContext, options: RuntimeOptions | undefined): Promise<Placement> {
  if (budget.memoryMb === undefined && budget.cpus === undefined) return { runtime, budget: undefined }
  const hosted = IN_PROCESS.test(runtime.name) && options !== undefined
  if (!takesBudget(runtime) && !hosted) return { runtime, budget: 'victim and neighbour cannot be placed in a bounded group' }
  const unavailable = runtime.budgetUnavailable?.()
  if (unavailable) return { runtime, budget: unavailable }
  const group = await createBudgetGroup(`isobench-${ctx.runId}-budget-${++budgetSerial}`, budget)
  if (typeof group === 'string' || !hosted) return { runtime, budget: group }
  try {
    const host = await startTenantHost(runtime, options, group.name, ctx)
    return { runtime: host.runtime, budget: group, host }
  } catch (error) {
    await group.remove()
    throw error
  }
}

/** Starts the neighbours (each from a timer, once the victim's loop runs) and resolves when all have ended. */
async function launchNeighbours(runtime: Runtime, workload: Workload, input: unknown, count: number, ctx: RunContext, started: Instance[]): Promise<() => Promise<NeighbourEnd[]>> {
  for (let i = 0; i < count; i++) started.push(await startTracked(runtime, workload, ctx))
  // Started from a timer: an in-process runtime may run the neighbour synchronously, and then the
  // victim's waiting requests show the block.
  const ends = Promise.all(started.map((neighbour) => new Promise<NeighbourEnd>((resolve) => setTimeout(() => {
    const t0 = ctx.now()
    neighbour.invoke(input).then(
      (output) => resolve({ stopped: false, output, ms: ctx.now() - t0 }),
      (error: unknown) => resolve({ stopped: true, error: errorLine(error), ms: ctx.now() - t0 }),
    )
  }, PACE_MS / 2))))
  return () => ends
}

/** What one variant found, from the neighbours' ends (undefined: still running after the grace). */
function variantDetails(limits: Limits, ends: NeighbourEnd[] | undefined, victimAnswersAfter: boolean, victimError: string | undefined, windowMs: number, { budget, host }: Placement) {
  const stopped = ends?.filter((end) => end.stopped) ?? []
  const first = stopped[0] as Extract<NeighbourEnd, { stopped: true }> | undefined
  const finished = ends?.find((end) => !end.stopped) as Extract<NeighbourEnd, { stopped: false }> | undefined
  return {
    limits,
    neighbours: ends?.length ?? null,
    neighbourStopped: ends !== undefined && stopped.length === ends.length,
    // A tenant host's own group has no memory limit: an OOM kill of it is the budget's.
    stoppedBy: first ? oomInBudget(stoppedBy(first.error), host ? Number.POSITIVE_INFINITY : limits.memoryMb, typeof budget === 'object' ? budget.memoryMaxBytes : undefined) : null,
    neighbourError: first?.error ?? null,
    neighbourOutput: finished?.output ?? null,
    neighbourMs: ends ? Math.max(...ends.map((end) => end.ms)) : null,
    stillRunningAfterMs: ends ? null : windowMs + GRACE_MS,
    victimAnswersAfter,
    victimError: victimError ?? null,
    budget: budget === undefined ? null : typeof budget === 'string' ? { applied: false, reason: budget } : { applied: true, memoryMaxBytes: budget.memoryMaxBytes, cpus: budget.cpus, tenantHost: host !== undefined },
  }
}

/** The noisy-neighbour measure. */
export const noisyNeighbour: MeasureModule = {
  measure: 'noisy-neighbour',
  needs: ['workload'],
  description: 'a victim\'s latency alone and beside a noisy neighbour, with and without limits on the neighbour',
  tables: (analysis) => noisyNeighbourTables(analysis, noisyNeighbour.description),
  async run({ scenario, runtimes, workload, ctx, signal, onProgress, loadWorkload, runtimeOptions }) {
    const outcomes = outcomesFor(runtimes)
    const windowMs = scenario.windowMs ?? DEFAULT_WINDOW_MS
    const victimRef = scenario.victim ?? { workloadPath: join(SCENARIO_DIR, 'workloads/hello.js'), input: { name: 'victim' } }
    const victimWorkload = await loadWorkload(victimRef.workloadPath)
    const variantLimits = { limited: { ...DEFAULT_LIMITED, ...scenario.limited }, unlimited: { ...DEFAULT_UNLIMITED, ...scenario.unlimited } }
    const count = neighbourCount(scenario.neighbours)
    const settings = { windowMs, paceMs: PACE_MS, victim: victimWorkload.name, neighbour: workload.name, neighbours: count, hostMemoryMb: scenario.hostMemoryMb ?? null, hostCpus: scenario.hostCpus ?? null, limited: variantLimits.limited, unlimited: variantLimits.unlimited, limits: ctx.limits }
    let done = 0
    for (const runtime of runtimes) {
      const outcome = outcomes.get(runtime.name)!
      const details: Record<string, unknown> = {}
      for (const variant of VARIANTS) {
        if (signal.aborted) {
          // What the finished variants found is kept (nothing lost); the samples already are.
          if (Object.keys(details).length) outcome.details = { ...details, harnessSurvived: true, harnessRssBytes: process.memoryUsage.rss() }
          return { runtimes: outcomes, interrupted: true, settings }
        }
        let victim: Instance | undefined
        const neighbours: Instance[] = []
        let placement: Placement | undefined
        try {
          placement = await placementFor(runtime, { memoryMb: scenario.hostMemoryMb, cpus: scenario.hostCpus }, ctx, runtimeOptions)
          const { budget, runtime: placed } = placement
          const shared = typeof budget === 'object' ? { budgetGroup: budget.name } : {}
          victim = (await startLive(placed, victimWorkload, victimRef.input, withLimits(ctx, shared))).instance
          const diedAlone = await watchVictim(victim, victimRef.input, windowMs, 'victim_alone_ms', ctx, outcome.samples)
          if (diedAlone) throw new Error(`the victim failed before any neighbour ran: ${diedAlone}`)
          const neighbourCtx = withLimits(ctx, { ...variantLimits[variant], ...shared })
          const { budgetGroup: _, ...limits } = neighbourCtx.limits
          const settled = await launchNeighbours(placed, workload, scenario.input, count, neighbourCtx, neighbours).catch(async (error: unknown) => {
            // A neighbour whose start took the victim down (one shared isolate): a finding, not a fault.
            if (await victim!.invoke(victimRef.input).then(() => true, () => false)) throw error
            details[variant] = variantDetails(limits, [{ stopped: true, error: errorLine(error), ms: Number.NaN }], false, `died as the neighbour started: ${errorLine(error)}`, windowMs, placement!)
            return undefined
          })
          if (settled) {
            const victimError = await watchVictim(victim, victimRef.input, windowMs, `victim_beside_${variant}_ms`, ctx, outcome.samples)
            const ends = await Promise.race([settled(), settle(GRACE_MS).then(() => undefined)])
            let victimAnswersAfter = true
            await victim.invoke(victimRef.input).catch(() => (victimAnswersAfter = false))
            // An interrupt stops the victim too: that is not a death beside the neighbour.
            details[variant] = signal.aborted ? { error: 'interrupted before this variant finished' } : variantDetails(limits, ends, victimAnswersAfter, victimError, windowMs, placement)
          }
        } catch (error) {
          details[variant] = { error: errorLine(error) }
          outcome.samples.push({ index: outcome.samples.length, warmup: false, ok: false, error: `${variant}: ${errorLine(error)}`, metrics: {} })
        } finally {
          await Promise.all(neighbours.map(stopLive))
          if (victim) await stopLive(victim)
          await placement?.host?.close()
          if (typeof placement?.budget === 'object') await placement.budget.remove()
        }
        onProgress(`${scenario.name} [${runtime.name}]`, ++done, runtimes.length * VARIANTS.length)
      }
      // Reaching this line is the evidence: an in-process neighbour that took the harness down would have ended the run.
      outcome.details = { ...details, harnessSurvived: true, harnessRssBytes: process.memoryUsage.rss() }
    }
    return { runtimes: outcomes, interrupted: false, settings }
  },
}
