/**
 * memory: the idle footprint per instance, in every view. N instances of a runtime are started
 * one after another and kept alive. Each one's own views (RSS/PSS of its processes, cgroup, V8
 * heap, the harness's RSS growth for in-process runtimes) are read right after its first response.
 *
 * The host view is the drop in MemAvailable per live instance. Two things blur it: the kernel folds
 * its per-CPU counters into MemAvailable only every vm.stat_interval (1 s by default), and on a
 * shared machine other people's work moves it by tens of MiB a second. So instances are started in
 * BATCHES batches of N/BATCHES; after each batch the harness brings the counters up to date
 * (settleCounters: vm.stat_refresh as root, else a wait past vm.stat_interval) and reads
 * MemAvailable: one `memory_host_bytes` value per batch (drop over the batch ÷ its size), whose
 * median and CI resist a neighbour's burst. The least-squares slope of the cumulative drop over N
 * is kept too (`details.hostSlopeBytes`).
 */
import { errorLine } from '../../errors.js'
import type { Sample } from '../../result.js'
import type { Instance } from '../../runtimes/types.js'
import { leastSquaresSlope } from '../../analysis/stats/regression.js'
import { memoryMetrics } from '../cold-start.js'
import { defaultMemoryBudgetMb, quietBaselineBytes, readMemAvailableBytes, settleCounters } from '../host-memory.js'
import { startLive, stopMany } from '../instances.js'
import { countFor } from '../per-runtime.js'
import { outcomesFor, type MeasureModule } from './types.js'
import { memoryTables } from '../../report/tables/memory.js'

const MIB = 1024 * 1024

/**
 * Default live instances per runtime: enough that a batch (N/10) moves MemAvailable well past a
 * shared machine's noise, few enough to fit a shared limit or a slow start (isolate:context shares
 * one isolate's memoryLimit; docker:runsc starts slowly). The figures behind each: docs/measurement-notes.md.
 */
export const DEFAULT_MEMORY_INSTANCES: Record<string, number> = { isolate: 1000, 'isolate:context': 500, process: 40, docker: 30, 'docker:runsc': 10, qemu: 3, '*': 10 }
/** Host readings per runtime (each after a batch of instances). */
export const BATCHES = 10

/** The memory measure. */
export const memory: MeasureModule = {
  measure: 'memory',
  needs: ['workload'],
  description: 'idle footprint per live instance, by view',
  tables: (analysis) => memoryTables(analysis, memory.description),
  async run({ scenario, runtimes, workload, ctx, signal, onProgress }) {
    const outcomes = outcomesFor(runtimes)
    const counts = Object.fromEntries(runtimes.map((r) => [r.name, countFor(scenario.instances, r.name, DEFAULT_MEMORY_INSTANCES)]))
    const budgetMb = scenario.memoryBudgetMb ?? defaultMemoryBudgetMb(await readMemAvailableBytes())
    const settings = { instances: counts, batches: BATCHES, counterSettle: 'none' as string, memoryBudgetMb: budgetMb, limits: ctx.limits }
    const total = Object.values(counts).reduce((a, b) => a + b, 0)
    let done = 0
    for (const runtime of runtimes) {
      const outcome = outcomes.get(runtime.name)!
      const n = counts[runtime.name]!
      const batch = Math.max(1, Math.floor(n / BATCHES))
      const live: Instance[] = []
      const points: Array<[number, number]> = [[0, 0]]
      try {
        await runtime.quiesce?.(ctx)
        const baseBytes = await quietBaselineBytes()
        let last: [number, number] = [0, 0]
        for (let i = 1; i <= n; i++) {
          if (signal.aborted) return { runtimes: outcomes, interrupted: true, settings }
          if (last[1] > budgetMb * MIB) break // a heavy runtime (a VM) must not eat a shared machine
          const sample: Sample = { index: i - 1, warmup: false, ok: true, metrics: {} }
          try {
            const started = await startLive(runtime, workload, scenario.input, ctx)
            live.push(started.instance)
            outcome.output ??= started.output
            sample.metrics = { start_ms: started.startMs, ...memoryMetrics(await started.instance.memory()) }
          } catch (error) {
            Object.assign(sample, { ok: false, error: errorLine(error) })
          }
          if (i % batch === 0 || i === n) {
            settings.counterSettle = await settleCounters()
            const drop = baseBytes - (await readMemAvailableBytes())
            if (live.length > last[0]) sample.metrics.memory_host_bytes = (drop - last[1]) / (live.length - last[0])
            points.push([live.length, drop])
            last = [live.length, drop]
          }
          outcome.samples.push(sample)
          onProgress(`${scenario.name} [${runtime.name}]`, ++done, total)
        }
        const slope = leastSquaresSlope(points)
        outcome.details = { instances: live.length, batch, hostDropBytes: last[1], hostSlopeBytes: Number.isFinite(slope) ? slope : null, points }
      } finally {
        await stopMany(live)
      }
    }
    return { runtimes: outcomes, interrupted: false, settings }
  },
}
