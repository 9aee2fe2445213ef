import type { Instance, Runtime, RunContext, Workload } from '../runtimes/types.js'
import { track, untrack } from './live.js'

/** A started instance that answered its first request. */
export interface LiveInstance {
  instance: Instance
  /** Start decision → first response, in ms (a cold start beside whatever else is alive). */
  startMs: number
  output: unknown
}

/** Starts an instance and waits for its first response; tracked, so an interrupt stops it. */
export async function startLive(runtime: Runtime, workload: Workload, input: unknown, ctx: RunContext): Promise<LiveInstance> {
  const t0 = ctx.now()
  const instance = await runtime.start(workload, ctx)
  track(instance)
  try {
    const output = await instance.invoke(input)
    return { instance, startMs: ctx.now() - t0, output }
  } catch (error) {
    await stopLive(instance)
    throw error
  }
}

/** Starts an instance without invoking it; tracked. */
export async function startTracked(runtime: Runtime, workload: Workload, ctx: RunContext): Promise<Instance> {
  const instance = await runtime.start(workload, ctx)
  track(instance)
  return instance
}

/** Stops a tracked instance (never rejects). */
export async function stopLive(instance: Instance): Promise<void> {
  await instance.stop().catch(() => {})
  untrack(instance)
}

/** Stops many instances, a batch at a time (so 50 container removals do not swamp the daemon). */
export async function stopMany(instances: Instance[], batch = 16): Promise<void> {
  for (let i = 0; i < instances.length; i += batch) await Promise.all(instances.slice(i, i + batch).map(stopLive))
}

/** A context whose limits are changed for the instances started with it. */
export function withLimits(ctx: RunContext, limits: Partial<RunContext['limits']> | undefined): RunContext {
  return limits ? { ...ctx, limits: { ...ctx.limits, ...limits } } : ctx
}
