/** The HTML report: charts chosen from the metrics, rendered to SVG, laid out in one page. No IO. */
import type { RunResult } from '../result.js'
import { scenarioCharts } from './charts.js'
import { renderHtmlPage, type RenderedChart } from './html.js'
import { renderSvg } from './svg.js'

/** Renders the whole self-contained HTML report. */
export async function renderHtml(result: RunResult): Promise<string> {
  const charts = new Map<string, RenderedChart[]>()
  for (const scenario of result.scenarios) {
    const rendered: RenderedChart[] = []
    for (const chart of scenarioCharts(scenario)) rendered.push({ ...chart, svg: await renderSvg(chart.spec) })
    charts.set(scenario.name, rendered)
  }
  return renderHtmlPage(result, charts)
}
