/** cold-start: the measure module, a fresh instance per sample; with --precision each row stops on its own (analysis/stopping.ts). */
import { medianHalfWidth, stopReason, type StoppingRule } from '../../analysis/stopping.js'
import { metricValues } from '../../analysis/summaries.js'
import type { Sample } from '../../result.js'
import { scheduleRounds, singleArmGroups, type ScheduleResult, type ScheduleStopping } from '../scheduler.js'
import { outcomesFor, type MeasureModule } from './types.js'
import { coldStartTables } from '../../report/tables/cold-start.js'

/** The metric precision-driven stopping watches. */
export const STOPPING_METRIC = 'cold_start_ms'

/** --precision for one-arm rows: stop once the cold start median's 95% CI is within ±precision (or at a bound). */
export function medianStopping(rule: StoppingRule): ScheduleStopping {
  return {
    maxRuns: rule.maxRuns,
    check: (group, samples, state) => stopReason(rule, { ...state, halfWidth: medianHalfWidth(metricValues(samples.get(group.arms[0]!.key) ?? [], STOPPING_METRIC)) }),
  }
}

/** What a row records about its stop (details.stopping), with the half-width reached. */
export function stoppingDetails(rule: StoppingRule, stop: { reason: string; runs: number } | undefined, halfWidth: number): Record<string, unknown> | undefined {
  return stop && { stopping: { target: rule.precision, reason: stop.reason, runs: stop.runs, halfWidth } }
}

/** cold-start: start decision → first response, a fresh instance per sample, runtimes interleaved. */
export const coldStart: MeasureModule = {
  measure: 'cold-start',
  needs: ['workload'],
  description: 'cold start = start decision → first response',
  tables: (analysis, options) => coldStartTables(analysis, coldStart.description, options),
  async run({ scenario, runtimes, workload, ctx, signal, onProgress, checkpoint }) {
    const rule = scenario.precision
    const settings = { runs: scenario.runs, warmup: scenario.warmup, limits: ctx.limits, ...(rule ? { precision: rule } : {}) }
    const outcomesOf = (schedule: ScheduleResult) => {
      const outcomes = outcomesFor(runtimes)
      for (const [name, samples] of schedule.samples) {
        const details = rule && stoppingDetails(rule, schedule.stops.get(name), medianHalfWidth(metricValues(samples as Sample[], STOPPING_METRIC)))
        outcomes.set(name, { samples: [...samples], output: schedule.outputs.get(name), ...(details ? { details } : {}) })
      }
      return outcomes
    }
    const schedule = await scheduleRounds({
      groups: singleArmGroups(runtimes, workload, scenario.input, ctx),
      runs: scenario.runs,
      warmup: scenario.warmup,
      stopping: rule && medianStopping(rule),
      signal,
      onProgress: (p) => onProgress(`${scenario.name} [${p.runtime}]`, p.done, p.total),
      onRound: async (partial) => checkpoint?.({ runtimes: outcomesOf(partial), interrupted: false, settings }),
    })
    return { runtimes: outcomesOf(schedule), interrupted: schedule.interrupted, settings }
  },
}
