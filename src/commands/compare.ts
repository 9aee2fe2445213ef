/** `isobench compare` (and `run --baseline`): compare two results, print the verdicts, map them to an exit code. */
import { matchesPattern } from '../compare/thresholds.js'
import { loadSide, type LoadedResult } from '../compare/load.js'
import { compareResults, measuredMetrics, type CompareOptions, type CompareReport } from '../compare/pair.js'
import { EXIT, UsageError } from '../errors.js'
import type { RunResult } from '../result.js'
import { COMPARE_FORMATS, finishGate, type CompareFormat, type GateOutput } from './gate.js'

/** How to print a comparison (the gate's output options; see gate.ts). */
export type CompareOutput = GateOutput
export { COMPARE_FORMATS, type CompareFormat }

/** Options of `isobench compare BASELINE CURRENT`. */
export interface CompareCommandOptions extends CompareOptions, CompareOutput {
  baseline: string
  current: string
}

function available(results: RunResult[], pick: 'metric' | 'runtime'): string[] {
  const names = new Set<string>()
  for (const result of results) {
    for (const scenario of result.scenarios) {
      for (const runtime of scenario.runtimes) {
        if (pick === 'runtime') names.add(runtime.runtime)
        else for (const metric of measuredMetrics(runtime)) names.add(metric)
      }
    }
  }
  return [...names]
}

function checkFilter(flag: string, wanted: readonly string[] | undefined, known: string[]): void {
  const unknown = wanted?.filter((pattern) => !known.some((name) => matchesPattern(pattern, name))) ?? []
  if (unknown.length > 0) {
    throw new UsageError(`${flag} ${unknown.join(',')}: not measured in either file`, `measured: ${known.join(', ') || '(nothing)'}`)
  }
}

function whatIsIn(result: RunResult): string {
  return result.scenarios.map((s) => `${s.name}/{${s.runtimes.filter((r) => measuredMetrics(r).length > 0).map((r) => r.runtime).join(',')}}`).join(' ') || '(nothing)'
}

/** Compares two loaded results; throws a UsageError when the filters name nothing or nothing is in common. */
export function buildReport(baseline: LoadedResult, current: LoadedResult, options: CompareOptions): CompareReport {
  const results = [baseline.result, current.result]
  checkFilter('--metric', options.metrics === 'all' ? undefined : options.metrics, available(results, 'metric'))
  checkFilter('--runtime', options.runtimes, available(results, 'runtime'))
  const report = compareResults(baseline, current, options)
  if (report.comparisons.length === 0) {
    throw new UsageError(
      `nothing in common to compare: baseline has ${whatIsIn(baseline.result)}, current has ${whatIsIn(current.result)}`,
      'compare results of the same scenario name, with at least one runtime measured in both (and the --metric/--runtime filters)',
    )
  }
  return report
}

/** `isobench compare BASELINE CURRENT`: 0 no regression, 1 regression, 2 bad input, 3 the current side has failed samples. */
export async function compareCommand(options: CompareCommandOptions): Promise<number> {
  const [baseline, current] = await Promise.all([loadSide(options.baseline, 'baseline'), loadSide(options.current, 'current')])
  return finishGate(buildReport(baseline, current, options), current.result, options)
}

/** What `run --baseline` needs: the baseline (loaded before running, so a bad path fails fast) and how to compare. */
export interface RunGate extends CompareOptions, CompareOutput {
  baseline: LoadedResult
}

/**
 * The end of `run --baseline`: compares the run's result with the baseline. An interrupted run keeps
 * its exit code; a regression is 1; otherwise the run's own code (0, or 3 when partial and not --ignore-failure).
 */
export async function gateRun(result: RunResult, gate: RunGate | undefined, runExit: number): Promise<number> {
  if (!gate || runExit === EXIT.interrupted || runExit === EXIT.terminated) return runExit
  const code = await finishGate(buildReport(gate.baseline, { path: 'this run', result }, gate), result, gate)
  return code === EXIT.regression ? code : runExit
}
