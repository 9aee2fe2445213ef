/**
 * hardening: what each protection costs at cold start. Per round and runtime, one cold start with
 * every hardening in force (`hardening_all_ms`) and one with each hardening that applies to the
 * runtime relaxed alone (`hardening_relax_<name>_ms`, relaxations of src/runtimes/hardening.ts),
 * interleaved, the variant order rotated each round so that drift favours none. A hardening the
 * user relaxed with --relax stays relaxed in every variant and is not measured. The costs and
 * their CIs are computed in analysis/hardening.ts.
 */
import type { Sample } from '../../result.js'
import { relaxationsFor, type Relaxation } from '../../runtimes/hardening.js'
import { HARDENED_METRIC, relaxedMetric } from '../../analysis/hardening.js'
import { coldStartOnce } from '../cold-start.js'
import { withLimits } from '../instances.js'
import { outcomesFor, type MeasureModule } from './types.js'
import { hardeningTables } from '../../report/tables/hardening.js'

/** The variants of a round: all in force (null), then each relaxation alone, rotated by `round`. */
export function variantsOf(relaxations: readonly Relaxation[], round: number): (Relaxation | null)[] {
  const all: (Relaxation | null)[] = [null, ...relaxations]
  const shift = round % all.length
  return [...all.slice(shift), ...all.slice(0, shift)]
}

/** The hardening measure. */
export const hardening: MeasureModule = {
  measure: 'hardening',
  needs: ['workload'],
  description: 'cold start with every hardening in force, then with each relaxed alone: each hardening\'s cost = median(all) − median(that one relaxed)',
  tables: (analysis) => hardeningTables(analysis, hardening.description),
  async run({ scenario, runtimes, workload, ctx, signal, onProgress }) {
    const base = ctx.limits.relax ?? []
    const measured = new Map(runtimes.map((runtime) => [runtime.name, relaxationsFor(runtime.name).filter((r) => !base.includes(r))]))
    const settings = { runs: scenario.runs, warmup: scenario.warmup, limits: ctx.limits, relaxations: Object.fromEntries(measured) }
    const outcomes = outcomesFor(runtimes)
    const total = (scenario.warmup + scenario.runs) * runtimes.reduce((sum, r) => sum + measured.get(r.name)!.length + 1, 0)
    let done = 0
    for (let index = 0; index < scenario.warmup + scenario.runs; index++) {
      for (const runtime of runtimes) {
        for (const relaxation of variantsOf(measured.get(runtime.name)!, index)) {
          if (signal.aborted) return { runtimes: outcomes, interrupted: true, settings }
          const variantCtx = withLimits(ctx, { relax: relaxation ? [...base, relaxation] : [...base] })
          const sample = await coldStartOnce(runtime, workload, scenario.input, variantCtx)
          if (signal.aborted) return { runtimes: outcomes, interrupted: true, settings }
          const metric = relaxation ? relaxedMetric(relaxation) : HARDENED_METRIC
          const recorded: Sample = sample.ok
            ? { index, warmup: index < scenario.warmup, ok: true, metrics: { [metric]: sample.metrics.cold_start_ms! } }
            : { index, warmup: index < scenario.warmup, ok: false, error: `${relaxation ? `${relaxation} relaxed` : 'all in force'}: ${sample.error}`, metrics: {} }
          outcomes.get(runtime.name)!.samples.push(recorded)
          onProgress(`${scenario.name} [${runtime.name}]`, ++done, total)
        }
      }
    }
    return { runtimes: outcomes, interrupted: false, settings }
  },
}
