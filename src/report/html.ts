/**
 * The HTML renderer: one self-contained page (inline CSS and SVG, no script, no network) with the
 * run's table views and the charts chosen from the metrics, rendered to SVG. No IO.
 */
import type { RunAnalysis } from '../analysis/index.js'
import { scenarioCharts, type Chart } from './charts.js'
import { renderSvg } from './svg.js'
import type { TableView } from './table-model.js'
import { allMetricsTable, detailsTable, environmentLine, environmentTable, scenarioLine } from './tables/record.js'
import { runViews, type ViewSource } from './views.js'

/** A chart with its SVG already rendered. */
export interface RenderedChart extends Chart {
  svg: string
}

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}

/** Prefixes every id in an SVG (and the references to it) so that several SVGs can share one page. */
export function scopeSvgIds(svg: string, prefix: string): string {
  return svg.replace(/\bid="([^"]+)"/g, `id="${prefix}-$1"`).replace(/url\(#([^)]+)\)/g, `url(#${prefix}-$1)`).replace(/href="#([^"]+)"/g, `href="#${prefix}-$1"`)
}

/** A cell's text: the terminal's line breaks become spaces. */
function cellText(text: string): string {
  return escapeHtml(text.replace(/\r?\n/g, ' '))
}

/** A table view: caption, head, rows (a note row spans the columns after the runtime); its notes as a list after it. */
export function htmlTable(table: TableView, className: string): string {
  const num = (i: number) => (table.align[i] === 'right' ? ' class="num"' : '')
  const head = table.header.map((cell, i) => `<th${num(i)}>${cellText(cell)}</th>`).join('')
  const body = table.rows
    .map((row) =>
      'cells' in row
        ? `<tr>${row.cells.map((cell, i) => `<td${num(i)}>${cellText(cell)}</td>`).join('')}</tr>`
        : `<tr class="note"><td>${escapeHtml(row.runtime)}</td><td colspan="${table.header.length - 1}">${escapeHtml(row.note)}</td></tr>`,
    )
    .join('\n')
  const notes = table.notes.length > 0 ? `\n<ul class="table-notes">${table.notes.map((note) => `<li>${escapeHtml(note.trim())}</li>`).join('')}</ul>` : ''
  return `<table class="${className}"><caption>${escapeHtml(table.title)}</caption><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>${notes}`
}

function figure(chart: RenderedChart): string {
  const id = `chart-${chart.id.replace(/[^a-zA-Z0-9_-]/g, '-')}`
  const notes = chart.notes.map((note) => `<li>${escapeHtml(note)}</li>`).join('')
  return `<figure class="chart" id="${id}" data-chart-kind="${chart.kind}">
<figcaption>${escapeHtml(chart.title)}</figcaption>
<div class="chart-body"><div class="svg">${scopeSvgIds(chart.svg, id)}</div><ul class="notes">${notes}</ul></div>
</figure>`
}

const STYLE = `
:root { color-scheme: light; --fg: #1d1d1f; --muted: #5f6368; --line: #d9dce1; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); margin: 0 auto; padding: 24px; max-width: 1180px; background: #fff; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 32px 0 4px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
.meta, .scenario-line { color: var(--muted); margin: 0 0 12px; }
.incomplete { color: #b3261e; font-weight: 600; }
table { border-collapse: collapse; margin: 8px 0 16px; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 600; padding-bottom: 4px; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 10px; text-align: left; vertical-align: top; }
th { font-weight: 600; background: #f6f7f9; } .num { text-align: right; } tr.note td { color: var(--muted); }
figure.chart { margin: 16px 0 24px; } figcaption { font-weight: 600; margin-bottom: 6px; }
.chart-body { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
.svg svg { max-width: 100%; height: auto; display: block; }
ul.notes { flex: 1 1 280px; margin: 0; padding-left: 18px; color: #333; font-size: 13px; } ul.notes li { margin-bottom: 4px; }
details { margin: 8px 0 16px; } summary { cursor: pointer; color: var(--muted); }
table.claims td:last-child { font-weight: 600; white-space: nowrap; }
table.env td:first-child { font-family: ui-monospace, monospace; font-size: 12px; }
ul.table-notes { margin: -8px 0 16px; padding-left: 18px; color: var(--muted); font-size: 13px; }
`

/** The page: title, run line, the claims, per scenario its tables, charts (with their notes) and every metric; the environment. */
export function renderHtmlPage(analysis: RunAnalysis, charts: ReadonlyMap<string, RenderedChart[]>, options: ViewSource): string {
  const { result } = analysis
  const views = runViews(analysis, options)
  const sections = views.scenarios.map(({ analysis: scenarioAnalysis, tables }) => {
    const { scenario } = scenarioAnalysis
    const all = allMetricsTable(scenarioAnalysis)
    const details = detailsTable(scenario)
    return `<section class="scenario" id="scenario-${escapeHtml(scenario.name)}">
<h2>${escapeHtml(scenario.name)}</h2>
<p class="scenario-line">${escapeHtml(scenarioLine(scenario))}</p>
${tables.map((table, i) => htmlTable(table, i === 0 ? 'headline' : 'measure')).join('\n')}
${(charts.get(scenario.name) ?? []).map(figure).join('\n')}
${all.rows.length > 0 ? `<details><summary>Every metric (median [95% CI])</summary>${htmlTable(all, 'metrics')}</details>` : ''}
${details ? `<details><summary>Settings and details</summary>${htmlTable(details, 'env')}</details>` : ''}
</section>`
  })
  const hostsSection = views.hosts ? `<section class="hosts" id="hosts"><h2>Hosts</h2>\n${htmlTable(views.hosts, 'env')}</section>` : ''
  const claimsSection = views.claims ? `<section class="claims" id="claims"><h2>Claims</h2>\n${htmlTable(views.claims, 'claims')}</section>` : ''
  const env = htmlTable(environmentTable(result), 'env')
  const title = `isobench: ${result.scenarios.map((s) => s.name).join(', ')}`
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="meta">${escapeHtml(`${result.startedAt} · run ${result.runId} · isobench ${result.tool.version}`)}${result.complete ? '' : ' · <span class="incomplete">incomplete: the run was interrupted; the figures cover what was measured</span>'}</p>
<p class="meta">${escapeHtml(environmentLine(result))}</p>
${hostsSection}
${claimsSection}
${sections.join('\n')}
<h2>Environment</h2>
<details>
<summary>Every recorded fact about the machine and the runtimes</summary>
${env}
</details>
</body>
</html>
`
}

/** Renders the whole self-contained HTML report: the charts to SVG, then the page. */
export async function renderHtml(analysis: RunAnalysis, options: ViewSource): Promise<string> {
  const charts = new Map<string, RenderedChart[]>()
  for (const scenario of analysis.scenarios) {
    const rendered: RenderedChart[] = []
    for (const chart of scenarioCharts(scenario)) rendered.push({ ...chart, svg: await renderSvg(chart.spec) })
    charts.set(scenario.scenario.name, rendered)
  }
  return renderHtmlPage(analysis, charts, options)
}
