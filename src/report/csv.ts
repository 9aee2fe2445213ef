/** Pure CSV renderers (RFC 4180: comma-separated, fields quoted when needed; LF line ends, as most tools write). */
import { unitOf, type RunResult, type RuntimeResult } from '../result.js'

/** The summary CSV's columns; the leading ones are a stable contract, later ones are only ever appended. */
export const SUMMARY_COLUMNS = ['scenario', 'runtime', 'metric', 'unit', 'n', 'median', 'mean', 'stddev', 'min', 'p95', 'p99', 'max', 'median_ci_low', 'median_ci_high', 'outliers', 'observed_by', 'host'] as const

/** Quotes a field when it holds a comma, a quote or a line break (RFC 4180). */
export function csvField(value: unknown): string {
  const text = value === undefined || value === null ? '' : typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : String(value)
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

function csvLine(fields: readonly unknown[]): string {
  return fields.map(csvField).join(',')
}

/** The host of a row: its own in a merged result, else the machine the run recorded. */
function hostOf(result: RunResult, runtime: RuntimeResult): string {
  return runtime.host ?? (typeof result.environment?.hostname === 'string' ? result.environment.hostname : '')
}

/** One row per scenario × runtime × metric. */
export function renderSummaryCsv(result: RunResult): string {
  const lines = [csvLine(SUMMARY_COLUMNS)]
  for (const scenario of result.scenarios) {
    for (const runtime of scenario.runtimes) {
      for (const s of runtime.summaries) {
        lines.push(csvLine([scenario.name, runtime.runtime, s.metric, s.unit, s.n, s.median, s.mean, s.stddev, s.min, s.p95, s.p99, s.max, s.medianCi?.low, s.medianCi?.high, s.outliers, s.observedBy, hostOf(result, runtime)]))
      }
    }
  }
  return lines.join('\n') + '\n'
}

/** The raw-samples CSV's columns: one row per sample and metric; a stable contract (README). */
export const SAMPLE_COLUMNS = ['scenario', 'runtime', 'index', 'metric', 'value', 'unit', 'warmup', 'ok', 'error', 'host'] as const

/**
 * One row per scenario × runtime × sample × metric, warm-ups included (warmup=true) so that nothing
 * measured is hidden; a failed sample with no metric gets one row with empty metric and value.
 */
export function renderSamplesCsv(result: RunResult): string {
  const lines = [csvLine(SAMPLE_COLUMNS)]
  for (const scenario of result.scenarios) {
    for (const runtime of scenario.runtimes) {
      for (const sample of runtime.samples) {
        const head = [scenario.name, runtime.runtime, sample.index]
        const tail = [sample.warmup, sample.ok, sample.error, hostOf(result, runtime)]
        const metrics = Object.entries(sample.metrics)
        if (metrics.length === 0) lines.push(csvLine([...head, '', '', '', ...tail]))
        for (const [metric, value] of metrics) lines.push(csvLine([...head, metric, value, unitOf(metric), ...tail]))
      }
    }
  }
  return lines.join('\n') + '\n'
}
