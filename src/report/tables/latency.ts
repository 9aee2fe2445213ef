/** warm-invoke and cpu: one row per runtime, latency of a request on a live instance, against the measure's reference. Pure. */
import { comparisonOf, outputNotes, type ScenarioAnalysis } from '../../analysis/index.js'
import { formatMs } from '../../format.js'
import { ratioWithCi, summaryWithCi } from '../cells.js'
import { failureNotes, figureColumns, unmeasuredRow, type TableView } from '../table-model.js'
import { measureHeading } from './heading.js'

/** The latency table of `metric`; the ratio column compares with the reference the analysis chose. */
export function latencyTables(analysis: ScenarioAnalysis, metric: string, description: string): TableView[] {
  const { scenario } = analysis
  const compared = comparisonOf(analysis, metric)
  const header = ['runtime', 'n', 'median ms\n[95% CI]', 'p95\nms', 'p99\nms', 'min\nms', 'max\nms', `vs ${compared.referenceLabel}\n[95% CI]`]
  const rows = scenario.runtimes.map((runtime) => {
    const row = compared.rows.find((r) => r.runtime === runtime.runtime)
    if (!row) return unmeasuredRow(runtime)
    const s = row.summary
    const ratio = row.reference || !row.ratioCi ? '1.00x' : ratioWithCi(row.ratio, row.ratioCi)
    return { cells: [runtime.runtime, String(s.n), summaryWithCi(runtime, metric), formatMs(s.p95), formatMs(s.p99), formatMs(s.min), formatMs(s.max), ratio] }
  })
  return [{ title: measureHeading(scenario, description, true), spaced: true, header, align: figureColumns(header.length), rows, notes: [...failureNotes(scenario.runtimes), ...outputNotes(analysis.outputs)] }]
}
