/**
 * Measuring a run's scenarios one after the other: per scenario its untimed workload preparation,
 * its measure module, and the record written after each checkpoint and scenario so a crash loses
 * nothing measured. Rows get their summaries and ratio from the analysis step (analyseRows).
 */
import { analyseRows, recordedReference } from '../analysis/index.js'
import { errorLine } from '../errors.js'
import { DEFAULT_LIMITS } from '../options.js'
import { writeResultRecord } from '../report/write.js'
import type { RunResult, RuntimeResult, ScenarioResult } from '../result.js'
import type { Limits, Runtime, RunContext, RuntimeOptions } from '../runtimes/types.js'
import type { Scenario } from '../scenarios/types.js'
import { loadWorkload, workloadKey, type LoadedWorkload } from '../scenarios/workload.js'
import { MEASURE_MODULES } from './kinds/index.js'
import type { MeasureOutcome } from './kinds/types.js'
import { stopAll } from './live.js'
import type { Progress } from './progress.js'

/** A scenario and its rows (copies of the probed templates: skipped and failed ones carry their reason). */
export interface ScenarioPlan {
  scenario: Scenario
  rows: RuntimeResult[]
}

/** What measuring the scenarios needs. */
export interface MeasureRun {
  scenarios: ScenarioPlan[]
  /** Each scenario's workload, loaded (bundled) before measuring (scenarios/workload.ts: workloadKey). */
  workloads: Map<string, LoadedWorkload>
  /** Probed and prepared runtimes, by row name. */
  ready: Map<string, Runtime>
  /** The options the runtimes were made with (a tenant host makes its own copy of one: noisy-neighbour). */
  runtimeOptions: RuntimeOptions
  /** The record; each measured scenario is appended to it. */
  result: RunResult
  ctx: RunContext
  /** Limits from the command line: they override each scenario's. */
  runLimits: Partial<Limits>
  signal: AbortSignal
  progress: Progress
  out: string
  label: string
}

/** Copies the outcome into the rows: samples, output, details; a row whose samples all failed is failed. */
export function fillRows(rows: RuntimeResult[], outcome: MeasureOutcome): void {
  for (const row of rows) {
    const measured = outcome.runtimes.get(row.runtime)
    if (!measured || row.status !== 'ok') continue
    if (outcome.interrupted && measured.samples.length === 0 && !measured.details) {
      Object.assign(row, { status: 'failed', reason: 'interrupted before this runtime ran' })
      continue
    }
    row.samples = measured.samples
    if (measured.output !== undefined) row.output = measured.output
    if (measured.details) row.details = measured.details
    const samples = measured.samples.filter((s) => !s.warmup)
    if (measured.error) Object.assign(row, { status: 'failed', reason: measured.error })
    else if (samples.length > 0 && samples.every((s) => !s.ok)) Object.assign(row, { status: 'failed', reason: `every sample failed: ${samples[0]!.error}` })
  }
}

/** One scenario's part of the result, its rows analysed (ratios against `reference`, --reference, when given). */
export function scenarioResultOf(scenario: Scenario, workload: LoadedWorkload, rows: RuntimeResult[], outcome: MeasureOutcome | undefined, reference?: string): ScenarioResult {
  return {
    name: scenario.name,
    description: scenario.description,
    measure: scenario.measure,
    workload: { name: workload.name, path: workload.entry, sha256: workload.sha256, bytes: Buffer.byteLength(workload.source), bundled: workload.bundle !== undefined },
    input: scenario.input,
    runs: scenario.runs,
    warmup: scenario.warmup,
    settings: outcome?.settings,
    runtimes: analyseRows(scenario.measure, rows, reference),
  }
}

/** Untimed work for this workload (a snapshot of it, a pool of it); a runtime that cannot do it fails its row here. */
async function prepareWorkload(rows: RuntimeResult[], ready: Map<string, Runtime>, ctx: RunContext, workload: LoadedWorkload): Promise<Runtime[]> {
  const prepared: Runtime[] = []
  for (const row of rows) {
    const runtime = ready.get(row.runtime)
    if (!runtime || row.status !== 'ok') continue
    try {
      await runtime.prepareWorkload?.(ctx, workload)
      prepared.push(runtime)
    } catch (error) {
      Object.assign(row, { status: 'failed', reason: `could not prepare the workload: ${errorLine(error)}` })
    }
  }
  return prepared
}

/** Measures one scenario into its rows; a measure that cannot run here (no /proc/meminfo, ...) fails its rows. */
async function measureScenario(run: MeasureRun, { scenario, rows }: ScenarioPlan): Promise<{ outcome: MeasureOutcome | undefined; workload: LoadedWorkload }> {
  const ctx: RunContext = { ...run.ctx, limits: { ...DEFAULT_LIMITS, ...scenario.limits, ...run.runLimits } }
  const workload = run.workloads.get(workloadKey(scenario)) ?? (await loadWorkload(scenario.workloadPath, scenario.platform))
  const runtimes = await prepareWorkload(rows, run.ready, ctx, workload)
  try {
    const outcome = await MEASURE_MODULES[scenario.measure].run({
      scenario,
      runtimes,
      workload,
      ctx,
      signal: run.signal,
      onProgress: (text, done, total) => run.progress.update(text, done, total),
      loadWorkload: (path) => loadWorkload(path),
      runtimeOptions: run.runtimeOptions,
      // Nothing lost: the samples so far replace the previous partial result on disk.
      checkpoint: async (partial) => {
        const partialRows = rows.map((row) => ({ ...row }))
        fillRows(partialRows, partial)
        await writeResultRecord({ ...run.result, scenarios: [...run.result.scenarios, scenarioResultOf(scenario, workload, partialRows, partial, recordedReference(run.result))] }, run.out, run.label)
      },
    })
    fillRows(rows, outcome)
    return { outcome, workload }
  } catch (error) {
    for (const row of rows) if (row.status === 'ok') Object.assign(row, { status: 'failed', reason: `${scenario.measure} failed: ${errorLine(error)}` })
    return { outcome: undefined, workload }
  } finally {
    await stopAll()
  }
}

/** Measures every scenario in turn, appending each to the record and writing it; returns whether a signal cut the run short. */
export async function measureScenarios(run: MeasureRun): Promise<boolean> {
  for (const plan of run.scenarios) {
    if (run.signal.aborted) return true
    const { outcome, workload } = await measureScenario(run, plan)
    run.result.scenarios.push(scenarioResultOf(plan.scenario, workload, plan.rows, outcome, recordedReference(run.result)))
    // After each scenario the record (JSON) alone; every format at the end.
    await writeResultRecord(run.result, run.out, run.label)
    if (outcome?.interrupted || run.signal.aborted) return true // a measure may end early on its own after a signal
  }
  return false
}
