/** warm-invoke and cpu: one row per runtime, latency of a request on a live instance. Pure. */
import { formatMs, formatRatio } from '../../format.js'
import type { RuntimeResult, ScenarioResult } from '../../result.js'
import { medianRatioCi } from '../../stats/bootstrap.js'
import { findSummary, metricValues } from '../summaries.js'
import { failureNotes, newTable, summaryWithCi, unmeasuredRow, type TableOptions } from './common.js'

/** A latency table of `metric`; the ratio column compares with `baseline` (or the fastest). */
export function renderLatencyTable(scenario: ScenarioResult, metric: string, options: TableOptions & { baseline?: string }): string {
  const medianOf = (runtime: RuntimeResult) => findSummary(runtime.summaries, metric)?.median ?? Number.NaN
  const measured = scenario.runtimes.filter((r) => Number.isFinite(medianOf(r)))
  const fastest = measured.reduce<RuntimeResult | undefined>((best, r) => (!best || medianOf(r) < medianOf(best) ? r : best), undefined)
  const reference = measured.find((r) => r.runtime === options.baseline) ?? fastest
  const label = reference === fastest && reference?.runtime !== options.baseline ? 'fastest' : reference?.runtime ?? ''
  const head = ['runtime', 'n', 'median ms\n[95% CI]', 'p95\nms', 'p99\nms', 'min\nms', 'max\nms', `vs ${label}\n[95% CI]`]
  const table = newTable(head, options)
  for (const runtime of scenario.runtimes) {
    const s = findSummary(runtime.summaries, metric)
    if (!s || !Number.isFinite(s.median)) {
      table.push(unmeasuredRow(runtime, head.length))
      continue
    }
    let ratio = '1.00x'
    if (runtime !== reference) {
      const ci = medianRatioCi(metricValues(runtime.samples, metric), metricValues(reference!.samples, metric))
      ratio = `${formatRatio(s.median / medianOf(reference!))}\n[${formatRatio(ci.low)}–${formatRatio(ci.high)}]`
    }
    table.push([runtime.runtime, String(s.n), summaryWithCi(runtime, metric), formatMs(s.p95), formatMs(s.p99), formatMs(s.min), formatMs(s.max), ratio])
  }
  return [table.toString(), ...failureNotes(scenario)].join('\n')
}
