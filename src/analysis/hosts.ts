/**
 * Pure: a merged result's host dimension. Per scenario and headline metric, a runtime × host grid
 * of medians with their 95% CIs, and each host's ratio to the reference host (same runtime): the
 * ratio of medians with its bootstrap CI, each host's samples resampled on their own.
 */
import type { MetricSummary, RunResult, RuntimeResult, ScenarioResult } from '../result.js'
import { headlineMetric } from './metrics.js'
import { medianCi, medianRatioCi, type Interval } from './stats/bootstrap.js'
import { findSummary, metricValues } from './summaries.js'

/** One runtime on one host. */
export interface HostCell {
  host: string
  summary: MetricSummary
  medianCi: Interval
  /** median / the reference host's median for this runtime (1 on the reference host); NaN when the reference did not measure it. */
  ratio: number
  ratioCi: Interval | undefined
}

/** One scenario's metric across hosts: a row per runtime, a cell per host (undefined: not measured there). */
export interface HostComparison {
  scenario: string
  metric: string
  unit: string
  hosts: string[]
  reference: string
  rows: Array<{ runtime: string; cells: Array<HostCell | undefined> }>
}

/** Runtime names in first-seen order over the scenario's rows. */
function runtimeNames(scenario: ScenarioResult): string[] {
  return [...new Set(scenario.runtimes.map((r) => r.runtime))]
}

function rowOf(scenario: ScenarioResult, runtime: string, host: string): RuntimeResult | undefined {
  return scenario.runtimes.find((r) => r.runtime === runtime && r.host === host)
}

/** The grid of one scenario's metric over the hosts, against the reference host. */
export function compareHosts(scenario: ScenarioResult, hosts: readonly string[], reference: string, metric: string): HostComparison {
  let unit = ''
  const rows = runtimeNames(scenario).map((runtime) => {
    const referenceRow = rowOf(scenario, runtime, reference)
    const referenceValues = referenceRow ? metricValues(referenceRow.samples, metric) : []
    const referenceMedian = referenceRow ? findSummary(referenceRow.summaries, metric)?.median : undefined
    const cells = hosts.map((host): HostCell | undefined => {
      const row = rowOf(scenario, runtime, host)
      const summary = row && findSummary(row.summaries, metric)
      if (!row || !summary || !Number.isFinite(summary.median)) return undefined
      unit ||= summary.unit
      const values = metricValues(row.samples, metric)
      const isReference = host === reference
      const hasReference = referenceMedian !== undefined && Number.isFinite(referenceMedian)
      return {
        host,
        summary,
        medianCi: summary.medianCi ?? medianCi(values),
        ratio: hasReference ? summary.median / referenceMedian : Number.NaN,
        ratioCi: isReference || !hasReference ? undefined : medianRatioCi(values, referenceValues),
      }
    })
    return { runtime, cells }
  })
  return { scenario: scenario.name, metric, unit, hosts: [...hosts], reference, rows }
}

/** Every scenario's grid of its headline metric; the reference is the named host, else the first. Undefined for an unmerged result. */
export function analyseHosts(result: RunResult, referenceHost?: string): HostComparison[] | undefined {
  if (!result.hosts) return undefined
  const hosts = result.hosts.map((h) => h.host)
  const reference = referenceHost ?? hosts[0]!
  return result.scenarios.flatMap((scenario) => {
    const metric = headlineMetric(scenario)
    return metric ? [compareHosts(scenario, hosts, reference, metric)] : []
  })
}
