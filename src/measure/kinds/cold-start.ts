import { scheduleColdStarts, type ScheduleResult } from '../scheduler.js'
import { outcomesFor, type MeasureModule } from './types.js'
import { coldStartTables } from '../../report/tables/cold-start.js'

/** cold-start: start decision → first response, a fresh instance per sample, runtimes interleaved. */
export const coldStart: MeasureModule = {
  measure: 'cold-start',
  needs: ['workload'],
  description: 'cold start = start decision → first response',
  tables: (analysis, options) => coldStartTables(analysis, coldStart.description, options),
  async run({ scenario, runtimes, workload, ctx, signal, onProgress, checkpoint }) {
    const settings = { runs: scenario.runs, warmup: scenario.warmup, limits: ctx.limits }
    const outcomesOf = (schedule: ScheduleResult) => {
      const outcomes = outcomesFor(runtimes)
      for (const [name, samples] of schedule.samples) outcomes.set(name, { samples: [...samples], output: schedule.outputs.get(name) })
      return outcomes
    }
    const schedule = await scheduleColdStarts({
      runtimes,
      workload,
      input: scenario.input,
      runs: scenario.runs,
      warmup: scenario.warmup,
      ctx,
      signal,
      onProgress: (p) => onProgress(`${scenario.name} [${p.runtime}]`, p.done, p.total),
      onRound: async (partial) => checkpoint?.({ runtimes: outcomesOf(partial), interrupted: false, settings }),
    })
    return { runtimes: outcomesOf(schedule), interrupted: schedule.interrupted, settings }
  },
}
