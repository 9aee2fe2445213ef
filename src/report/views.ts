/** Pure: the table views of a run: each scenario's tables from its measure module, then the claims table. */
import type { RunAnalysis, ScenarioAnalysis } from '../analysis/index.js'
import { MEASURE_MODULES } from '../measure/kinds/index.js'
import { claimsTable } from './tables/claims.js'
import type { TableView, ViewOptions } from './table-model.js'

/** A scenario's analysis and the tables that show it. */
export interface ScenarioView {
  analysis: ScenarioAnalysis
  tables: TableView[]
}

/** What every format shows of a run. */
export interface RunViews {
  scenarios: ScenarioView[]
  claims: TableView | undefined
}

/** The tables of one scenario; a measure this version does not know is shown as a cold start. */
export function scenarioTables(analysis: ScenarioAnalysis, options: ViewOptions = {}): TableView[] {
  const module = MEASURE_MODULES[analysis.scenario.measure as keyof typeof MEASURE_MODULES] ?? MEASURE_MODULES['cold-start']
  return module.tables(analysis, options)
}

/** Every scenario's tables and the claims. */
export function runViews(analysis: RunAnalysis, options: ViewOptions = {}): RunViews {
  return { scenarios: analysis.scenarios.map((s) => ({ analysis: s, tables: scenarioTables(s, options) })), claims: claimsTable(analysis.claims) }
}
