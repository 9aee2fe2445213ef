/** Pure: the compare table (one TableView, drawn by the terminal and Markdown renderers) and the sentences every compare renderer shares. */
import type { CompareReport, MetricComparison } from '../../compare/pair.js'
import { describeThresholds } from '../../compare/thresholds.js'
import { formatPercentValue, formatValue } from '../../format.js'
import { stopCell } from '../cells.js'
import type { Align, TableView } from '../table-model.js'

/** A ratio with 2 significant decimals below 10 (1.03, 0.87), fewer above (10.4, 183). */
export function formatRatioValue(ratio: number): string {
  if (!Number.isFinite(ratio)) return '–'
  if (ratio >= 100) return ratio.toFixed(0)
  if (ratio >= 10) return ratio.toFixed(1)
  return ratio.toFixed(2)
}

/** A ratio as a signed percentage change: 1.52 → +52%, 0.969 → −3.1%. */
export function formatChange(ratio: number): string {
  if (!Number.isFinite(ratio)) return '–'
  const percent = (ratio - 1) * 100
  const digits = Math.abs(percent) < 10 ? 1 : 0
  const text = Math.abs(percent).toFixed(digits)
  if (Number(text) === 0) return '±0%'
  return `${percent > 0 ? '+' : '−'}${text}%`
}

/** The threshold as a percentage (0.1 → 10%). */
export function formatThreshold(threshold: number): string {
  return formatPercentValue(threshold)
}

/** The thresholds in force: `10%`, or `cold_start_ms=50%, memory_*=10%, else 10%`. */
export function thresholdsText(report: CompareReport): string {
  return describeThresholds({ default: report.threshold, perMetric: report.perMetric }, formatThreshold)
}

/** A value with its unit: 2.71 ms, 41.4 MiB, 3. */
export function withUnit(value: number, unit: string): string {
  const text = formatValue(value, unit)
  return unit === 'ms' || unit === 'ns' ? `${text} ${unit}` : text
}

/** The cells of one comparison, in the order of COMPARE_COLUMNS. */
export function comparisonCells(c: MetricComparison): string[] {
  const ci = Number.isFinite(c.ci.low) ? `${formatRatioValue(c.ci.low)}–${formatRatioValue(c.ci.high)}` : '–'
  const ratio = Number.isFinite(c.ratio) ? `${formatRatioValue(c.ratio)} (${formatChange(c.ratio)})` : '–'
  const count = (n: number) => (c.level === 'runs' ? `(${n} runs)` : c.level === 'rounds' ? `(${n} rounds)` : `(n=${n})`)
  const cells = [c.scenario, c.runtime, c.metric, `${withUnit(c.baselineMedian, c.unit)} ${count(c.baselineN)}`, `${withUnit(c.currentMedian, c.unit)} ${count(c.currentN)}`, ratio, ci]
  const verdict = c.note ? `${c.verdict} (${c.note})` : c.verdict
  if (c.level !== 'rounds') return [...cells, verdict]
  const detectable = c.detectable !== undefined && Number.isFinite(c.detectable) ? `±${(c.detectable * 100).toFixed(1)}%` : '–'
  return [...cells, detectable, ...(c.stopped !== undefined ? [stopCell(c.stopped)] : []), verdict]
}

/** ab: whether the report has a `stopped` column (--precision). */
function hasStops(report: CompareReport): boolean {
  return report.comparisons.some((c) => c.stopped !== undefined)
}

/** Column headers of the compare table (the confidence goes into the interval's header). */
export function compareColumns(report: CompareReport): string[] {
  const ci = `${Math.round(report.confidence * 100)}% CI`
  if (report.mode !== 'ab') return ['scenario', 'runtime', 'metric', 'baseline median', 'current median', 'ratio', ci, 'verdict']
  return ['scenario', 'runtime', 'metric', 'base median', 'head median', 'ratio (median of\nblock ratios)', ci, `detectable\n(${ci})`, ...(hasStops(report) ? ['precision\n(stopped by)'] : []), 'verdict']
}

/** The line above the table: which two results (compare) or variants (ab) are compared. */
export function headingLine(report: CompareReport): string {
  if (report.mode === 'ab') return `ab: base ${report.baseline.path} → head ${report.current.path}, measured in the same run, paired by round (alternating order)`
  return `compare: baseline ${report.baseline.path} (${report.baseline.startedAt}) → current ${report.current.path} (${report.current.startedAt})`
}

/** One sentence with the counts and the decision rule. */
export function summaryLine(report: CompareReport): string {
  const { counts } = report
  const t = thresholdsText(report)
  const bound = report.perMetric.length > 0 ? '1 + its threshold' : formatRatioValue(1 + report.threshold)
  const decision = report.regressed ? `REGRESSION: ${counts.regressed} regressed` : 'no regression'
  const rest = [`${counts.inconclusive} inconclusive`, `${counts.improved} improved`, `${counts.unchanged} unchanged`].join(', ')
  const pooled = report.comparisons.some((c) => c.level === 'runs') ? ' Both sides pool several runs: each run counts as one sample (its median).' : ''
  const confidence = `${Math.round(report.confidence * 100)}% CI`
  const rule = report.mode === 'ab'
    ? `regressed only when the ${confidence} of head/base (resampled by blocks of two rounds) lies wholly above 1 and the ratio above ${bound}`
    : `regressed only when the whole ${confidence} of current/baseline lies above ${bound}`
  return `${decision} (${rest}; ${report.comparisons.length} compared). Threshold ${t}: ${rule}.${pooled}`
}

/** A sentence for one regression, for annotations and logs. */
export function regressionSentence(c: MetricComparison, report: CompareReport): string {
  return `${c.scenario}/${c.runtime} ${c.metric}: ${withUnit(c.baselineMedian, c.unit)} → ${withUnit(c.currentMedian, c.unit)} (ratio ${formatRatioValue(c.ratio)}, ${Math.round(report.confidence * 100)}% CI ${formatRatioValue(c.ci.low)}–${formatRatioValue(c.ci.high)}, ${report.mode === 'ab' ? `above 1, ratio above ${formatRatioValue(1 + c.threshold)}` : `above ${formatRatioValue(1 + c.threshold)}`})`
}

/** The compare table: one row per scenario × runtime × metric, the decision sentence under it. */
export function compareTable(report: CompareReport): TableView {
  const header = compareColumns(report)
  const align: Align[] = header.map((_, i) => (i >= 3 && i < header.length - 1 ? 'right' : 'left'))
  return { title: headingLine(report), header, align, rows: report.comparisons.map((c) => ({ cells: comparisonCells(c) })), notes: [summaryLine(report)] }
}
