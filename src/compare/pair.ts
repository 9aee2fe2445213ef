/** Pure: pairs two results scenario × runtime × metric and compares each pair's samples. */
import { unitOf, type RunResult, type RuntimeResult } from '../result.js'
import { DEFAULT_CONFIDENCE } from '../analysis/stats/bootstrap.js'
import { compareSamples, VERDICTS, type SampleComparison, type Verdict } from '../analysis/stats/compare.js'
import { observerOf } from '../analysis/metrics.js'
import { median } from '../analysis/stats/summary.js'
import { environmentDifferences } from './environment.js'
import type { StoppingRecord } from '../analysis/stopping.js'
import { pairByHost } from './hosts.js'
import { matchesPattern, thresholdFor, type MetricThreshold } from './thresholds.js'

/**
 * What one sample is: a measured sample, or (when both sides pool several runs) one run's median.
 * Samples of one run share that run's machine load, so across pooled runs the runs are the
 * independent units: comparing run medians keeps the interval honest about run-to-run drift.
 * `rounds` (isobench ab): each sample is one round's ratio head/base of an adjacent pair.
 */
export type SampleLevel = 'samples' | 'runs' | 'rounds'

/** One compared metric of one runtime in one scenario. */
export interface MetricComparison extends SampleComparison {
  scenario: string
  runtime: string
  metric: string
  unit: string
  level: SampleLevel
  /** ab: the smallest change this run could tell from none at 95% (the ratio CI's relative half-width). */
  detectable?: number
  /** ab with --precision: how the row stopped. */
  stopped?: StoppingRecord
  /** The threshold this metric was judged at (the default, or its --threshold pattern's). */
  threshold: number
}

/** One side of a comparison: a result, and the runs pooled into it if it is several files. */
export interface ComparedSide {
  path: string
  result: RunResult
  runs?: readonly RunResult[]
}

/**
 * Metrics left out unless named with --metric: phases and teardown break a cold start down (the
 * total is compared), and PSS depends on what else shares the pages on the machine at the time.
 */
export const DIAGNOSTIC_METRICS: readonly RegExp[] = [/^phase_/, /^teardown_ms$/, /_pss_bytes$/]

/**
 * Whether a metric is compared by default: not a diagnostic one, and observed by the harness (a
 * figure the sandbox reports about itself, like its heap, could be forged by the workload: analysis/metrics.ts).
 */
export function isGatedByDefault(metric: string): boolean {
  return !DIAGNOSTIC_METRICS.some((pattern) => pattern.test(metric)) && observerOf(metric) === 'harness'
}

/** What to compare: the default threshold (0.1 = 10%), per-metric ones, and optional filters. */
export interface CompareOptions {
  threshold: number
  /** `--threshold cold_start_ms=50%,memory_*=10%`: the first matching pattern overrides the default. */
  perMetric?: readonly MetricThreshold[]
  /** Only these metrics (`*` patterns allowed: memory_*); 'all' = every metric; default: every metric but the diagnostic ones. */
  metrics?: readonly string[] | 'all'
  /** Only these runtimes (default: every runtime measured in both). */
  runtimes?: readonly string[]
}

/** Everything `compare` reports; renderers turn it into a table, Markdown, JSON or annotations. */
export interface CompareReport {
  threshold: number
  perMetric: readonly MetricThreshold[]
  confidence: number
  baseline: { path: string; runId: string; startedAt: string }
  current: { path: string; runId: string; startedAt: string }
  comparisons: MetricComparison[]
  counts: Record<Verdict, number>
  /** Environment facts that differ (CPU, Node, Docker, image, limits, workload source). */
  environmentDifferences: string[]
  /** What could not be compared: in one file only, skipped or failed on one side. */
  notes: string[]
  regressed: boolean
  /** `ab`: base and head were measured in the same run, paired by round; baseline = base, current = head. */
  mode?: 'ab'
  /** ab: what differs between base and head (the change under test: workload, node, image). */
  differences?: string[]
}

/** How many comparisons reached each verdict. */
export function countVerdicts(comparisons: readonly MetricComparison[]): Record<Verdict, number> {
  return Object.fromEntries(VERDICTS.map((v) => [v, comparisons.filter((c) => c.verdict === v).length])) as Record<Verdict, number>
}

/** The measured values of a metric: non-warm-up, successful samples, finite values. */
export function measuredValues(runtime: RuntimeResult, metric: string): number[] {
  const values: number[] = []
  for (const sample of runtime.samples) {
    if (sample.warmup || !sample.ok) continue
    const value = sample.metrics[metric]
    if (typeof value === 'number' && Number.isFinite(value)) values.push(value)
  }
  return values
}

/** Metric names of a runtime's measured samples, in first-seen order. */
export function measuredMetrics(runtime: RuntimeResult): string[] {
  const names = new Set<string>()
  for (const sample of runtime.samples) if (!sample.warmup && sample.ok) for (const name of Object.keys(sample.metrics)) names.add(name)
  return [...names]
}

/** One value per run: the median of the run's measured values of a metric (runs without any are left out). */
export function runMedians(runs: readonly RunResult[], scenario: string, runtime: string, metric: string): number[] {
  const medians: number[] = []
  for (const run of runs) {
    const row = run.scenarios.find((s) => s.name === scenario)?.runtimes.find((r) => r.runtime === runtime)
    const values = row ? measuredValues(row, metric) : []
    if (values.length > 0) medians.push(median(values))
  }
  return medians
}

function describe(runtime: RuntimeResult): string {
  if (runtime.status === 'ok') return 'no successful sample'
  return `${runtime.status}${runtime.reason ? `: ${runtime.reason}` : ''}`
}

/** Compares `current` with `baseline`; pure. An empty `comparisons` means nothing in common. A merged side pairs rows by host (hosts.ts). */
export function compareResults(baselineSide: ComparedSide, currentSide: ComparedSide, options: CompareOptions): CompareReport {
  const [baselineResult, currentResult] = pairByHost(baselineSide.result, currentSide.result)
  const baseline = { ...baselineSide, result: baselineResult }
  const current = { ...currentSide, result: currentResult }
  const comparisons: MetricComparison[] = []
  const notes: string[] = []
  const wantedRuntime = (name: string) => !options.runtimes || options.runtimes.includes(name.split(' @ ')[0]!)
  const { metrics } = options
  const level: SampleLevel = baseline.runs && baseline.runs.length > 1 && current.runs && current.runs.length > 1 ? 'runs' : 'samples'
  const valuesOf = (side: ComparedSide, scenario: string, runtime: RuntimeResult, metric: string) =>
    level === 'runs' ? runMedians(side.runs!, scenario, runtime.runtime, metric) : measuredValues(runtime, metric)
  const wantedMetric = (name: string) => (metrics === undefined ? isGatedByDefault(name) : metrics === 'all' || metrics.some((pattern) => matchesPattern(pattern, name)))
  for (const currentScenario of current.result.scenarios) {
    const baselineScenario = baseline.result.scenarios.find((s) => s.name === currentScenario.name)
    if (!baselineScenario) {
      notes.push(`scenario ${currentScenario.name}: not in the baseline`)
      continue
    }
    for (const currentRuntime of currentScenario.runtimes.filter((r) => wantedRuntime(r.runtime))) {
      const where = `${currentScenario.name}/${currentRuntime.runtime}`
      const baselineRuntime = baselineScenario.runtimes.find((r) => r.runtime === currentRuntime.runtime)
      const baselineMetrics = baselineRuntime ? measuredMetrics(baselineRuntime) : []
      const currentMetrics = measuredMetrics(currentRuntime)
      if (!baselineRuntime) notes.push(`${where}: not in the baseline`)
      else if (baselineMetrics.length === 0) notes.push(`${where}: nothing measured in the baseline (${describe(baselineRuntime)})`)
      if (currentMetrics.length === 0 && baselineMetrics.length > 0) notes.push(`${where}: nothing measured now (${describe(currentRuntime)})`)
      for (const metric of currentMetrics.filter(wantedMetric)) {
        if (!baselineMetrics.includes(metric)) {
          if (baselineMetrics.length > 0) notes.push(`${where}: ${metric} not in the baseline`)
          continue
        }
        const scenario = currentScenario.name
        const threshold = thresholdFor({ default: options.threshold, perMetric: options.perMetric ?? [] }, metric)
        const compared = compareSamples(valuesOf(baseline, scenario, baselineRuntime!, metric), valuesOf(current, scenario, currentRuntime, metric), threshold)
        comparisons.push({ scenario, runtime: currentRuntime.runtime, metric, unit: unitOf(metric), level, threshold, ...compared })
      }
      for (const metric of baselineMetrics.filter((m) => wantedMetric(m) && currentMetrics.length > 0 && !currentMetrics.includes(m))) {
        notes.push(`${where}: ${metric} measured in the baseline only`)
      }
    }
    for (const baselineRuntime of baselineScenario.runtimes.filter((r) => wantedRuntime(r.runtime))) {
      if (!currentScenario.runtimes.some((r) => r.runtime === baselineRuntime.runtime) && measuredMetrics(baselineRuntime).length > 0) {
        notes.push(`${currentScenario.name}/${baselineRuntime.runtime}: in the baseline only`)
      }
    }
  }
  for (const scenario of baseline.result.scenarios) {
    if (!current.result.scenarios.some((s) => s.name === scenario.name)) notes.push(`scenario ${scenario.name}: in the baseline only`)
  }
  for (const [role, side] of [['baseline', baseline], ['current', current]] as const) {
    if (side.result.complete === false) notes.push(`the ${role} run was interrupted: only what it measured is compared`)
  }
  const counts = countVerdicts(comparisons)
  const compared = [...new Set(comparisons.map((c) => c.runtime))]
  return {
    threshold: options.threshold,
    perMetric: options.perMetric ?? [],
    confidence: comparisons.find((c) => Number.isFinite(c.ci.confidence))?.ci.confidence ?? DEFAULT_CONFIDENCE,
    baseline: { path: baseline.path, runId: baseline.result.runId, startedAt: baseline.result.startedAt },
    current: { path: current.path, runId: current.result.runId, startedAt: current.result.startedAt },
    comparisons,
    counts,
    environmentDifferences: environmentDifferences(baseline.result, current.result, compared),
    notes,
    regressed: counts.regressed > 0,
  }
}
