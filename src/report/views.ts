/**
 * Pure: the table views of a run: each scenario's tables, then the claims table. Which tables a
 * scenario has is its measure module's business (measure/kinds/), handed in as `tablesOf`, so
 * report/ never depends on the measuring side.
 */
import type { RunAnalysis, ScenarioAnalysis } from '../analysis/index.js'
import { claimsTable } from './tables/claims.js'
import { hostGridTable, hostsTable } from './tables/hosts.js'
import type { TableRow, TableView, ViewOptions } from './table-model.js'

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
  claims: TableView | undefined
  /** A merged result: the hosts and their environments (shown first). */
  hosts?: TableView
}

const rowRuntime = (row: TableRow) => ('runtime' in row ? row.runtime : (row.cells[0] ?? '').split('\n')[0]!.split(' ')[0]!)

/**
 * Each runtime's caveat (info.note: vm is no security boundary, a qemu row runs on an emulated CPU)
 * under every table that has a row of it, where the table does not say it already.
 */
export function withRuntimeNotes(analysis: ScenarioAnalysis, tables: TableView[]): TableView[] {
  const noted = analysis.scenario.runtimes.filter((r) => r.info?.note && r.status !== 'skipped')
  return tables.map((table) => {
    const present = new Set(table.rows.map(rowRuntime))
    const missing = noted.filter((r) => present.has(r.runtime) && !table.notes.some((line) => line.includes(r.info!.note!))).map((r) => `note: ${r.runtime}: ${r.info!.note}`)
    return missing.length === 0 ? table : { ...table, notes: [...table.notes, ...missing] }
  })
}

/** Every scenario's tables (with the runtimes' caveats) and the claims; a merged result's scenarios show their runtime × host grid instead. */
export function runViews(analysis: RunAnalysis, options: ViewSource): RunViews {
  const claims = claimsTable(analysis.claims)
  if (analysis.hosts) {
    const grids = analysis.hosts
    const scenarios = analysis.scenarios.map((s) => ({ analysis: s, tables: grids.filter((g) => g.scenario === s.scenario.name).map(hostGridTable) }))
    return { scenarios, claims, hosts: hostsTable(analysis.result) }
  }
  return { scenarios: analysis.scenarios.map((s) => ({ analysis: s, tables: withRuntimeNotes(s, options.tablesOf(s, options)) })), claims }
}
