/**
 * Pure: each claim of the catalog against a run's result. A figure with a confidence interval
 * (percentile bootstrap, src/stats/bootstrap.ts) confirms a claim only when the whole interval is
 * on the claim's side of the threshold, refutes it when the whole interval is on the other side,
 * and is inconclusive otherwise. Counts and probe outcomes have no interval: they are what happened.
 */
import { formatMs, formatRatio } from '../../format.js'
import type { RunResult, RuntimeResult, ScenarioResult } from '../../result.js'
import { medianCi, medianRatioCi, type Interval } from '../stats/bootstrap.js'
import { metricValues } from '../summaries.js'
import { median } from '../stats/summary.js'
import { MIN_SAMPLES } from '../stats/compare.js'
import { costliestHardening } from '../hardening.js'
import { CLAIMS } from './catalog.js'
import type { Claim, ClaimCheck, ClaimVerdict, Verdict } from './types.js'

/** The measured values of a metric in a runtime's row (none when the row is absent). */
const valuesIn = (row: RuntimeResult | undefined, metric: string): number[] => (row ? metricValues(row.samples, metric).filter(Number.isFinite) : [])

/** confirmed when the interval lies at or above the threshold, refuted when wholly below. */
export function verdictAtLeast(ci: Interval, threshold: number): Verdict {
  if (!Number.isFinite(ci.low) || !Number.isFinite(ci.high)) return 'not measured'
  if (ci.low >= threshold) return 'confirmed'
  if (ci.high < threshold) return 'refuted'
  return 'inconclusive'
}

/** confirmed when the interval lies below the threshold, refuted when wholly at or above. */
export function verdictBelow(ci: Interval, threshold: number): Verdict {
  if (!Number.isFinite(ci.low) || !Number.isFinite(ci.high)) return 'not measured'
  if (ci.high < threshold) return 'confirmed'
  if (ci.low >= threshold) return 'refuted'
  return 'inconclusive'
}

/** confirmed when the interval lies within [1 − within, 1 + within], refuted when wholly outside. */
export function verdictParity(ci: Interval, within: number): Verdict {
  if (!Number.isFinite(ci.low) || !Number.isFinite(ci.high)) return 'not measured'
  if (ci.low >= 1 - within && ci.high <= 1 + within) return 'confirmed'
  if (ci.high < 1 - within || ci.low > 1 + within) return 'refuted'
  return 'inconclusive'
}

const rowOf = (scenario: ScenarioResult, runtime: string) => scenario.runtimes.find((r) => r.runtime === runtime)
const absent = (scenario: ScenarioResult, runtime: string) => {
  const row = rowOf(scenario, runtime)
  return !row ? `${runtime} not run` : `${runtime} ${row.status}${row.reason ? `: ${row.reason}` : ''}`
}
const ciText = (ci: Interval, format: (n: number) => string) => `[${format(ci.low)}–${format(ci.high)}]`

type Partial = Pick<ClaimVerdict, 'runtime' | 'measured' | 'figure' | 'value' | 'ci' | 'verdict'>

/** Why the victim of `variant` died beside its neighbour (null when it lived through and after the window). */
export function victimDeath(row: RuntimeResult, variant: string): string | null {
  const details = row.details?.[variant] as { victimError?: string | null; victimAnswersAfter?: boolean } | undefined
  if (!details) return null
  if (details.victimError) return details.victimError
  return details.victimAnswersAfter === false ? 'no answer after the neighbour' : null
}

/**
 * A row's slowdown against `below` (or `atLeast`). A dead victim is harmed as much as harm goes (and
 * its few samples before dying say nothing of "beside"): it refutes "below" and confirms "at
 * least"; fewer than MIN_SAMPLES samples a side is not enough data to confirm or refute.
 */
function slowdownVerdict(check: Extract<ClaimCheck, { kind: 'slowdown-below' | 'slowdown-at-least' }>, row: RuntimeResult): Partial {
  const a = valuesIn(row, check.numerator)
  const b = valuesIn(row, check.denominator)
  const ratio = median(a) / median(b)
  const death = check.victim ? victimDeath(row, check.victim) : null
  const harmed = check.kind === 'slowdown-below' ? 'refuted' : 'confirmed'
  if (death) return { runtime: row.runtime, measured: `${row.runtime} victim died after ${a.length} sample(s): ${death}`, figure: 'victim died', value: ratio, ci: null, verdict: harmed }
  if (a.length < MIN_SAMPLES || b.length < MIN_SAMPLES) {
    return { runtime: row.runtime, measured: `${row.runtime} ${formatRatio(ratio)}, not enough data (${a.length} and ${b.length} samples, ${MIN_SAMPLES} needed a side)`, figure: `${formatRatio(ratio)} n=${Math.min(a.length, b.length)}`, value: ratio, ci: null, verdict: 'inconclusive' }
  }
  const ci = medianRatioCi(a, b)
  const verdict = check.kind === 'slowdown-below' ? verdictBelow(ci, check.below) : verdictAtLeast(ci, check.atLeast)
  return { runtime: row.runtime, measured: `${row.runtime} ${formatRatio(ratio)} ${ciText(ci, formatRatio)}`, figure: formatRatio(ratio), value: ratio, ci, verdict }
}

/** Per runtime, its costliest hardening against `within` (analysis/hardening.ts computes the costs). */
function hardeningVerdicts(scenario: ScenarioResult, within: number): Partial[] {
  const rows = scenario.runtimes.flatMap((row) => {
    const top = costliestHardening(row)
    return top ? [{ row, top }] : []
  })
  if (rows.length === 0) return [{ runtime: null, measured: 'no runtime measured', figure: '', value: null, ci: null, verdict: 'not measured' }]
  return rows.map(({ row, top }) => ({
    runtime: row.runtime,
    measured: `${row.runtime}: costliest ${top.relaxation} +${formatMs(top.costMs)} ms [${formatMs(top.costCi.low)}–${formatMs(top.costCi.high)}], ${formatRatio(top.ratio)} ${ciText(top.ratioCi, formatRatio)}`,
    figure: `${top.relaxation} +${formatMs(top.costMs)} ms`,
    value: top.ratio,
    ci: top.ratioCi,
    verdict: verdictBelow(top.ratioCi, 1 + within),
  }))
}

function checkScenario(check: ClaimCheck, scenario: ScenarioResult): Partial[] {
  switch (check.kind) {
    case 'ratio-at-least': {
      const a = valuesIn(rowOf(scenario, check.slower), check.metric)
      const b = valuesIn(rowOf(scenario, check.faster), check.metric)
      if (a.length === 0 || b.length === 0) return [{ runtime: null, measured: absent(scenario, a.length === 0 ? check.slower : check.faster), figure: '', value: null, ci: null, verdict: 'not measured' }]
      const ratio = median(a) / median(b)
      const ci = medianRatioCi(a, b)
      return [{ runtime: `${check.slower}/${check.faster}`, measured: `${check.slower}/${check.faster} ${formatRatio(ratio)} ${ciText(ci, formatRatio)}`, figure: formatRatio(ratio), value: ratio, ci, verdict: verdictAtLeast(ci, check.atLeast) }]
    }
    case 'below': {
      const values = valuesIn(rowOf(scenario, check.runtime), check.metric)
      if (values.length === 0) return [{ runtime: check.runtime, measured: absent(scenario, check.runtime), figure: '', value: null, ci: null, verdict: 'not measured' }]
      const ci = medianCi(values)
      return [{ runtime: check.runtime, measured: `${check.runtime} ${formatMs(median(values))} ms ${ciText(ci, formatMs)}`, figure: `${formatMs(median(values))} ms`, value: median(values), ci, verdict: verdictBelow(ci, check.below) }]
    }
    case 'parity': {
      const base = valuesIn(rowOf(scenario, check.baseline), check.metric)
      if (base.length === 0) return [{ runtime: null, measured: absent(scenario, check.baseline), figure: '', value: null, ci: null, verdict: 'not measured' }]
      return scenario.runtimes
        .filter((row) => row.runtime !== check.baseline && valuesIn(row, check.metric).length > 0)
        .map((row) => {
          const values = valuesIn(row, check.metric)
          const ratio = median(values) / median(base)
          const ci = medianRatioCi(values, base)
          return { runtime: row.runtime, measured: `${row.runtime}/${check.baseline} ${formatRatio(ratio)} ${ciText(ci, formatRatio)}`, figure: formatRatio(ratio), value: ratio, ci, verdict: verdictParity(ci, check.within) }
        })
    }
    case 'slowdown-below':
    case 'slowdown-at-least': {
      const rows = scenario.runtimes.filter((row) => valuesIn(row, check.numerator).length > 0 && valuesIn(row, check.denominator).length > 0)
      if (rows.length === 0) return [{ runtime: null, measured: 'no runtime measured', figure: '', value: null, ci: null, verdict: 'not measured' }]
      return rows.map((row) => slowdownVerdict(check, row))
    }
    case 'reached': {
      const details = rowOf(scenario, check.runtime)?.details as { largestN?: number; cap?: number; stopReason?: string } | undefined
      if (details?.largestN === undefined) return [{ runtime: check.runtime, measured: absent(scenario, check.runtime), figure: '', value: null, ci: null, verdict: 'not measured' }]
      const reached = details.largestN >= check.atLeast
      const capped = !reached && (details.cap ?? Infinity) < check.atLeast
      return [{
        runtime: check.runtime,
        measured: `${details.largestN} live ${check.runtime} instances${reached ? '' : ` (${capped ? `capped at ${details.cap}` : details.stopReason})`}`,
        figure: String(details.largestN),
        value: details.largestN,
        ci: null,
        verdict: reached ? 'confirmed' : capped ? 'not measured' : 'refuted',
      }]
    }
    case 'neighbour-stopped': {
      const rows = scenario.runtimes.filter((row) => row.details && 'limited' in row.details)
      if (rows.length === 0) return [{ runtime: null, measured: 'no runtime measured', figure: '', value: null, ci: null, verdict: 'not measured' }]
      const failing = rows.filter((row) => {
        const limited = row.details!.limited as { neighbourStopped?: boolean; victimAnswersAfter?: boolean }
        return !(limited.neighbourStopped && limited.victimAnswersAfter && !victimDeath(row, 'limited') && row.details!.harnessSurvived === true)
      })
      const stoppers = rows.map((row) => `${row.runtime}: ${(row.details!.limited as { stoppedBy?: string }).stoppedBy ?? 'not stopped'}`).join('; ')
      return [{ runtime: null, measured: stoppers, figure: `${rows.length - failing.length}/${rows.length} runtimes`, value: rows.length - failing.length, ci: null, verdict: failing.length === 0 ? 'confirmed' : 'refuted' }]
    }
    case 'hardening-cost':
      return hardeningVerdicts(scenario, check.within)
    case 'probes': {
      const matrix = (rowOf(scenario, check.runtime)?.details?.matrix ?? []) as Array<{ probe: string; outcome: string }>
      const cells = check.probes.map((probe) => matrix.find((cell) => cell.probe === probe))
      if (cells.some((cell) => cell === undefined)) return [{ runtime: check.runtime, measured: absent(scenario, check.runtime), figure: '', value: null, ci: null, verdict: 'not measured' }]
      const misses = cells.filter((cell) => !check.outcomes.includes(cell!.outcome))
      const measured = cells.map((cell) => `${cell!.probe} ${cell!.outcome}`).join(', ')
      return [{ runtime: check.runtime, measured, figure: `${cells.length - misses.length}/${cells.length} probes`, value: cells.length - misses.length, ci: null, verdict: misses.length === 0 ? 'confirmed' : 'refuted' }]
    }
  }
}

/** Every claim against every scenario of its measure in the result; a claim with none is "not measured". */
export function evaluateClaims(result: RunResult, claims: readonly Claim[] = CLAIMS): ClaimVerdict[] {
  const verdicts: ClaimVerdict[] = []
  for (const claim of claims) {
    const base = { id: claim.id, claim: claim.text, source: claim.source, criterion: claim.criterion }
    const scenarios = result.scenarios.filter((s) => s.measure === claim.check.measure)
    if (scenarios.length === 0) {
      verdicts.push({ ...base, scenario: null, runtime: null, measured: `no ${claim.check.measure} scenario in this run`, figure: '', value: null, ci: null, verdict: 'not measured' })
      continue
    }
    for (const scenario of scenarios) {
      for (const part of checkScenario(claim.check, scenario)) verdicts.push({ ...base, scenario: scenario.name, ...part })
    }
  }
  return verdicts
}
