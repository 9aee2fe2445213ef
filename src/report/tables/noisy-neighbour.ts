/** noisy-neighbour: two rows per runtime (neighbour with and without limits). Pure. */
import { formatMs, formatRatio } from '../../format.js'
import { wrap } from '../cells.js'
import { findSummary, metricValues } from '../summaries.js'
import type { ScenarioResult } from '../../result.js'
import { medianRatioCi } from '../../stats/bootstrap.js'
import { failureNotes, newTable, summaryWithCi, unmeasuredRow, type TableOptions } from './common.js'

interface VariantDetails {
  limits?: { memoryMb: number; timeoutMs: number; cpus: number }
  neighbourStopped?: boolean
  stoppedBy?: string | null
  neighbourMs?: number | null
  victimAnswersAfter?: boolean
  victimError?: string | null
  error?: string
}

/** The noisy-neighbour table: victim latency alone and beside, what stopped the neighbour. */
export function renderNoisyTable(scenario: ScenarioResult, options: TableOptions): string {
  const head = ['runtime', 'neighbour\nlimits', 'victim alone\nms [95% CI]', 'victim beside\nms [95% CI], p99', 'change\n[95% CI]', 'neighbour stopped?\nby what', 'victim\nafter', 'harness']
  const table = newTable(head, options)
  for (const runtime of scenario.runtimes) {
    if (!runtime.details) {
      table.push(unmeasuredRow(runtime, head.length))
      continue
    }
    const alone = metricValues(runtime.samples, 'victim_alone_ms')
    const aloneMedian = findSummary(runtime.summaries, 'victim_alone_ms')?.median ?? Number.NaN
    for (const variant of ['limited', 'unlimited'] as const) {
      const d = (runtime.details[variant] ?? {}) as VariantDetails
      const metric = `victim_beside_${variant}_ms`
      const beside = metricValues(runtime.samples, metric)
      let change = '–'
      if (alone.length > 0 && beside.length > 0) {
        const ci = medianRatioCi(beside, alone)
        change = `${formatRatio(findSummary(runtime.summaries, metric)!.median / aloneMedian)}\n[${formatRatio(ci.low)}–${formatRatio(ci.high)}]`
      }
      const limits = d.limits ? `${variant}: ${d.limits.memoryMb} MiB,\n${d.limits.timeoutMs} ms${d.limits.cpus > 0 ? `, ${d.limits.cpus} CPU` : ''}` : variant
      const stopped = d.error
        ? wrap(`error: ${d.error}`, 30)
        : d.neighbourStopped
          ? `yes, after ${formatMs(d.neighbourMs ?? Number.NaN)} ms:\n${wrap(d.stoppedBy ?? '', 30)}`
          : `no${d.neighbourMs ? ` (finished in ${formatMs(d.neighbourMs)} ms)` : ' (still running)'}`
      table.push([
        variant === 'limited' ? runtime.runtime : '',
        limits,
        variant === 'limited' ? summaryWithCi(runtime, 'victim_alone_ms') : '',
        `${summaryWithCi(runtime, metric)}\np99 ${formatMs(findSummary(runtime.summaries, metric)?.p99 ?? Number.NaN)}`,
        change,
        stopped,
        d.victimAnswersAfter === undefined ? '–' : d.victimAnswersAfter ? 'answers' : 'DEAD',
        variant === 'limited' ? (runtime.details.harnessSurvived ? 'survived' : '–') : '',
      ])
    }
  }
  const deaths = scenario.runtimes.flatMap((runtime) => (['limited', 'unlimited'] as const).flatMap((variant) => {
    const d = runtime.details?.[variant] as VariantDetails | undefined
    return d?.victimError ? [`  ${runtime.runtime} (${variant}): the victim died beside the neighbour: ${d.victimError}`] : []
  }))
  return [table.toString(), ...failureNotes(scenario), ...(deaths.length ? ['victim deaths (a finding, not a fault):', ...deaths] : []), 'victim: a request due every 10 ms, alone, then while the neighbour runs; latency = due → response, so a wait (busy CPU, harness thread blocked by an in-process neighbour) counts; change = median beside ÷ median alone.'].join('\n')
}
