/**
 * Pure: the cpu table: per runtime, the CPU time of the handler's call read inside the sandbox and
 * its ratio to the reference (what the parity claim uses) with the precision reached, beside the
 * call's wall time inside and the round trip the harness saw.
 */
import { comparisonOf, outputNotes, type ScenarioAnalysis } from '../../analysis/index.js'
import type { MetricComparison, RuntimeMetricRow } from '../../analysis/ratios.js'
import { ratioPrecisions } from '../../analysis/precision.js'
import { findSummary } from '../../analysis/summaries.js'
import { ratioWithCi, summaryWithCi } from '../cells.js'
import { failureNotes, figureColumns, unmeasuredRow, type TableView } from '../table-model.js'
import { measureHeading } from './heading.js'
import { latencyTables } from './latency.js'

/** The metrics: CPU time used during the call and its wall time, both read inside; the round trip the harness saw. */
const CPU_TIME = 'cpu_usage_ms'
const INSIDE = 'cpu_inside_ms'
const ROUND_TRIP = 'cpu_call_ms'

/** A ratio cell: the reference's 1.00x, a ratio with its CI, or a dash. */
const ratioCell = (row: RuntimeMetricRow | undefined) => (!row ? '–' : row.reference || !row.ratioCi ? '1.00x' : ratioWithCi(row.ratio, row.ratioCi))

/** The cpu tables; a result without inside times (recorded before they existed) gets the round-trip table alone. */
export function cpuTables(analysis: ScenarioAnalysis, description: string): TableView[] {
  const { scenario } = analysis
  if (!scenario.runtimes.some((runtime) => findSummary(runtime.summaries, INSIDE))) return latencyTables(analysis, ROUND_TRIP, description)
  const [cpuTime, inside, trip] = [CPU_TIME, INSIDE, ROUND_TRIP].map((metric) => comparisonOf(analysis, metric)) as [MetricComparison, MetricComparison, MetricComparison]
  const precision = new Map(ratioPrecisions(cpuTime).map((p) => [p.runtime, p.halfWidth]))
  const header = ['runtime', 'n', 'CPU time ms*\n[95% CI]', `vs ${cpuTime.referenceLabel}\n[95% CI]`, 'ratio\nresolved to', 'inside ms*\n[95% CI]', `vs ${inside.referenceLabel}\n[95% CI]`, 'round trip ms\n[95% CI]', `vs ${trip.referenceLabel}\n[95% CI]`]
  const rows = scenario.runtimes.map((runtime) => {
    const [cpuRow, insideRow, tripRow] = [cpuTime, inside, trip].map((c) => c.rows.find((r) => r.runtime === runtime.runtime))
    if (!insideRow && !tripRow) return unmeasuredRow(runtime)
    const resolved = precision.get(runtime.runtime)
    const cell = (row: RuntimeMetricRow | undefined, metric: string) => (row ? summaryWithCi(runtime, metric) : '–')
    return {
      cells: [
        runtime.runtime,
        String(insideRow?.summary.n ?? tripRow?.summary.n ?? 0),
        cell(cpuRow, CPU_TIME),
        ratioCell(cpuRow),
        resolved === undefined ? (cpuRow?.reference ? 'reference' : '–') : `±${(resolved * 100).toFixed(1)}%`,
        cell(insideRow, INSIDE),
        ratioCell(insideRow),
        cell(tripRow, ROUND_TRIP),
        ratioCell(tripRow),
      ],
    }
  })
  const repeat = (scenario.settings as { insideRepeat?: number } | undefined)?.insideRepeat
  const notes = [
    `* read inside the sandbox just before and after the call, sandbox-reported${repeat ? `; each request calls the handler ${repeat} times and keeps the fastest` : ''}. CPU time: what the sandbox's process used during the call (process.cpuUsage / Deno.cpuUsage; isolate, vm and wasm: the harness's, which runs them; workerd: the workerd process's during the whole request, its HTTP handling too, read by the harness from the kernel's schedstat and divided by the calls: a mean, not the fastest), which preemption by other work on the machine does not inflate: the cpu-parity claim uses it. inside: the call's wall time (node and deno bootstraps; isolate, vm and wasm: the harness around the call; workerd: Date.now(), whole ms). vm and wasm run on the harness's own thread, so a pause of the harness counts against them; the isolate's includes the hop to isolated-vm's thread`,
    'ratio resolved to: the larger side of the CPU-time ratio\'s 95% CI; a 10% difference is resolved where it is below ±10%',
  ]
  return [{ title: measureHeading(scenario, description, true), spaced: true, header, align: figureColumns(header.length), rows, notes: [...notes, ...failureNotes(scenario.runtimes), ...outputNotes(analysis.outputs)] }]
}
