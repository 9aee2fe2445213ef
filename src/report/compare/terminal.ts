/** Pure terminal renderer of a compare report: the compare table drawn with cli-table3, verdicts coloured. */
import type { CompareReport } from '../../compare/pair.js'
import { drawTable } from '../terminal.js'
import { compareTable } from './cells.js'

const VERDICT_COLORS: Record<CompareReport['comparisons'][number]['verdict'], string> = { regressed: '31', inconclusive: '33', improved: '32', unchanged: '' }

function paint(text: string, code: string, color: boolean): string {
  return color && code ? `\u001b[${code}m${text}\u001b[39m` : text
}

/** The table, then the summary sentence. Warnings and notes are printed apart (stderr). */
export function renderCompareTable(report: CompareReport, options: { color?: boolean } = {}): string {
  const color = options.color ?? false
  const view = compareTable(report)
  const rows = view.rows.map((row, i) => {
    if (!('cells' in row)) return row
    const cells = [...row.cells]
    cells[cells.length - 1] = paint(cells[cells.length - 1]!, VERDICT_COLORS[report.comparisons[i]!.verdict], color)
    return { cells }
  })
  return drawTable({ ...view, rows, notes: view.notes.map((note) => paint(note, report.regressed ? '31' : '', color)) }, { color }) + '\n'
}
