/** Pure terminal renderer of a compare report (cli-table3): one row per scenario × runtime × metric. */
import type { CompareReport } from '../../compare/pair.js'
import { newTable } from '../terminal.js'
import { compareColumns, comparisonCells, headingLine, summaryLine } from './cells.js'

const VERDICT_COLORS: Record<CompareReport['comparisons'][number]['verdict'], string> = { regressed: '31', inconclusive: '33', improved: '32', unchanged: '' }

function paint(text: string, code: string, color: boolean): string {
  return color && code ? `\u001b[${code}m${text}\u001b[39m` : text
}

/** The table, then the summary sentence. Warnings and notes are printed apart (stderr). */
export function renderCompareTable(report: CompareReport, options: { color?: boolean } = {}): string {
  const color = options.color ?? false
  const table = newTable(compareColumns(report), { color })
  for (const comparison of report.comparisons) {
    const cells = comparisonCells(comparison)
    cells[cells.length - 1] = paint(cells[cells.length - 1]!, VERDICT_COLORS[comparison.verdict], color)
    table.push(cells)
  }
  return `${headingLine(report)}\n${table.toString()}\n${paint(summaryLine(report), report.regressed ? '31' : '', color)}\n`
}
