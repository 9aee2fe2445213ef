/**
 * The analysis step, pure: a result's samples → everything the reports read (summaries with median
 * CIs, ratios against one reference per measure, precision notes, density series, condition changes,
 * claim verdicts). Run once after measuring and once on loading a saved result; renderers only read it.
 */
import type { RunResult, RuntimeResult, ScenarioResult } from '../result.js'
import { evaluateClaims } from './claims/evaluate.js'
import type { ClaimVerdict } from './claims/types.js'
import { densityOnlyMetrics, densitySeries, type DensitySeries } from './density.js'
import { analyseHosts, type HostComparison } from './hosts.js'
import { headlineMetric, latencyGroups, observerOf } from './metrics.js'
import { outputAgreement, outputNotes, type OutputAgreement } from './outputs.js'
import { groupedQualityNotes, qualityNotes } from './precision.js'
import { changeOf, compareRuntimes, type MetricComparison } from './ratios.js'
import { medianRatioCi, type Interval } from './stats/bootstrap.js'
import { findSummary, metricValues, scenarioMetrics, summarizeSamples } from './summaries.js'

export type { Interval } from './stats/bootstrap.js'
export { outputNotes, type OutputAgreement } from './outputs.js'
export { findSummary } from './summaries.js'
export type { HostComparison, HostCell } from './hosts.js'

/** A latency under one condition against the first condition of its group, in one runtime (`victim_beside_limited_ms` ÷ `victim_alone_ms`). */
export interface ConditionChange {
  runtime: string
  metric: string
  base: string
  ratio: number
  ci: Interval
}

/** Everything the reports show about one scenario. */
export interface ScenarioAnalysis {
  /** The scenario as recorded, its rows' summaries and ratio filled in. */
  scenario: ScenarioResult
  /** Every metric across the runtimes, in first-seen order, each against the measure's reference. */
  metrics: MetricComparison[]
  /** The metric the headline table and chart are about. */
  headline: string | undefined
  /** Precision of the cold-start medians, outliers and wide spreads (`warning:` lines first). */
  precision: string[]
  /** The same in at most two lines (the terminal's default; --verbose shows `precision`). */
  precisionGrouped: string[]
  density: DensitySeries
  /** Memory metrics only step samples carry: drawn on the density curve, not in the bars. */
  densityOnly: Set<string>
  changes: ConditionChange[]
  /** Whether the runtimes' first outputs are the same JSON value (cold-start, warm-invoke). */
  outputs: OutputAgreement | undefined
}

/** The analysis of a run: the record to save (summaries, ratio, claims filled) and each scenario's figures. */
export interface RunAnalysis {
  result: RunResult
  /** Per scenario; in a merged result each row is one runtime on one host, named `runtime @ host`. */
  scenarios: ScenarioAnalysis[]
  claims: ClaimVerdict[] | undefined
  /** A merged result's host dimension (hosts.ts): a runtime × host grid per scenario. */
  hosts?: HostComparison[]
}

/** The metric a row's `ratio` field (saved in the result) is about. */
export const RATIO_METRIC = 'cold_start_ms'

/**
 * Fresh rows (samples, no summaries yet) get their summaries and, where the ratio metric was measured,
 * `ratio` against the measure's reference; a recorded result keeps what it recorded.
 */
export function analyseRows(measure: string, recorded: readonly RuntimeResult[], named?: string): RuntimeResult[] {
  const rows = recorded.map(withObservers)
  if (!rows.some((row) => row.summaries.length === 0 && row.samples.length > 0)) return rows
  const filled = rows.map((row) => (row.summaries.length > 0 ? row : { ...row, summaries: summarizeSamples(row.samples) }))
  const { reference, rows: compared } = compareRuntimes(measure, filled, RATIO_METRIC, named)
  const referenceRow = filled.find((row) => row.runtime === reference)
  if (!referenceRow) return filled
  const referenceValues = metricValues(referenceRow.samples, RATIO_METRIC)
  return filled.map((row) => {
    const found = compared.find((r) => r.runtime === row.runtime)
    if (!found) return row
    return { ...row, ratio: { metric: RATIO_METRIC, baseline: referenceRow.runtime, ratio: found.ratio, ci: medianRatioCi(found.values, referenceValues) } }
  })
}

/** A recorded row from before summaries said who observed each metric, labelled now (metrics.ts: observerOf). */
function withObservers(row: RuntimeResult): RuntimeResult {
  if (row.summaries.every((summary) => summary.observedBy !== undefined)) return row
  return { ...row, summaries: row.summaries.map((summary) => ({ ...summary, observedBy: summary.observedBy ?? observerOf(summary.metric) })) }
}

function conditionChanges(scenario: ScenarioResult): ConditionChange[] {
  const groups = latencyGroups(scenario).filter((group) => group.length > 1)
  return groups.flatMap(([base, ...others]) =>
    scenario.runtimes.flatMap((row) => {
      const baseValues = metricValues(row.samples, base!)
      const baseSummary = findSummary(row.summaries, base!)
      if (!baseSummary || baseValues.length === 0) return []
      return others.flatMap((metric) => {
        const values = metricValues(row.samples, metric)
        const summary = findSummary(row.summaries, metric)
        if (!summary || values.length === 0) return []
        return [{ runtime: row.runtime, metric, base: base!, ...changeOf(values, baseValues, summary.median, baseSummary.median) }]
      })
    }),
  )
}

/** One scenario's figures; `reference` (--reference) is the runtime ratios are against, else the measure's rule. */
export function analyseScenario(recorded: ScenarioResult, reference?: string): ScenarioAnalysis {
  const scenario = { ...recorded, runtimes: analyseRows(recorded.measure, recorded.runtimes, reference) }
  return {
    scenario,
    metrics: scenarioMetrics(scenario).map((metric) => compareRuntimes(scenario.measure, scenario.runtimes, metric, reference)),
    headline: headlineMetric(scenario),
    precision: qualityNotes(scenario),
    precisionGrouped: groupedQualityNotes(scenario),
    density: densitySeries(scenario),
    densityOnly: densityOnlyMetrics(scenario),
    changes: conditionChanges(scenario),
    outputs: outputAgreement(scenario),
  }
}

/** A merged scenario with each row named for its runtime and host, so per-row figures never mix hosts. */
function rowsByHost(scenario: ScenarioResult): ScenarioResult {
  return { ...scenario, runtimes: scenario.runtimes.map((row) => ({ ...row, runtime: `${row.runtime} @ ${row.host}` })) }
}

/** The reference a run asked for (`options.reference`, recorded by `run --reference`), if any. */
export function recordedReference(result: RunResult): string | undefined {
  const reference = (result.options as Record<string, unknown> | undefined)?.reference
  return typeof reference === 'string' ? reference : undefined
}

/**
 * The whole run; `evaluate` (several scenarios just measured) judges the claims, else the recorded
 * verdicts stay. A merged result is analysed per runtime and host, and gets its host grid. Ratios are
 * against the run's recorded --reference, so every format agrees.
 */
export function analyseRun(recorded: RunResult, options: { evaluateClaims?: boolean; referenceHost?: string } = {}): RunAnalysis {
  const reference = recordedReference(recorded)
  if (recorded.hosts) {
    return { result: recorded, scenarios: recorded.scenarios.map(rowsByHost).map((scenario) => analyseScenario(scenario)), claims: recorded.claims, hosts: analyseHosts(recorded, options.referenceHost) }
  }
  const scenarios = recorded.scenarios.map((scenario) => analyseScenario(scenario, reference))
  const result: RunResult = { ...recorded, scenarios: scenarios.map((s) => s.scenario) }
  if (options.evaluateClaims) result.claims = evaluateClaims(result)
  return { result, scenarios, claims: result.claims }
}

/** The comparison of one metric in a scenario's analysis (an empty one when it was not measured). */
export function comparisonOf(analysis: ScenarioAnalysis, metric: string): MetricComparison {
  return analysis.metrics.find((m) => m.metric === metric) ?? { metric, unit: '', reference: undefined, referenceLabel: '', rows: [] }
}

/** Whether any scenario's runtimes answered differently (`--strict-output` exits 3 then). */
export function outputsDiffer(analysis: RunAnalysis): boolean {
  return analysis.scenarios.some((s) => (s.outputs?.differences.length ?? 0) > 0)
}

/** The warnings of a run (outliers, wide spread), for stderr when the tables are not printed. */
export function runWarnings(analysis: RunAnalysis): string[] {
  return analysis.scenarios.flatMap((s) => [...s.precision.filter((line) => line.startsWith('warning:')), ...outputNotes(s.outputs)].map((line) => `${s.scenario.name}: ${line}`))
}
