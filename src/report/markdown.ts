/** Pure Markdown renderer: GitHub-flavoured tables for $GITHUB_STEP_SUMMARY and pull-request comments. */
import type { RunResult } from '../result.js'
import { allMetricsTable, claimsTable, detailsTable, environmentLine, environmentPairs, headlineTable, scenarioLine, type TextTable } from './tables.js'

/** Escapes a table cell: pipes, line breaks, and characters GitHub would read as markup or HTML. */
export function markdownCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;')).replace(/\r?\n/g, ' ')
}

/** A GitHub table; a row with a note spans the remaining columns by leaving them empty. */
export function markdownTable(table: TextTable): string {
  const line = (cells: string[]) => `| ${cells.map(markdownCell).join(' | ')} |`
  const align = table.numeric.map((numeric) => (numeric ? '---:' : '---'))
  const rows = table.rows.map((row) => ('cells' in row ? row.cells : [row.runtime, row.note, ...table.header.slice(2).map(() => '')]))
  return [line(table.header), `| ${align.join(' | ')} |`, ...rows.map(line)].join('\n')
}

/** The whole result: per scenario a headline table and, folded, every metric; then the environment. */
export function renderMarkdown(result: RunResult): string {
  const parts: string[] = [`## isobench results`, '', `${result.startedAt} · run \`${result.runId}\` · isobench ${result.tool.version}${result.complete ? '' : ' · **incomplete: the run was interrupted**'}`]
  const claims = claimsTable(result)
  if (claims) parts.push('', '### Claims', '', markdownCell(claims.caption), '', markdownTable(claims))
  for (const scenario of result.scenarios) {
    parts.push('', `### ${scenario.name}`, '', markdownCell(scenarioLine(scenario)))
    const headline = headlineTable(scenario)
    if (headline) parts.push('', `**${headline.caption}**, median with its 95% bootstrap confidence interval:`, '', markdownTable(headline))
    const all = allMetricsTable(scenario)
    if (all.rows.length > 0) parts.push('', '<details><summary>Every metric (median [95% CI])</summary>', '', markdownTable(all), '', '</details>')
    const details = detailsTable(scenario)
    if (details) parts.push('', '<details><summary>Settings and details</summary>', '', markdownTable(details), '', '</details>')
  }
  const env = environmentPairs(result).map(([key, value]) => ({ cells: [key, value] }))
  parts.push('', `<sub>${markdownCell(environmentLine(result))}</sub>`, '', '<details><summary>Environment</summary>', '', markdownTable({ caption: 'environment', header: ['key', 'value'], numeric: [false, false], rows: env }), '', '</details>')
  return parts.join('\n') + '\n'
}
