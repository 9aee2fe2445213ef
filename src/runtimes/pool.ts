/**
 * A warm pool around any runtime (`--pool N`, rows named `<runtime>+pool`): N instances of the
 * workload are started ahead (in prepareWorkload, untimed), so a cold start becomes taking one from the
 * pool, which is what serverless platforms do to hide cold starts.
 * Start = take (hand over a started instance). The first response is timed by the caller as
 * for every runtime. The taken instance is replaced once it is stopped, in the background and
 * untimed; `settle()` (called by the scheduler between samples) waits for that refill so it never
 * overlaps a measurement. A start that finds the pool empty (a workload it was not prepared for)
 * is a real cold start, reported as the phase `miss`.
 * Memory: `poolBytes` = what the N instances the pool holds cost, each measured right after it
 * started (its own processes' RSS; for in-process runtimes the harness RSS growth its start caused,
 * which is also what the taken instance reports as its own growth: the harness grew by the later
 * pool instances while it waited).
 */
import type { Availability, Instance, Limits, MemoryReading, Phase, Runtime, RunContext, SandboxTimes, Workload } from './types.js'

/** The suffix of a pooled runtime's name. */
export const POOL_SUFFIX = '+pool'

/** A started instance kept warm, with what it cost when it started. */
interface Warm {
  instance: Instance
  costBytes: number
}

/** What one instance costs, by the view its runtime has (own processes, or harness growth when in-process). */
function costOf(reading: MemoryReading): number {
  return reading.rssBytes ?? reading.rssGrowthBytes ?? 0
}

/** The inner runtime's availability, with the pool's size and note added (its caveat, e.g. vm's, holds for its pool too). */
async function probePooled(inner: Runtime, size: number): Promise<Availability> {
  const probe = await inner.probe()
  if (!probe.available) return probe
  const note = `a pool of ${size} instances started ahead; cold start = taking one (refilled between samples, untimed); pool holds = the memory of the ${size}`
  return { available: true, info: { ...probe.info, details: { ...probe.info.details, poolSize: size }, note: probe.info.note ? `${probe.info.note}; ${note}` : note } }
}

/** A warm instance's sandbox times without its start marks (they precede the start decision): only the calls' inside times. */
function callTimesOnly(times: SandboxTimes): SandboxTimes {
  const { clock, source, resolutionMs, callMs, cpuMs } = times
  return { clock, source, resolutionMs, callMs, cpuMs, missing: 'the instance was started ahead of the start decision (a warm pool): only its calls are timed inside' }
}

/** The instance a start hands over: the warm one, whose memory adds the pool's; stopping it asks for a refill. */
function pooledInstance(warm: Warm, phase: Phase, idle: () => Warm[], onStop: () => void): Instance {
  let stopped = false
  return {
    startPhases: [phase],
    invoke: (input, options) => warm.instance.invoke(input, options),
    repeats: warm.instance.repeats,
    // Its calls are timed inside as the inner runtime times them; its boot and load happened before the start decision.
    ...(warm.instance.sandboxTimes ? { sandboxTimes: () => callTimesOnly(warm.instance.sandboxTimes!()) } : {}),
    async memory() {
      const poolBytes = idle().reduce((sum, other) => sum + other.costBytes, warm.costBytes)
      const reading = await warm.instance.memory()
      // In-process: the harness grew by the later pool instances too; this instance's own growth is its cost at start.
      if (reading.rssGrowthBytes !== undefined) reading.rssGrowthBytes = warm.costBytes
      return { ...reading, poolBytes }
    },
    async stop() {
      if (stopped) return
      stopped = true
      await warm.instance.stop()
      onStop()
    },
  }
}

/** Wraps a runtime in a warm pool of `size` instances per workload. */
export function createPooledRuntime(inner: Runtime, size: number): Runtime {
  const pools = new Map<string, Warm[]>()
  let refilling: Promise<void> = Promise.resolve()
  let stopping = false

  const startWarm = async (workload: Workload, ctx: RunContext): Promise<Warm> => {
    const instance = await inner.start(workload, ctx)
    try {
      return { instance, costBytes: costOf(await instance.memory()) }
    } catch (error) {
      await instance.stop()
      throw error
    }
  }
  /** Starts instances one by one until the workload's pool is full (never two at once: each cost is its own). */
  const fill = async (workload: Workload, ctx: RunContext) => {
    const idle = pools.get(workload.source) ?? []
    pools.set(workload.source, idle)
    while (!stopping && idle.length < size) idle.push(await startWarm(workload, ctx))
  }
  /** Queues a refill behind any running one; a failure is left for the next start to meet for real. */
  const refill = (workload: Workload, ctx: RunContext) => {
    refilling = refilling.then(() => fill(workload, ctx)).catch(() => {})
  }

  return {
    name: `${inner.name}${POOL_SUFFIX}`,
    description: `${inner.name} behind a warm pool of ${size}: a cold start takes an instance started ahead`,
    ...(inner.channel ? { channel: inner.channel } : {}),
    probe: () => probePooled(inner, size),
    ...(inner.childLimits ? { childLimits: (limits: Limits) => inner.childLimits!(limits) } : {}),
    ...(inner.budgetUnavailable ? { budgetUnavailable: () => inner.budgetUnavailable!() } : {}),
    async prepare(ctx: RunContext) {
      stopping = false
      await inner.prepare?.(ctx)
    },
    async prepareWorkload(ctx: RunContext, workload: Workload) {
      stopping = false
      await inner.prepareWorkload?.(ctx, workload)
      try {
        await fill(workload, ctx)
      } catch (error) {
        const idle = pools.get(workload.source) ?? []
        pools.delete(workload.source)
        await Promise.all(idle.map((warm) => warm.instance.stop()))
        throw error
      }
    },
    async settle() {
      await inner.settle?.()
      await refilling
    },
    async cleanup(runId: string) {
      stopping = true
      await refilling
      const idle = [...pools.values()].flat()
      pools.clear()
      await Promise.all(idle.map((warm) => warm.instance.stop()))
      await inner.cleanup?.(runId)
    },
    async start(workload: Workload, ctx: RunContext): Promise<Instance> {
      const t0 = ctx.now()
      const taken = pools.get(workload.source)?.shift()
      const warm = taken ?? (await startWarm(workload, ctx))
      const phase = { name: taken ? 'take' : 'miss', ms: ctx.now() - t0 }
      return pooledInstance(warm, phase, () => pools.get(workload.source) ?? [], () => {
        if (!stopping) refill(workload, ctx)
      })
    },
  }
}
