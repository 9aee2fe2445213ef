/** Pure Markdown renderer of a compare report, for $GITHUB_STEP_SUMMARY and PR comments. */
import type { CompareReport } from '../../compare/pair.js'
import { compareColumns, comparisonCells, formatThreshold, summaryLine } from './cells.js'

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ')
}

function row(cells: readonly string[]): string {
  return `| ${cells.map(escapeCell).join(' | ')} |`
}

/** A heading, the table (regressions in bold), the decision, then warnings and notes as lists. */
export function renderCompareMarkdown(report: CompareReport): string {
  const columns = compareColumns(report)
  const lines = [
    `### isobench ${report.mode ?? 'compare'}: ${report.regressed ? `regression (${report.counts.regressed})` : 'no regression'}`,
    '',
    report.mode === 'ab'
      ? `Base \`${report.baseline.path}\` → head \`${report.current.path}\`, measured in the same run (${report.current.startedAt}), paired by round; threshold ${formatThreshold(report.threshold)}.`
      : `Baseline \`${report.baseline.path}\` (${report.baseline.startedAt}) → current \`${report.current.path}\` (${report.current.startedAt}); threshold ${formatThreshold(report.threshold)}.`,
    '',
    row(columns),
    `|${columns.map((_, i) => (i >= 3 && i < columns.length - 1 ? ' ---: ' : ' --- ')).join('|')}|`,
  ]
  for (const comparison of report.comparisons) {
    const cells = comparisonCells(comparison)
    if (comparison.verdict === 'regressed') cells[cells.length - 1] = `**${cells[cells.length - 1]}**`
    lines.push(row(cells))
  }
  lines.push('', summaryLine(report))
  const list = (title: string, items: readonly string[]) => (items.length ? ['', `**${title}**`, '', ...items.map((item) => `- ${escapeCell(item)}`)] : [])
  lines.push(...list('Head differs from base in', report.differences ?? []))
  lines.push(...list('Environment differs (figures may not be comparable)', report.environmentDifferences))
  lines.push(...list('Not compared', report.notes))
  return lines.join('\n') + '\n'
}
