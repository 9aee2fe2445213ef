/**
 * Cold start: from the scheduler's decision to start an instance (t0, just before start()) to the
 * handler's first response arriving back in the harness. Phases come from the adapter; the first
 * response phase is the time from start() returning to that response. Teardown is timed apart.
 */
import { sandboxPhases } from '../analysis/sandbox-phases.js'
import { errorLine } from '../errors.js'
import type { Sample } from '../result.js'
import type { Instance, MemoryReading, Runtime, RunContext, Workload } from '../runtimes/types.js'
import { toMonotonic } from './clock.js'
import { track, untrack } from './live.js'

/** The memory metrics a reading maps to, named by view and unit. */
export function memoryMetrics(reading: MemoryReading): Record<string, number> {
  const metrics: Record<string, number> = {}
  const put = (name: string, value: number | undefined) => {
    if (value !== undefined && Number.isFinite(value)) metrics[name] = value
  }
  put('memory_rss_bytes', reading.rssBytes)
  put('memory_pss_bytes', reading.pssBytes)
  put('memory_rss_growth_bytes', reading.rssGrowthBytes)
  put('memory_cgroup_bytes', reading.cgroupBytes)
  put('memory_guest_rss_bytes', reading.guestRssBytes)
  put('memory_heap_bytes', reading.heapBytes)
  put('memory_external_bytes', reading.externalBytes)
  put('memory_linear_bytes', reading.linearMemoryBytes)
  put('memory_shim_rss_bytes', reading.shimRssBytes)
  put('memory_shim_pss_bytes', reading.shimPssBytes)
  put('memory_shared_heap_bytes', reading.sharedHeapBytes)
  put('memory_pool_bytes', reading.poolBytes)
  return metrics
}

/**
 * The sandbox_* phases of a cold start (sandbox-reported: analysis/metrics.ts), or why they are
 * unavailable; nothing for a runtime that reports no sandbox times.
 */
function sandboxMetrics(instance: Instance, startAt: number, readyAt: number, firstAt: number): { metrics?: Record<string, number>; why?: string } {
  const times = instance.sandboxTimes?.()
  if (!times) return {}
  const marks = {
    bootAt: toMonotonic(times.clock, times.bootAt),
    loadedAt: toMonotonic(times.clock, times.loadedAt),
    answerAt: toMonotonic(times.clock, times.answerAt),
    resolutionMs: times.resolutionMs,
  }
  const result = sandboxPhases({ startAt, readyAt, sentAt: readyAt, firstAt }, marks)
  if (!result.ok) return { why: result.why }
  return { metrics: result.phases as Record<string, number>, ...(times.missing ? { why: times.missing } : {}) }
}

/** One cold start of a workload in a runtime, torn down before it returns. Never throws. */
export async function coldStartOnce(
  runtime: Runtime,
  workload: Workload,
  input: unknown,
  ctx: RunContext,
): Promise<Omit<Sample, 'index' | 'warmup'> & { output?: unknown }> {
  const metrics: Record<string, number> = {}
  let instance: Instance | undefined
  let output: unknown
  let error: string | undefined
  let sandboxUnavailable: string | undefined
  const t0 = ctx.now()
  try {
    instance = await runtime.start(workload, ctx)
    track(instance)
    const tReady = ctx.now()
    output = await instance.invoke(input)
    const tFirst = ctx.now()
    metrics.cold_start_ms = tFirst - t0
    for (const phase of instance.startPhases) metrics[`phase_${phase.name}_ms`] = phase.ms
    metrics.phase_first_response_ms = tFirst - tReady
    const sandbox = sandboxMetrics(instance, t0, tReady, tFirst)
    Object.assign(metrics, sandbox.metrics)
    sandboxUnavailable = sandbox.why
    Object.assign(metrics, memoryMetrics(await instance.memory()))
  } catch (caught) {
    error = errorLine(caught)
  } finally {
    if (instance) {
      const tStop = ctx.now()
      await instance.stop()
      metrics.teardown_ms = ctx.now() - tStop
      untrack(instance)
    }
  }
  const note = sandboxUnavailable === undefined ? {} : { sandboxUnavailable }
  return error === undefined ? { ok: true, metrics, output, ...note } : { ok: false, error, metrics }
}
