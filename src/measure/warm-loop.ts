/**
 * Warm latency on a live instance, driven by tinybench: one task that calls invoke(input), run for
 * an exact number of iterations (time budget 0) after its own warm-up iterations, timed with the
 * harness's one monotonic clock. Each retained tinybench latency sample is one invoke: request
 * written → response parsed back in the harness.
 */
import { Bench } from 'tinybench'
import { errorLine } from '../errors.js'
import type { Clock, Instance } from '../runtimes/types.js'

/** How many iterations, and the clock and signal to use. */
export interface WarmLoopOptions {
  iterations: number
  warmupIterations: number
  now: Clock
  signal?: AbortSignal
}

/** Latencies in ms (tinybench returns them sorted), or the error that stopped the loop. */
export async function warmLatencies(instance: Instance, input: unknown, options: WarmLoopOptions): Promise<{ latenciesMs: number[]; error?: string }> {
  // A signal of its own per loop: tinybench listens on it, and the run's signal outlives many loops.
  const local = new AbortController()
  const forward = () => local.abort()
  options.signal?.addEventListener('abort', forward, { once: true })
  const bench = new Bench({
    now: options.now,
    iterations: options.iterations,
    time: 0,
    warmup: options.warmupIterations > 0,
    warmupIterations: options.warmupIterations,
    warmupTime: 0,
    retainSamples: true,
    throws: false,
    signal: local.signal,
  })
  bench.add('invoke', async () => {
    await instance.invoke(input)
  })
  const [task] = await bench.run().finally(() => options.signal?.removeEventListener('abort', forward))
  const result = task!.result
  if (result.state === 'errored') return { latenciesMs: [], error: errorLine(result.error) }
  if (result.state === 'completed' || result.state === 'aborted-with-statistics') return { latenciesMs: [...(result.latency.samples ?? [])] }
  return { latenciesMs: [], error: `the loop did not complete (${result.state})` }
}

/** One request's handler times read inside: wall time and, where the sandbox reads it, CPU time. */
export interface InsideTime {
  callMs: number
  cpuMs?: number
}

/**
 * The handler's times read inside the sandbox (Instance.sandboxTimes()) over `count` requests,
 * each calling it `repeat` times where the instance honours it (the fastest of them), or the error
 * that stopped them. Empty where the instance reports no inside time.
 */
export async function insideTimes(instance: Instance, input: unknown, count: number, repeat: number, signal?: AbortSignal): Promise<{ insideMs: InsideTime[]; error?: string }> {
  const insideMs: InsideTime[] = []
  for (let i = 0; i < count && !signal?.aborted; i++) {
    try {
      await instance.invoke(input, instance.repeats ? { repeat } : undefined)
    } catch (error) {
      return { insideMs, error: errorLine(error) }
    }
    const times = instance.sandboxTimes?.()
    if (times?.callMs === undefined) return { insideMs }
    insideMs.push({ callMs: times.callMs, ...(times.cpuMs !== undefined ? { cpuMs: times.cpuMs } : {}) })
  }
  return { insideMs }
}
