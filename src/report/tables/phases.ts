/** Pure: the `--phases` table: each runtime's cold start phase by phase (medians with 95% CIs), then teardown. */
import { findSummary } from '../../analysis/index.js'
import { formatMs } from '../../format.js'
import type { RuntimeResult, ScenarioResult } from '../../result.js'
import { medianWithCi } from '../cells.js'
import type { TableView } from '../table-model.js'

const PHASE = /^phase_(.+)_ms$/

/** The sandbox-side phases, read on the sandbox's clock, in the order they happen. */
const SANDBOX_PHASES = [
  ['sandbox_boot_ms', 'sandbox boot*', 'start decision → its first line'],
  ['sandbox_load_ms', 'sandbox load*', '→ workload loaded'],
  ['sandbox_return_ms', 'sandbox return*', 'answer written → read'],
] as const

/** The sandbox_* rows of one runtime: medians, or `unavailable` with why (a clock not shared). */
function sandboxCells(runtime: RuntimeResult, coldMedian: number): string[][] {
  const measured = runtime.samples.filter((sample) => sample.ok && !sample.warmup)
  const why = measured.find((sample) => sample.sandboxUnavailable !== undefined)?.sandboxUnavailable
  const rows: string[][] = []
  for (const [metric, label, span] of SANDBOX_PHASES) {
    const summary = findSummary(runtime.summaries, metric)
    if (summary) rows.push([label, medianWithCi(summary), `${((summary.median / coldMedian) * 100).toFixed(0)}% (${span})`])
  }
  if (why !== undefined) rows.push([rows.length === 0 ? 'sandbox phases*' : 'sandbox (some)*', 'unavailable', why])
  return rows
}

/** One row per runtime and phase, in the order the phases happen; teardown last, timed apart. */
export function phasesTable(scenario: ScenarioResult): TableView {
  const rows: TableView['rows'] = []
  for (const runtime of scenario.runtimes) {
    const cold = findSummary(runtime.summaries, 'cold_start_ms')
    if (!cold) continue
    const phases = runtime.summaries.filter((s) => PHASE.test(s.metric))
    const teardown = findSummary(runtime.summaries, 'teardown_ms')
    const cells = phases.map((s) => [PHASE.exec(s.metric)![1]!.replace(/_/g, ' '), medianWithCi(s), `${((s.median / cold.median) * 100).toFixed(0)}%`])
    cells.push(['= cold start', medianWithCi(cold), `100% (phase medians sum to ${formatMs(phases.reduce((sum, s) => sum + s.median, 0))})`])
    if (teardown) cells.push(['teardown (apart)', medianWithCi(teardown), ''])
    cells.push(...sandboxCells(runtime, cold.median))
    cells.forEach((row, i) => rows.push({ cells: [i === 0 ? runtime.runtime : '', ...row] }))
  }
  return {
    title: `${scenario.name}: cold start phase by phase (teardown timed apart, not part of the cold start)`,
    spaced: true,
    header: ['runtime', 'phase', 'median ms [95% CI]', 'share of cold start'],
    align: ['left', 'left', 'right', 'right'],
    rows,
    notes: ['* sandbox-reported (a workload could forge them): read inside the sandbox on a clock it shares with the harness (CLOCK_MONOTONIC; deno and workerd: the wall clock, mapped onto it), beside the harness phases, not part of their sum; unavailable where the clock is not shared (a skew check per start)'],
    compact: true,
  }
}
