/** Pure: the `--phases` table: each runtime's cold start phase by phase (medians with 95% CIs), then teardown. */
import { findSummary } from '../../analysis/index.js'
import { formatMs } from '../../format.js'
import type { ScenarioResult } from '../../result.js'
import { medianWithCi } from '../cells.js'
import { figureColumns, type TableView } from '../table-model.js'

const PHASE = /^phase_(.+)_ms$/

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
    cells.forEach((row, i) => rows.push({ cells: [i === 0 ? runtime.runtime : '', ...row] }))
  }
  return {
    title: `${scenario.name}: cold start phase by phase (teardown timed apart, not part of the cold start)`,
    spaced: true,
    header: ['runtime', 'phase', 'median ms [95% CI]', 'share of cold start'],
    align: ['left', 'left', 'right', 'right'],
    rows,
    notes: [],
    compact: true,
  }
}
