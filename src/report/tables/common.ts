/** Pieces the per-measure tables share (on top of ../cells.ts). Pure. */
import { formatMs } from '../../format.js'
import type { RuntimeResult, ScenarioResult } from '../../result.js'
import { wrap } from '../cells.js'
import { findSummary } from '../summaries.js'

export { newTable, type TableOptions } from '../cells.js'

/** The row of a runtime that was not measured: why, across the remaining columns. */
export function unmeasuredRow(runtime: RuntimeResult, columns: number): [string, { colSpan: number; content: string }] {
  const why = runtime.status === 'skipped' ? `skipped: ${runtime.reason}; ${runtime.fix}` : `failed: ${runtime.reason ?? 'no successful sample'}`
  return [runtime.runtime, { colSpan: columns - 1, content: wrap(why, 90) }]
}

/** `1.23\n[1.10–1.41]`: a metric's median with its 95% CI (from the summary), in any unit. */
export function summaryWithCi(runtime: RuntimeResult, metric: string, format: (n: number) => string = formatMs): string {
  const summary = findSummary(runtime.summaries, metric)
  if (!summary || summary.n === 0) return '–'
  const ci = summary.medianCi
  return ci && Number.isFinite(ci.low) ? `${format(summary.median)}\n[${format(ci.low)}–${format(ci.high)}]` : format(summary.median)
}

/** Lines noting the failed samples of each runtime (first error). */
export function failureNotes(scenario: ScenarioResult): string[] {
  const notes: string[] = []
  for (const runtime of scenario.runtimes) {
    const failed = runtime.samples.filter((s) => !s.ok)
    if (failed.length > 0) notes.push(`  ${runtime.runtime}: ${failed.length} sample(s) failed, first: ${failed[0]!.error}`)
  }
  return notes
}
