/** The report formats by name: `isobench report --format` and the files `run --out` writes. */
import type { RunResult } from '../result.js'
import { renderSamplesCsv, renderSummaryCsv } from './csv.js'
import { renderHtml } from './html-report.js'
import { renderJson } from './json.js'
import { renderMarkdown } from './markdown.js'
import { renderTables } from './table.js'

/** Options a renderer may use (only the terminal table colours). */
export interface RenderOptions {
  color?: boolean
}

type Renderer = (result: RunResult, options: RenderOptions) => string | Promise<string>

/** Every format: its renderer and, for the ones `run --out` writes, the file-name suffix. */
export const FORMATS = {
  table: { render: (result, options) => renderTables(result, options), suffix: undefined },
  json: { render: renderJson, suffix: '.json' },
  csv: { render: renderSummaryCsv, suffix: '.csv' },
  'samples-csv': { render: renderSamplesCsv, suffix: '-samples.csv' },
  md: { render: renderMarkdown, suffix: '.md' },
  html: { render: renderHtml, suffix: '.html' },
} satisfies Record<string, { render: Renderer; suffix: string | undefined }>

/** A format name. */
export type ReportFormat = keyof typeof FORMATS

/** Format names, in help order. */
export const FORMAT_NAMES = Object.keys(FORMATS) as ReportFormat[]

/** Renders a result in a format. */
export async function renderReport(result: RunResult, format: ReportFormat, options: RenderOptions = {}): Promise<string> {
  return FORMATS[format].render(result, options)
}
