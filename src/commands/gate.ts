/**
 * The end every comparing command shares (`compare`, `run --baseline`, and `ab`): print the report,
 * append its Markdown to the summary file, emit workflow annotations, and map it to an exit code.
 */
import { appendFile } from 'node:fs/promises'
import type { CompareReport } from '../compare/pair.js'
import { EXIT, UsageError } from '../errors.js'
import type { RunResult } from '../result.js'
import { renderGithubAnnotations } from '../report/compare/github-annotations.js'
import { renderCompareJson } from '../report/compare/json.js'
import { renderCompareMarkdown } from '../report/compare/markdown.js'
import { renderCompareTable } from '../report/compare/terminal.js'

/** Output formats of a comparison on stdout. */
export const COMPARE_FORMATS = ['table', 'md', 'json'] as const
/** One of COMPARE_FORMATS. */
export type CompareFormat = (typeof COMPARE_FORMATS)[number]

/** How to print a comparison and decide its exit code. */
export interface GateOutput {
  format: CompareFormat
  color: boolean
  /** GITHUB_ACTIONS=true: also print ::error / ::warning workflow commands. */
  githubActions: boolean
  /** Print the report on stderr (when stdout carries something else, such as `run --json`). */
  toStderr?: boolean
  /** `--summary FILE` (default $GITHUB_STEP_SUMMARY): the Markdown report is appended there. */
  summary?: string
  /** `--ignore-failure`: failed samples are reported but do not make the exit code 3. */
  ignoreFailure?: boolean
}

/** Whether any runtime of the result failed or has a failed sample (a partial result). */
export function hasFailures(result: RunResult): boolean {
  return result.scenarios.some((s) => s.runtimes.some((r) => r.status === 'failed' || r.samples.some((x) => !x.ok)))
}

/** The gate's exit code: 1 on a regression; else 3 when the current side is partial (unless ignored); else 0. */
export function gateExitCode(report: CompareReport, current: RunResult, output: Pick<GateOutput, 'ignoreFailure'>): number {
  if (report.regressed) return EXIT.regression
  return hasFailures(current) && !output.ignoreFailure ? EXIT.partial : EXIT.ok
}

async function appendSummary(file: string, markdown: string): Promise<void> {
  try {
    await appendFile(file, markdown + '\n')
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error)
    throw new UsageError(`cannot write the summary to ${file}: ${reason}`, 'pass a writable path with --summary FILE, or --no-summary')
  }
}

/** Prints the report (warnings on stderr), writes the summary file, and returns the gate's exit code. */
export async function finishGate(report: CompareReport, current: RunResult, output: GateOutput): Promise<number> {
  const reportStream = output.toStderr ? process.stderr : process.stdout
  const text = output.format === 'json' ? renderCompareJson(report) : output.format === 'md' ? renderCompareMarkdown(report) : renderCompareTable(report, { color: output.color })
  reportStream.write(text)
  if (output.summary) await appendSummary(output.summary, renderCompareMarkdown(report))
  if (output.githubActions) {
    // Workflow commands (they replace the plain warnings) go beside a table, but to stderr when stdout
    // is JSON or Markdown headed for a file: the runner reads both streams.
    ;(output.format === 'table' ? reportStream : process.stderr).write(renderGithubAnnotations(report))
  } else {
    for (const difference of report.differences ?? []) process.stderr.write(`note: head differs from base: ${difference}\n`)
    for (const difference of report.environmentDifferences) process.stderr.write(`warning: environment differs from the baseline: ${difference}\n`)
    for (const note of report.notes) process.stderr.write(`warning: not compared: ${note}\n`)
  }
  if (hasFailures(current) && output.ignoreFailure) process.stderr.write('note: the current side has failed samples; --ignore-failure keeps them from failing the gate\n')
  return gateExitCode(report, current, output)
}
