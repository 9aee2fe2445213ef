/**
 * Pure: the table views of a run: each scenario's tables, then the claims table. Which tables a
 * scenario has is its measure module's business (measure/kinds/), handed in as `tablesOf`, so
 * report/ never depends on the measuring side.
 */
import type { RunAnalysis, ScenarioAnalysis } from '../analysis/index.js'
import { claimsTables } from './tables/claims.js'
import type { TableView, ViewOptions } from './table-model.js'

/** The tables of one scenario, from its analysis (the measure registry provides it: `measureTables`). */
export type ScenarioTables = (analysis: ScenarioAnalysis, options: ViewOptions) => TableView[]

/** What building the views takes: the table options and the registry's tables. */
export interface ViewSource extends ViewOptions {
  tablesOf: ScenarioTables
}

/** A scenario's analysis and the tables that show it. */
export interface ScenarioView {
  analysis: ScenarioAnalysis
  tables: TableView[]
}

/** What every format shows of a run. */
export interface RunViews {
  scenarios: ScenarioView[]
  /** The claims matrix, and the detail table with --claims-detail; empty without claims. */
  claims: TableView[]
}

/** Every scenario's tables and the claims. */
export function runViews(analysis: RunAnalysis, options: ViewSource): RunViews {
  return { scenarios: analysis.scenarios.map((s) => ({ analysis: s, tables: options.tablesOf(s, options) })), claims: claimsTables(analysis.claims, options.claimsDetail) }
}
