import { errorLine } from '../../errors.js'
import type { Instance } from '../../runtimes/types.js'
import { startLive, stopLive } from '../instances.js'
import { insideTimes, warmLatencies } from '../warm-loop.js'
import { outcomesFor, type MeasureInput, type MeasureModule, type MeasureOutcome } from './types.js'
import { latencyTables } from '../../report/tables/latency.js'

/** Rounds the measured iterations are split into, so the runtimes take turns (A B C A B C). */
export const WARM_ROUNDS = 5

/** The handler's time inside the sandbox, measured too (cpu): its metric, and the calls per request. */
export interface InsideTiming {
  /** The wall time of the call and the CPU time used during it, both read inside. */
  metric: string
  cpuMetric: string
  repeat: number
}

/**
 * One live instance per runtime; the runs are split into rounds and the runtimes take turns
 * round by round, each round a tinybench loop. Warm-up iterations run in the first round only.
 */
export async function measureWarm(input: MeasureInput, metric: string, inside?: InsideTiming): Promise<MeasureOutcome> {
  const { scenario, runtimes, workload, ctx, signal, onProgress } = input
  const outcomes = outcomesFor(runtimes)
  const live = new Map<string, Instance>()
  const rounds = Math.min(WARM_ROUNDS, scenario.runs)
  const settings = { runs: scenario.runs, warmup: scenario.warmup, rounds, limits: ctx.limits, ...(inside ? { insideRepeat: inside.repeat } : {}) }
  try {
    for (const runtime of runtimes) {
      if (signal.aborted) return { runtimes: outcomes, interrupted: true, settings }
      try {
        const started = await startLive(runtime, workload, scenario.input, ctx)
        live.set(runtime.name, started.instance)
        outcomes.get(runtime.name)!.output = started.output
      } catch (error) {
        outcomes.get(runtime.name)!.error = `could not start: ${errorLine(error)}`
      }
    }
    let done = 0
    for (let round = 0; round < rounds; round++) {
      const iterations = Math.floor(scenario.runs / rounds) + (round < scenario.runs % rounds ? 1 : 0)
      for (const runtime of runtimes) {
        const instance = live.get(runtime.name)
        if (!instance) continue
        if (signal.aborted) return { runtimes: outcomes, interrupted: true, settings }
        const outcome = outcomes.get(runtime.name)!
        const loop = await warmLatencies(instance, scenario.input, { iterations, warmupIterations: round === 0 ? scenario.warmup : 0, now: ctx.now, signal })
        for (const ms of loop.latenciesMs) outcome.samples.push({ index: outcome.samples.length, warmup: false, ok: true, metrics: { [metric]: ms } })
        // The inside times come from requests of their own (one sample each), right after the round's loop.
        const timed = inside && !loop.error ? await insideTimes(instance, scenario.input, iterations, inside.repeat, signal) : { insideMs: [] }
        for (const t of timed.insideMs) {
          const metrics = { [inside!.metric]: t.callMs, ...(t.cpuMs !== undefined ? { [inside!.cpuMetric]: t.cpuMs } : {}) }
          outcome.samples.push({ index: outcome.samples.length, warmup: false, ok: true, metrics })
        }
        const error = loop.error ?? timed.error
        if (error) {
          outcome.samples.push({ index: outcome.samples.length, warmup: false, ok: false, error, metrics: {} })
          live.delete(runtime.name)
          await stopLive(instance)
        }
        onProgress(`${scenario.name} [${runtime.name}]`, (done += iterations), scenario.runs * runtimes.length)
      }
    }
    return { runtimes: outcomes, interrupted: signal.aborted, settings }
  } finally {
    await Promise.all([...live.values()].map(stopLive))
  }
}

/** warm-invoke: latency of one request on a live instance (tinybench drives the loop). */
export const warmInvoke: MeasureModule = {
  measure: 'warm-invoke',
  needs: ['workload'],
  description: 'one request on a live instance, request written → response back (tinybench loop, runtimes take turns)',
  tables: (analysis) => latencyTables(analysis, 'warm_invoke_ms', warmInvoke.description),
  run: (input) => measureWarm(input, 'warm_invoke_ms'),
}
