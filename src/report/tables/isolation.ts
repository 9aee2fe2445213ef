/** isolation: the matrix, runtimes × probes, each cell the outcome and what stopped it; details below. Pure. */
import type { ScenarioAnalysis } from '../../analysis/index.js'
import { textColumns, unmeasuredRow, type TableView } from '../table-model.js'
import { measureHeading } from './heading.js'

interface Cell {
  probe: string
  attempt: string
  outcome: string
  by: string | null
  detail: string
}

/** The isolation matrix and one detail line per cell. */
export function isolationTables(analysis: ScenarioAnalysis, description: string): TableView[] {
  const { scenario } = analysis
  const probes = (scenario.settings?.probes as string[] | undefined) ?? []
  const header = ['runtime', ...probes]
  const details: string[] = []
  const rows = scenario.runtimes.map((runtime) => {
    const matrix = (runtime.details?.matrix ?? []) as Cell[]
    if (matrix.length === 0) return unmeasuredRow(runtime)
    for (const cell of matrix) details.push(`  ${runtime.runtime} ${cell.probe}: ${cell.detail.slice(0, 160)}`)
    return { cells: [runtime.runtime, ...probes.map((probe) => {
      const cell = matrix.find((c) => c.probe === probe)
      if (!cell) return '–'
      return cell.by && cell.outcome !== 'allowed' ? `${cell.outcome}\n${cell.by.replace(/ \(/, '\n(')}` : cell.outcome
    })] }
  })
  const notes = [
    'allowed = it reached the host; blocked = the sandbox refused (or showed its own file/env/network); unavailable = the API does not exist there; stopped = a limit ended it. forge: allowed = the harness took a ready line or an answer the workload forged; blocked = it dropped them (a runtime that shares the process or the stream with the protocol says so: there a workload with more than the language could still forge).',
    ...details,
  ]
  return [{ title: measureHeading(scenario, description), spaced: true, header, align: textColumns(header.length), rows, notes }]
}
