/** Pure Markdown renderer: the run's table views as GitHub tables, for $GITHUB_STEP_SUMMARY and pull-request comments. */
import type { RunAnalysis } from '../analysis/index.js'
import type { TableView } from './table-model.js'
import { allMetricsTable, detailsTable, environmentLine, environmentTable, scenarioLine } from './tables/record.js'
import { runViews, type ViewSource } from './views.js'

/** Escapes a table cell: pipes, line breaks, and characters GitHub would read as markup or HTML. */
export function markdownCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;')).replace(/\r?\n/g, ' ')
}

/** A GitHub table; a row with a note spans the remaining columns by leaving them empty. */
export function markdownTable(table: TableView): string {
  const line = (cells: string[]) => `| ${cells.map(markdownCell).join(' | ')} |`
  const align = table.align.map((a) => (a === 'right' ? '---:' : '---'))
  const rows = table.rows.map((row) => ('cells' in row ? row.cells : [row.runtime, row.note, ...table.header.slice(2).map(() => '')]))
  return [line(table.header), `| ${align.join(' | ')} |`, ...rows.map(line)].join('\n')
}

/** A table view: its title in bold, the table, its notes as a list. */
export function markdownView(view: TableView): string[] {
  return ['', `**${markdownCell(view.title)}**`, '', markdownTable(view), ...(view.notes.length > 0 ? ['', ...view.notes.map((note) => `- ${markdownCell(note.trim())}`)] : [])]
}

function folded(summary: string, table: TableView): string[] {
  return ['', `<details><summary>${summary}</summary>`, '', markdownTable(table), '', '</details>']
}

/** The whole result: the claims, per scenario the same tables as the terminal and, folded, every metric; then the environment. */
export function renderMarkdown(analysis: RunAnalysis, options: ViewSource): string {
  const { result } = analysis
  const views = runViews(analysis, options)
  const parts: string[] = [`## isobench results`, '', `${result.startedAt} · run \`${result.runId}\` · isobench ${result.tool.version}${result.complete ? '' : ' · **incomplete: the run was interrupted**'}`]
  if (views.hosts) parts.push('', '### Hosts', ...markdownView(views.hosts))
  if (views.claims) parts.push('', '### Claims', ...markdownView(views.claims))
  for (const { analysis: scenario, tables } of views.scenarios) {
    parts.push('', `### ${scenario.scenario.name}`, '', markdownCell(scenarioLine(scenario.scenario)))
    for (const view of tables) parts.push(...markdownView(view))
    const all = allMetricsTable(scenario)
    if (all.rows.length > 0) parts.push(...folded('Every metric (median [95% CI])', all))
    const details = detailsTable(scenario.scenario)
    if (details) parts.push(...folded('Settings and details', details))
  }
  parts.push('', `<sub>${markdownCell(environmentLine(result))}</sub>`, ...folded('Environment', environmentTable(result)))
  return parts.join('\n') + '\n'
}
