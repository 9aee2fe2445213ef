/** The terminal renderer: every table view drawn with cli-table3, its title above and its notes below. Pure. */
import Table from 'cli-table3'
import type { RunAnalysis } from '../analysis/index.js'
import { wrap, type TableView } from './table-model.js'
import { runViews, type ViewSource } from './views.js'

/** Options of the terminal tables: colours, and which tables beyond the default. */
export interface TerminalOptions extends ViewSource {
  color?: boolean
}

/** A cli-table3 table with isobench's style. */
export function newTable(head: string[], options: { color?: boolean; compact?: boolean }): InstanceType<typeof Table> {
  const style = { head: options.color ? ['cyan'] : [], border: options.color ? ['grey'] : [] }
  const chars = options.compact ? { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' } : {}
  return new Table({ head, style, chars })
}

/** One table view: title, the drawn table (a note row spans the columns after the runtime), notes. */
export function drawTable(view: TableView, options: { color?: boolean } = {}): string {
  const table = newTable(view.header, { color: options.color, compact: view.compact })
  for (const row of view.rows) {
    if ('cells' in row) table.push(row.cells)
    else table.push([row.runtime, { colSpan: view.header.length - 1, content: wrap(row.note, 90) }])
  }
  return [...(view.spaced ? [''] : []), ...(view.title ? [view.title] : []), table.toString(), ...view.notes].join('\n')
}

/** Every scenario's tables, then the claims, then whether the run was cut short. */
export function renderTerminal(analysis: RunAnalysis, options: TerminalOptions): string {
  const views = runViews(analysis, options)
  const parts = [...(views.hosts ? [drawTable(views.hosts, options), ''] : []), ...views.scenarios.flatMap((scenario) => scenario.tables.map((view) => drawTable(view, options)))]
  if (views.claims) parts.push(drawTable(views.claims, options))
  if (!analysis.result.complete) parts.push('INCOMPLETE: the run was interrupted; the figures cover what was measured.')
  return parts.join('\n') + '\n'
}
