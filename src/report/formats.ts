/** The report formats by name: `isobench report --format` and the files `run --out` writes; each renders the analysis. */
import type { RunAnalysis } from '../analysis/index.js'
import { renderSamplesCsv, renderSummaryCsv } from './csv.js'
import { renderHtml } from './html.js'
import { renderJson } from './json.js'
import { renderMarkdown } from './markdown.js'
import { renderTerminal } from './terminal.js'
import type { ViewSource } from './views.js'

/** Options a renderer may use: the terminal's colours, and which tables beyond the default. */
export interface RenderOptions extends ViewSource {
  color?: boolean
}

type Renderer = (analysis: RunAnalysis, options: RenderOptions) => string | Promise<string>

/** Every format: its renderer and, for the ones `run --out` writes, the file-name suffix. */
export const FORMATS = {
  table: { render: (analysis, options) => renderTerminal(analysis, options), suffix: undefined },
  json: { render: (analysis) => renderJson(analysis.result), suffix: '.json' },
  csv: { render: (analysis) => renderSummaryCsv(analysis.result), suffix: '.csv' },
  'samples-csv': { render: (analysis) => renderSamplesCsv(analysis.result), suffix: '-samples.csv' },
  md: { render: (analysis, options) => renderMarkdown(analysis, options), suffix: '.md' },
  html: { render: (analysis, options) => renderHtml(analysis, options), suffix: '.html' },
} satisfies Record<string, { render: Renderer; suffix: string | undefined }>

/** A format name. */
export type ReportFormat = keyof typeof FORMATS

/** Format names, in help order. */
export const FORMAT_NAMES = Object.keys(FORMATS) as ReportFormat[]

/** Renders an analysed result in a format. */
export async function renderReport(analysis: RunAnalysis, format: ReportFormat, options: RenderOptions): Promise<string> {
  return FORMATS[format].render(analysis, options)
}
