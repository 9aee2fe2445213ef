/**
 * density: how many live instances fit, and what each costs the host. For each runtime, instances
 * are started one after another (each answers once) and kept alive; at every step N the host's
 * MemAvailable drop is read. Stepping stops at the runtime's cap, when the drop passes the memory
 * budget, when the time budget is spent, or when a start fails. Everything is stopped afterwards.
 * Per step (read after settleCounters, see memory.ts): N, the time to start the N-th instance
 * (with N−1 alive), the cumulative host drop and the cost per instance since the previous step
 * (`memory_host_bytes`). Per runtime: the largest N, the least-squares slope of the drop over N, instances
 * per GiB (2^30 ÷ slope) and why stepping stopped.
 */
import { freemem } from 'node:os'
import { errorLine } from '../../errors.js'
import type { Instance } from '../../runtimes/types.js'
import { leastSquaresSlope } from '../../analysis/stats/regression.js'
import { defaultMemoryBudgetMb, quietBaselineBytes, readMemAvailableBytes, settleCounters } from '../host-memory.js'
import { startLive, stopMany } from '../instances.js'
import { countFor } from '../per-runtime.js'
import { outcomesFor, type MeasureModule } from './types.js'
import { densityTables } from '../../report/tables/density.js'

const MIB = 1024 * 1024
/** The numbers of live instances stepped through by default. */
export const DEFAULT_STEPS = [1, 10, 100, 1000]
/** The most live instances per runtime family by default (`*`: any runtime added later). */
export const DEFAULT_MAX_INSTANCES: Record<string, number> = { isolate: 1000, process: 100, docker: 50, qemu: 8, '*': 50 }
/** Default time a runtime may spend stepping, in seconds (keeps `--scenario all` bounded for slow runtimes). */
export const DEFAULT_TIME_BUDGET_S = 60

/** The steps a runtime goes through: those within its cap, plus the cap itself when it falls between steps. */
export function stepsUpTo(steps: readonly number[], cap: number): number[] {
  const sorted = [...new Set(steps)].sort((a, b) => a - b)
  const within = sorted.filter((step) => step <= cap)
  if (sorted.some((step) => step > cap) && within.at(-1) !== cap) within.push(cap)
  return within
}

/** The density measure. */
export const density: MeasureModule = {
  measure: 'density',
  needs: ['workload'],
  description: 'N live instances at once: time to start the N-th, host memory, largest N',
  tables: (analysis) => densityTables(analysis, density.description),
  async run({ scenario, runtimes, workload, ctx, signal, onProgress }) {
    const outcomes = outcomesFor(runtimes)
    const steps = scenario.steps ?? DEFAULT_STEPS
    const caps = Object.fromEntries(runtimes.map((r) => [r.name, countFor(scenario.maxInstances, r.name, DEFAULT_MAX_INSTANCES)]))
    const budgetMb = scenario.memoryBudgetMb ?? defaultMemoryBudgetMb((await readMemAvailableBytes().catch(() => freemem())))
    const timeBudgetS = scenario.timeBudgetS ?? DEFAULT_TIME_BUDGET_S
    const settings = { steps, maxInstances: caps, memoryBudgetMb: budgetMb, timeBudgetS, counterSettle: 'none' as string, limits: ctx.limits }
    for (const runtime of runtimes) {
      const outcome = outcomes.get(runtime.name)!
      const targets = stepsUpTo(steps, caps[runtime.name]!)
      const live: Instance[] = []
      const points: Array<[number, number]> = [[0, 0]]
      let stopReason = 'reached the largest step'
      let prev: [number, number] = [0, 0]
      let largest = 0
      const t0 = ctx.now()
      try {
        await runtime.quiesce?.(ctx)
        const baseBytes = await quietBaselineBytes()
        const dropNow = async () => baseBytes - (await readMemAvailableBytes())
        let lastStartMs = Number.NaN
        const recordStep = async (n: number) => {
          settings.counterSettle = await settleCounters()
          const drop = await dropNow()
          outcome.samples.push({
            index: outcome.samples.length,
            warmup: false,
            ok: true,
            metrics: { instances: n, start_nth_ms: lastStartMs, memory_host_drop_bytes: drop, memory_host_bytes: (drop - prev[1]) / (n - prev[0]) },
          })
          points.push([n, drop])
          prev = [n, drop]
          largest = n
        }
        outer: for (const target of targets) {
          while (live.length < target) {
            if (signal.aborted) return { runtimes: outcomes, interrupted: true, settings }
            if ((await dropNow()) > budgetMb * MIB) { stopReason = `memory budget (${budgetMb} MiB) reached`; break outer }
            if (ctx.now() - t0 > timeBudgetS * 1000) { stopReason = `time budget (${timeBudgetS} s) spent`; break outer }
            try {
              const started = await startLive(runtime, workload, scenario.input, ctx)
              live.push(started.instance)
              lastStartMs = started.startMs
              outcome.output ??= started.output
            } catch (error) {
              stopReason = `start #${live.length + 1} failed: ${errorLine(error)}`
              break outer
            }
            onProgress(`${scenario.name} [${runtime.name}]`, live.length, targets.at(-1)!)
          }
          await recordStep(target)
        }
        if (live.length > prev[0]) await recordStep(live.length) // stopped between steps: what was reached counts
      } finally {
        const tStop = ctx.now()
        await stopMany(live)
        const slope = leastSquaresSlope(points)
        outcome.details = {
          cap: caps[runtime.name],
          largestN: largest,
          stopReason,
          hostSlopeBytes: Number.isFinite(slope) ? slope : null,
          instancesPerGiB: Number.isFinite(slope) && slope > 0 ? 1024 ** 3 / slope : null,
          stopAllMs: ctx.now() - tStop,
          points,
        }
      }
    }
    return { runtimes: outcomes, interrupted: false, settings }
  },
}
