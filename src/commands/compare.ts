/** `isobench compare` (and `run --baseline`): compare two results, print the verdicts, map them to an exit code. */
import { loadSide, type LoadedResult } from '../compare/load.js'
import { compareResults, measuredMetrics, type CompareOptions, type CompareReport } from '../compare/pair.js'
import { EXIT, UsageError } from '../errors.js'
import type { RunResult } from '../result.js'
import { renderCompareJson } from '../report/compare/json.js'
import { renderCompareMarkdown } from '../report/compare/markdown.js'
import { renderCompareTable } from '../report/compare/terminal.js'
import { renderGithubAnnotations } from '../report/compare/github-annotations.js'

/** Output formats of `compare`. */
export const COMPARE_FORMATS = ['table', 'md', 'json'] as const
/** One of COMPARE_FORMATS. */
export type CompareFormat = (typeof COMPARE_FORMATS)[number]

/** How to print a comparison. */
export interface CompareOutput {
  format: CompareFormat
  color: boolean
  /** GITHUB_ACTIONS=true: also print ::error / ::warning workflow commands. */
  githubActions: boolean
  /** Print the report on stderr (when stdout carries something else, such as `run --json`). */
  toStderr?: boolean
}

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
  const unknown = wanted?.filter((name) => !known.includes(name)) ?? []
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

/** Prints a report in the chosen format (warnings on stderr) and returns the exit code: 1 on regression. */
export function printReport(report: CompareReport, output: CompareOutput): number {
  const reportStream = output.toStderr ? process.stderr : process.stdout
  const text = output.format === 'json' ? renderCompareJson(report) : output.format === 'md' ? renderCompareMarkdown(report) : renderCompareTable(report, { color: output.color })
  reportStream.write(text)
  if (output.githubActions) {
    // Workflow commands (they replace the plain warnings) go beside a table, but to stderr when stdout
    // is JSON or Markdown headed for a file ($GITHUB_STEP_SUMMARY): the runner reads both streams.
    ;(output.format === 'table' ? reportStream : process.stderr).write(renderGithubAnnotations(report))
  } else {
    for (const difference of report.differences ?? []) process.stderr.write(`note: head differs from base: ${difference}\n`)
    for (const difference of report.environmentDifferences) process.stderr.write(`warning: environment differs from the baseline: ${difference}\n`)
    for (const note of report.notes) process.stderr.write(`warning: not compared: ${note}\n`)
  }
  return report.regressed ? EXIT.regression : EXIT.ok
}

/** `isobench compare BASELINE CURRENT`: 0 no regression, 1 regression, 2 bad input. */
export async function compareCommand(options: CompareCommandOptions): Promise<number> {
  const [baseline, current] = await Promise.all([loadSide(options.baseline, 'baseline'), loadSide(options.current, 'current')])
  return printReport(buildReport(baseline, current, options), options)
}

/** What `run --baseline` needs: the baseline (loaded before running, so a bad path fails fast) and how to compare. */
export interface RunGate extends CompareOptions, CompareOutput {
  baseline: LoadedResult
}

/**
 * The end of `run --baseline`: compares the run's result with the baseline. An interrupted run keeps
 * its exit code; a regression is 1; otherwise the run's own code (0, or 3 when partial).
 */
export function gateRun(result: RunResult, gate: RunGate | undefined, runExit: number): number {
  if (!gate || runExit === EXIT.interrupted || runExit === 143) return runExit
  const code = printReport(buildReport(gate.baseline, { path: 'this run', result }, gate), gate)
  return code === EXIT.regression ? code : runExit
}
