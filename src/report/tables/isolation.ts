/** isolation: the matrix, runtimes × probes, each cell the outcome and what stopped it; details below. Pure. */
import type { ScenarioResult } from '../../result.js'
import { newTable, unmeasuredRow, type TableOptions } from './common.js'

interface Cell {
  probe: string
  attempt: string
  outcome: string
  by: string | null
  detail: string
}

/** The isolation matrix and one detail line per cell. */
export function renderIsolationTable(scenario: ScenarioResult, options: TableOptions): string {
  const probes = (scenario.settings?.probes as string[] | undefined) ?? []
  const head = ['runtime', ...probes]
  const table = newTable(head, options)
  const notes: string[] = []
  for (const runtime of scenario.runtimes) {
    const matrix = (runtime.details?.matrix ?? []) as Cell[]
    if (matrix.length === 0) {
      table.push(unmeasuredRow(runtime, head.length))
      continue
    }
    table.push([runtime.runtime, ...probes.map((probe) => {
      const cell = matrix.find((c) => c.probe === probe)
      if (!cell) return '–'
      return cell.by && cell.outcome !== 'allowed' ? `${cell.outcome}\n${cell.by.replace(/ \(/, '\n(')}` : cell.outcome
    })])
    for (const cell of matrix) notes.push(`  ${runtime.runtime} ${cell.probe}: ${cell.detail.slice(0, 160)}`)
  }
  return [
    table.toString(),
    'allowed = it reached the host; blocked = the sandbox refused (or showed its own file/env/network); unavailable = the API does not exist there; stopped = a limit ended it.',
    ...notes,
  ].join('\n')
}
