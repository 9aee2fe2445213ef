/** Pure Markdown renderer of a compare report, for $GITHUB_STEP_SUMMARY and PR comments. */
import type { CompareReport } from '../../compare/pair.js'
import { markdownCell, markdownTable } from '../markdown.js'
import { compareTable, thresholdsText } from './cells.js'

/** A heading, the table (regressions in bold), the decision, then warnings and notes as lists. */
export function renderCompareMarkdown(report: CompareReport): string {
  const view = compareTable(report)
  const rows = view.rows.map((row, i) => {
    if (!('cells' in row) || report.comparisons[i]!.verdict !== 'regressed') return row
    return { cells: [...row.cells.slice(0, -1), `**${row.cells.at(-1)}**`] }
  })
  const lines = [
    `### isobench ${report.mode ?? 'compare'}: ${report.regressed ? `regression (${report.counts.regressed})` : 'no regression'}`,
    '',
    report.mode === 'ab'
      ? `Base \`${report.baseline.path}\` → head \`${report.current.path}\`, measured in the same run (${report.current.startedAt}), paired by round; threshold ${thresholdsText(report)}.`
      : `Baseline \`${report.baseline.path}\` (${report.baseline.startedAt}) → current \`${report.current.path}\` (${report.current.startedAt}); threshold ${thresholdsText(report)}.`,
    '',
    markdownTable({ ...view, rows }),
    '',
    ...view.notes,
  ]
  const list = (title: string, items: readonly string[]) => (items.length ? ['', `**${title}**`, '', ...items.map((item) => `- ${markdownCell(item)}`)] : [])
  lines.push(...list('Head differs from base in', report.differences ?? []))
  lines.push(...list('Environment differs (figures may not be comparable)', report.environmentDifferences))
  lines.push(...list('Not compared', report.notes))
  return lines.join('\n') + '\n'
}
