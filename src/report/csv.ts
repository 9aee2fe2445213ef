/** Pure CSV renderers (RFC 4180: comma-separated, CRLF-free, fields quoted when needed). */
import type { RunResult } from '../result.js'

/** The summary CSV's columns; the leading ones are a stable contract, later ones are only ever appended. */
export const SUMMARY_COLUMNS = ['scenario', 'runtime', 'metric', 'unit', 'n', 'median', 'mean', 'stddev', 'min', 'p95', 'p99', 'max', 'median_ci_low', 'median_ci_high', 'outliers'] as const

/** Quotes a field when it holds a comma, a quote or a line break (RFC 4180). */
export function csvField(value: unknown): string {
  const text = value === undefined || value === null ? '' : typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : String(value)
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

function csvLine(fields: readonly unknown[]): string {
  return fields.map(csvField).join(',')
}

/** One row per scenario × runtime × metric. */
export function renderSummaryCsv(result: RunResult): string {
  const lines = [csvLine(SUMMARY_COLUMNS)]
  for (const scenario of result.scenarios) {
    for (const runtime of scenario.runtimes) {
      for (const s of runtime.summaries) {
        lines.push(csvLine([scenario.name, runtime.runtime, s.metric, s.unit, s.n, s.median, s.mean, s.stddev, s.min, s.p95, s.p99, s.max, s.medianCi?.low, s.medianCi?.high, s.outliers]))
      }
    }
  }
  return lines.join('\n') + '\n'
}
