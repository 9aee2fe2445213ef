/** Pure: the `--phases` table: each runtime's cold start phase by phase (medians with 95% CIs), then teardown. */
import { formatMs } from '../format.js'
import type { ScenarioResult } from '../result.js'
import { medianWithCi, newTable, type TableOptions } from './cells.js'
import { findSummary } from './summaries.js'

const PHASE = /^phase_(.+)_ms$/

/** One row per runtime and phase, in the order the phases happen; teardown last, timed apart. */
export function renderPhasesTable(scenario: ScenarioResult, options: TableOptions = {}): string {
  const table = newTable(['runtime', 'phase', 'median ms [95% CI]', 'share of cold start'], { ...options, compact: true })
  for (const runtime of scenario.runtimes) {
    const cold = findSummary(runtime.summaries, 'cold_start_ms')
    if (!cold) continue
    const phases = runtime.summaries.filter((s) => PHASE.test(s.metric))
    const teardown = findSummary(runtime.summaries, 'teardown_ms')
    const rows = phases.map((s) => [PHASE.exec(s.metric)![1]!.replace(/_/g, ' '), medianWithCi(s), `${((s.median / cold.median) * 100).toFixed(0)}%`])
    rows.push(['= cold start', medianWithCi(cold), `100% (phase medians sum to ${formatMs(phases.reduce((sum, s) => sum + s.median, 0))})`])
    if (teardown) rows.push(['teardown (apart)', medianWithCi(teardown), ''])
    rows.forEach((row, i) => table.push([i === 0 ? runtime.runtime : '', ...row]))
  }
  return table.toString()
}
