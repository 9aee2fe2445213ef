/**
 * The cold-start scheduler: warm-up samples first, then measured ones, with the runtimes interleaved
 * run by run (A B C A B C ...) so that machine drift favours none of them. Other measures reach the
 * adapters through instances.ts, warm-loop.ts and their own kinds/ module.
 */
import type { Sample } from '../result.js'
import type { Runtime, RunContext, Workload } from '../runtimes/types.js'
import { coldStartOnce } from './cold-start.js'

export interface ScheduleProgress {
  runtime: string
  done: number
  total: number
}

export interface ScheduleOptions {
  runtimes: Runtime[]
  workload: Workload
  input: unknown
  runs: number
  warmup: number
  ctx: RunContext
  signal?: AbortSignal
  onProgress?: (progress: ScheduleProgress) => void
  /** Called after each round (one sample of every runtime) with the samples so far; awaited. */
  onRound?: (partial: ScheduleResult) => Promise<void>
}

/** Samples of each runtime, keyed by name, plus the first output each one answered. */
export interface ScheduleResult {
  samples: Map<string, Sample[]>
  outputs: Map<string, unknown>
  interrupted: boolean
}

/** A runtime's warm-up and measured runs: the scenario's, or fewer where the runtime caps them (sampleCap). Pure. */
export function samplePlan(runtime: Pick<Runtime, 'sampleCap'>, runs: number, warmup: number): { runs: number; warmup: number } {
  const cap = runtime.sampleCap
  return cap ? { runs: Math.min(runs, cap.runs), warmup: Math.min(warmup, cap.warmup) } : { runs, warmup }
}

/** Runs warm-up + measured cold starts, interleaved (each runtime its own count), until done or aborted. */
export async function scheduleColdStarts(options: ScheduleOptions): Promise<ScheduleResult> {
  const { runtimes, workload, input, runs, warmup, ctx, signal } = options
  const samples = new Map<string, Sample[]>(runtimes.map((runtime) => [runtime.name, []]))
  const outputs = new Map<string, unknown>()
  const plan = new Map(runtimes.map((runtime) => [runtime, samplePlan(runtime, runs, warmup)]))
  const total = [...plan.values()].reduce((sum, p) => sum + p.warmup + p.runs, 0)
  let done = 0
  for (let index = 0; index < warmup + runs; index++) {
    for (const runtime of runtimes) {
      const own = plan.get(runtime)!
      if (index >= own.warmup + own.runs) continue // a capped runtime has taken all its samples
      if (signal?.aborted) return { samples, outputs, interrupted: true }
      const sample = await coldStartOnce(runtime, workload, input, ctx)
      await runtime.settle?.() // untimed background work (a pool's refill) ends before the next measurement
      if (signal?.aborted) return { samples, outputs, interrupted: true } // the sample was cut short
      const { output, ...rest } = sample
      if (rest.ok && !outputs.has(runtime.name)) outputs.set(runtime.name, output)
      samples.get(runtime.name)!.push({ index, warmup: index < own.warmup, ...rest })
      options.onProgress?.({ runtime: runtime.name, done: ++done, total })
    }
    await options.onRound?.({ samples, outputs, interrupted: false })
  }
  return { samples, outputs, interrupted: false }
}
