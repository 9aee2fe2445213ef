/**
 * Pure: the report of an `isobench ab` run. Per runtime and metric, the median of the block ratios
 * head/base (two rounds in opposite orders each) with its 99% CI from resampling blocks, the paired
 * verdict (significant and over the threshold: analysis/paired.ts), and the smallest change the
 * run could have detected. The report has compare's
 * shape, so every compare renderer (table, md, json, GitHub annotations) shows it.
 */
import { comparePaired, PAIRED_CONFIDENCE, pairRounds } from '../analysis/paired.js'
import type { StoppingRecord } from '../analysis/stopping.js'
import { unitOf } from '../result.js'
import { environmentDifferences } from './environment.js'
import { thresholdFor } from './thresholds.js'
import { countVerdicts, isGatedByDefault, measuredMetrics, type ComparedSide, type CompareOptions, type CompareReport, type MetricComparison } from './pair.js'

/** What the ab report needs beyond the two sides: how each row stopped (with --precision). */
export interface AbReportOptions extends CompareOptions {
  stops?: ReadonlyMap<string, StoppingRecord>
}

/** The paired comparison of head with base; both results hold the same scenario, sampled in the same rounds. */
export function abReport(base: ComparedSide, head: ComparedSide, options: AbReportOptions): CompareReport {
  const comparisons: MetricComparison[] = []
  const notes: string[] = []
  const wantedMetric = (name: string) => (options.metrics === undefined ? isGatedByDefault(name) : options.metrics === 'all' || options.metrics.includes(name))
  const scenario = head.result.scenarios[0]
  const baseScenario = base.result.scenarios[0]
  for (const headRow of scenario?.runtimes ?? []) {
    if (options.runtimes && !options.runtimes.includes(headRow.runtime)) continue
    const baseRow = baseScenario?.runtimes.find((r) => r.runtime === headRow.runtime)
    const metrics = baseRow ? measuredMetrics(headRow).filter((m) => wantedMetric(m) && measuredMetrics(baseRow).includes(m)) : []
    if (!baseRow || metrics.length === 0) {
      if (headRow.status !== 'skipped') notes.push(`${scenario!.name}/${headRow.runtime}: nothing measured on both sides (base ${baseRow?.status ?? 'absent'}${baseRow?.reason ? `: ${baseRow.reason}` : ''}; head ${headRow.status}${headRow.reason ? `: ${headRow.reason}` : ''})`)
      continue
    }
    const stopped = options.stops?.get(headRow.runtime)
    for (const metric of metrics) {
      const threshold = thresholdFor({ default: options.threshold, perMetric: options.perMetric ?? [] }, metric)
      const compared = comparePaired(pairRounds(baseRow.samples, headRow.samples, metric), threshold)
      comparisons.push({ scenario: scenario!.name, runtime: headRow.runtime, metric, unit: unitOf(metric), level: 'rounds', threshold, ...compared, ...(stopped ? { stopped } : {}) })
    }
  }
  if (base.result.complete === false || head.result.complete === false) notes.push('the run was interrupted: only the rounds it measured are compared')
  const counts = countVerdicts(comparisons)
  const sideOf = (side: ComparedSide) => ({ path: side.path, runId: side.result.runId, startedAt: side.result.startedAt })
  return {
    mode: 'ab',
    threshold: options.threshold,
    perMetric: options.perMetric ?? [],
    confidence: comparisons.find((c) => Number.isFinite(c.ci.confidence))?.ci.confidence ?? PAIRED_CONFIDENCE,
    baseline: sideOf(base),
    current: sideOf(head),
    comparisons,
    counts,
    environmentDifferences: [],
    differences: environmentDifferences(base.result, head.result, [...new Set(comparisons.map((c) => c.runtime))]),
    notes: [...new Set(notes)],
    regressed: counts.regressed > 0,
  }
}
