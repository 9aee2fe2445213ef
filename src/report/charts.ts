/** Pure: the charts of a result as Vega-Lite specs, with the data inline and the text shown beside them. */
import type { TopLevelSpec } from 'vega-lite'
import { comparisonOf, type ScenarioAnalysis } from '../analysis/index.js'
import { conditionOf, latencyGroups, memoryViewOf, metricLabel, phaseOf } from '../analysis/metrics.js'
import { memoryViewLabel, memoryViewNotes, sortMemoryMetrics } from './memory-view-names.js'
import { formatBytes, formatMs, formatRatio, formatValue } from '../format.js'
import { ciRatio, ciText, ratioText } from './cells.js'

/** Which chart a figure is. */
export type ChartKind = 'distribution' | 'phases' | 'memory' | 'density'

/** One chart: its spec (data inline), a title, and the sentences that go beside it. */
export interface Chart {
  /** Unique in the report: `<scenario>-<kind>[-<metric>]`. */
  id: string
  kind: ChartKind
  title: string
  spec: TopLevelSpec
  notes: string[]
}

const WIDTH = 520
const MIB = 1024 * 1024
const MAX_DOTS = 200

/** Shared look: system fonts, no chart border, readable labels. */
const CONFIG = {
  font: 'system-ui, -apple-system, "Segoe UI", sans-serif',
  view: { stroke: null },
  axis: { labelFontSize: 11, titleFontSize: 11, titleFontWeight: 'normal', labelLimit: 320 },
  legend: { labelFontSize: 11, titleFontSize: 11 },
} as const

function base(data: object[]): Pick<TopLevelSpec, '$schema' | 'config' | 'background'> & { data: { values: object[] } } {
  return { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', config: CONFIG as TopLevelSpec['config'], background: 'white', data: { values: data } }
}

/** A deterministic jitter in [0.2, 0.8) so that equal values do not hide each other (no random()). */
function jitter(i: number): number {
  return 0.2 + ((i * 0.6180339887) % 1) * 0.6
}

/** Distribution per runtime on a log axis: a min–max box (quartiles, median) with every sample as a dot. */
export function distributionChart(analysis: ScenarioAnalysis, metric: string): Chart | undefined {
  const { scenario } = analysis
  const compared = comparisonOf(analysis, metric)
  const rows = compared.rows
  if (rows.length === 0) return undefined
  const unit = rows[0]!.summary.unit
  // Every sample as a dot while dots stay readable; beyond that the box alone (warm loops take thousands).
  const dots = rows.every((row) => row.values.length <= MAX_DOTS)
  // A log axis cannot place 0 (a clock too coarse for the event): such samples are counted in the notes, not drawn.
  const data = rows.flatMap((row) => row.values.flatMap((value, i) => (value > 0 ? [{ runtime: row.runtime, value, jitter: jitter(i) }] : [])))
  const undrawable = rows.reduce((count, row) => count + row.values.filter((value) => value <= 0).length, 0)
  const runtimes = rows.map((row) => row.runtime)
  const x = { field: 'value', type: 'quantitative', scale: { type: 'log' }, title: metricLabel(metric, unit) + ', log scale' } as const
  const y = { field: 'runtime', type: 'nominal', sort: runtimes, title: null } as const
  const spec = {
    ...base(data),
    width: WIDTH,
    height: { step: 44 },
    encoding: { y },
    layer: [
      { mark: { type: 'boxplot', extent: 'min-max', size: 26, opacity: 0.35, median: { color: '#222', opacity: 1 }, rule: { opacity: 1 } }, encoding: { x, color: { field: 'runtime', type: 'nominal', sort: runtimes, legend: null } } },
      ...(dots ? [{
        mark: { type: 'point', filled: true, size: 22, opacity: 0.85 },
        encoding: {
          x,
          yOffset: { field: 'jitter', type: 'quantitative', scale: { domain: [0, 1] } },
          color: { field: 'runtime', type: 'nominal', sort: runtimes, legend: null },
          tooltip: [{ field: 'runtime' }, { field: 'value', format: '.3~f' }],
        },
      }] : []),
    ],
  } as TopLevelSpec
  const title = metric === 'cold_start_ms' ? 'Cold start per runtime' : metric.startsWith('warm_') ? `Warm latency per runtime (${metric})` : `${metricLabel(metric, unit)} per runtime`
  const reference = compared.referenceLabel === 'fastest' ? 'the lowest median' : compared.referenceLabel
  const notes = rows.map((row) => `${row.runtime}: median ${formatValue(row.summary.median, unit)} ${unit === 'bytes' ? '' : unit} (95% CI ${ciText(row.medianCi, unit)}), n=${row.summary.n}; ${row.reference ? reference : ratioText(row, ` ${reference}`)}`.replace(/ {2}/g, ' '))
  notes.push(`Box: quartiles and median; whiskers: min and max${dots ? '; dots: every measured sample' : ` (more than ${MAX_DOTS} samples per runtime: no dots)`}.`)
  if (undrawable > 0) notes.push(`${undrawable} sample(s) ≤ 0 cannot be placed on the log axis and are not drawn (they are in the statistics).`)
  return { id: `${scenario.name}-distribution-${metric}`, kind: 'distribution', title, spec, notes }
}

/** Latency under several conditions (alone, beside a neighbour, ...) per runtime: a box per condition, log scale. */
export function conditionsChart(analysis: ScenarioAnalysis, metrics: readonly string[]): Chart | undefined {
  const { scenario } = analysis
  const byMetric = metrics.map((metric) => ({ metric, condition: conditionOf(metric) ?? metric, rows: comparisonOf(analysis, metric).rows }))
  const data = byMetric.flatMap(({ condition, rows }) => rows.flatMap((row) => row.values.flatMap((value) => (value > 0 ? [{ runtime: row.runtime, condition, value }] : []))))
  if (data.length === 0) return undefined
  const runtimes = scenario.runtimes.map((runtime) => runtime.runtime).filter((name) => data.some((d) => d.runtime === name))
  const conditions = byMetric.map((m) => m.condition)
  const x = { field: 'value', type: 'quantitative', scale: { type: 'log' }, title: 'latency (ms), log scale' } as const
  const color = { field: 'condition', type: 'nominal', sort: conditions, title: 'condition' } as const
  const yOffset = { field: 'condition', type: 'nominal', sort: conditions } as const
  const spec = {
    ...base(data),
    width: WIDTH,
    height: { step: 16 },
    encoding: { y: { field: 'runtime', type: 'nominal', sort: runtimes, title: null }, yOffset },
    layer: [
      { mark: { type: 'boxplot', extent: 'min-max', size: 12, opacity: 0.5, median: { color: '#222', opacity: 1 }, rule: { opacity: 1 } }, encoding: { x, color } },
      { mark: { type: 'point', filled: true, size: 10, opacity: 0.5 }, encoding: { x, color, tooltip: [{ field: 'runtime' }, { field: 'condition' }, { field: 'value', format: '.3~f' }] } },
    ],
  } as TopLevelSpec
  const first = byMetric[0]!
  const notes = runtimes.flatMap((runtime) => {
    const base = first.rows.find((row) => row.runtime === runtime)
    return byMetric.flatMap(({ metric, condition, rows }) => {
      const row = rows.find((r) => r.runtime === runtime)
      if (!row) return []
      const change = analysis.changes.find((c) => c.runtime === runtime && c.metric === metric && c.base === first.metric)
      const vs = base && row !== base && change ? `; ${formatRatio(change.ratio)} ${first.condition} (95% CI ${ciRatio(change.ci)})` : ''
      return [`${runtime}, ${condition}: median ${formatMs(row.summary.median)} ms (95% CI ${ciText(row.medianCi, 'ms')}), n=${row.summary.n}${vs}`]
    })
  })
  return { id: `${scenario.name}-conditions`, kind: 'distribution', title: 'Latency per runtime and condition', spec, notes }
}

/** Stacked bars of the phase medians per runtime: in ms, and as a share of their sum. */
export function phasesChart(analysis: ScenarioAnalysis): Chart | undefined {
  const { scenario } = analysis
  const phases = analysis.metrics.map((m) => m.metric).filter((metric) => phaseOf(metric) !== undefined)
  const data = phases.flatMap((metric) =>
    comparisonOf(analysis, metric).rows.map((row) => {
      // Stack in the order the runtime's own phases happened (its summaries keep the sample order).
      const own = scenario.runtimes.find((r) => r.runtime === row.runtime)!.summaries.filter((s) => phaseOf(s.metric) !== undefined)
      return { runtime: row.runtime, phase: phaseOf(metric)!.replace(/_/g, ' '), order: own.findIndex((s) => s.metric === metric), medianMs: row.summary.median }
    }),
  )
  if (data.length === 0) return undefined
  const runtimes = scenario.runtimes.map((runtime) => runtime.runtime).filter((name) => data.some((d) => d.runtime === name))
  const y = { field: 'runtime', type: 'nominal', sort: runtimes, title: null } as const
  const bars = (stack: 'zero' | 'normalize', title: string) => ({
    mark: { type: 'bar' },
    encoding: {
      y,
      x: { field: 'medianMs', type: 'quantitative', stack, title, ...(stack === 'normalize' ? { axis: { format: '%' } } : {}) },
      color: { field: 'phase', type: 'nominal', sort: phases.map((m) => phaseOf(m)!.replace(/_/g, ' ')), title: 'phase', scale: { scheme: 'tableau10' } },
      order: { field: 'order', type: 'quantitative' },
      tooltip: [{ field: 'runtime' }, { field: 'phase' }, { field: 'medianMs', format: '.3~f', title: 'median ms' }],
    },
  })
  // The sum written at the end of each absolute bar, so that a bar too short to see still has a figure.
  const totals = {
    transform: [{ aggregate: [{ op: 'sum', field: 'medianMs', as: 'totalMs' }], groupby: ['runtime'] }, { calculate: "format(datum.totalMs, datum.totalMs < 10 ? '.2f' : '.0f') + ' ms'", as: 'label' }],
    mark: { type: 'text', align: 'left', dx: 4, fontSize: 10, color: '#333' },
    encoding: { y, x: { field: 'totalMs', type: 'quantitative' }, text: { field: 'label' } },
  }
  const spec = {
    ...base(data),
    vconcat: [
      { width: WIDTH, height: { step: 30 }, layer: [bars('zero', 'median ms per phase, stacked'), totals] },
      { width: WIDTH, height: { step: 30 }, ...bars('normalize', 'share of the sum of phase medians') },
    ],
    resolve: { scale: { color: 'shared' } },
  } as TopLevelSpec
  const notes = runtimes.map((runtime) => {
    const parts = data.filter((d) => d.runtime === runtime)
    const total = parts.reduce((sum, d) => sum + d.medianMs, 0)
    const largest = parts.reduce((a, b) => (b.medianMs > a.medianMs ? b : a))
    return `${runtime}: phases sum to ${formatMs(total)} ms; largest: ${largest.phase} ${formatMs(largest.medianMs)} ms (${Math.round((largest.medianMs / total) * 100)}%)`
  })
  notes.push('Each bar segment is the median of that phase; medians do not add up exactly to the median cold start. Teardown is timed apart and not shown.')
  return { id: `${scenario.name}-phases`, kind: 'phases', title: 'Cold-start phases (medians)', spec, notes }
}

/** What each memory view is, for the views a chart shows. */
/** Median memory per instance, one group of bars per memory view, one bar per runtime. */
export function memoryChart(analysis: ScenarioAnalysis): Chart | undefined {
  const { scenario } = analysis
  const metrics = sortMemoryMetrics(analysis.metrics.map((m) => m.metric).filter((metric) => memoryViewOf(metric) !== undefined && !analysis.densityOnly.has(metric)))
  const data = metrics.flatMap((metric) =>
    comparisonOf(analysis, metric).rows.map((row) => ({ runtime: row.runtime, view: memoryViewLabel(metric), mib: row.summary.median / MIB, label: formatBytes(row.summary.median) })),
  )
  if (data.length === 0) return undefined
  const runtimes = scenario.runtimes.map((runtime) => runtime.runtime).filter((name) => data.some((d) => d.runtime === name))
  const views = metrics.map(memoryViewLabel)
  const y = { field: 'view', type: 'nominal', sort: views, title: null } as const
  // Room beyond the longest bar (either side) for its figure, so that it never runs into the legend.
  const mibs = data.map((d) => d.mib)
  const domain = [Math.min(0, ...mibs) * 1.18, Math.max(0, ...mibs) * 1.18]
  const x = { field: 'mib', type: 'quantitative', title: 'median MiB per instance', scale: { domain, nice: true } } as const
  const yOffset = { field: 'runtime', type: 'nominal', sort: runtimes, scale: { paddingOuter: 0.4 } } as const
  const spec = {
    ...base(data),
    width: WIDTH,
    // With an offset channel the step is the height of one bar, not of one view.
    height: { step: 13 },
    encoding: { y, x, yOffset },
    layer: [
      { mark: { type: 'bar' }, encoding: { color: { field: 'runtime', type: 'nominal', sort: runtimes, title: 'runtime' }, tooltip: [{ field: 'runtime' }, { field: 'view' }, { field: 'label', title: 'median' }] } },
      // The figure at the end of each bar: right of a positive bar, left of a negative one (a noisy host reading).
      { transform: [{ filter: 'datum.mib >= 0' }], mark: { type: 'text', align: 'left', dx: 3, fontSize: 9, color: '#444' }, encoding: { text: { field: 'label' } } },
      { transform: [{ filter: 'datum.mib < 0' }], mark: { type: 'text', align: 'right', dx: -3, fontSize: 9, color: '#444' }, encoding: { text: { field: 'label' } } },
    ],
  } as TopLevelSpec
  const notes = ['Views measure different things and are not comparable with each other.', ...memoryViewNotes(metrics)]
  return { id: `${scenario.name}-memory`, kind: 'memory', title: 'Memory per instance, by view (medians)', spec, notes }
}

/** Memory against the number of live instances: one panel per memory metric, one line per runtime. */
export function densityChart(analysis: ScenarioAnalysis): Chart | undefined {
  const { scenario, density: series } = analysis
  if (series.points.length === 0) return undefined
  const runtimes = scenario.runtimes.map((runtime) => runtime.runtime).filter((name) => series.points.some((p) => p.runtime === name))
  const panel = (metric: string) => ({
    title: { text: memoryViewLabel(metric), fontSize: 12, fontWeight: 'normal', anchor: 'start' },
    width: WIDTH,
    height: 220,
    transform: [{ filter: { field: 'metric', equal: metric } }],
    mark: { type: 'line', point: { filled: true, size: 40 } },
    encoding: {
      x: { field: 'instances', type: 'quantitative', scale: { type: 'log' }, title: 'live instances N, log scale' },
      y: { field: 'mib', type: 'quantitative', title: 'MiB' },
      color: { field: 'runtime', type: 'nominal', sort: runtimes, title: 'runtime' },
      tooltip: [{ field: 'runtime' }, { field: 'instances', title: 'N' }, { field: 'mib', format: '.1f', title: 'MiB' }],
    },
  })
  const data = series.points.map((p) => ({ ...p, mib: p.bytes / MIB }))
  const spec = { ...base(data), vconcat: series.metrics.map(panel), resolve: { scale: { color: 'shared' } } } as TopLevelSpec
  return { id: `${scenario.name}-density`, kind: 'density', title: 'Density: memory against live instances', spec, notes: series.notes }
}

/** Every chart a scenario's metrics call for, in reading order. */
export function scenarioCharts(analysis: ScenarioAnalysis): Chart[] {
  const charts = [
    ...latencyGroups(analysis.scenario).map((group) => (group.length === 1 && conditionOf(group[0]!) === undefined ? distributionChart(analysis, group[0]!) : conditionsChart(analysis, group))),
    phasesChart(analysis),
    memoryChart(analysis),
    densityChart(analysis),
  ]
  return charts.filter((chart): chart is Chart => chart !== undefined)
}
