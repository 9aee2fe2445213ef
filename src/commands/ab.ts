/**
 * `isobench ab`: the same scenario in two variants (base and head), measured in one run with their
 * samples interleaved round by round in alternating order, then compared pair by pair: resolve the
 * variants → probe and prepare both sides → measure (checkpointing both records) → paired report
 * (compare's renderers) → gate (exit 1 only for a regression).
 */
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import type { StoppingRecord, StoppingRule } from '../analysis/stopping.js'
import { pairedHalfWidth, pairRounds } from '../analysis/paired.js'
import { abReport } from '../compare/ab.js'
import type { CompareOptions } from '../compare/pair.js'
import { errorLine, EXIT, RuntimeUnavailableError, UsageError } from '../errors.js'
import { watchInterrupts } from '../interrupt.js'
import { measureAb, type AbOutcome, type AbSide } from '../measure/ab.js'
import { monotonicNow } from '../measure/clock.js'
import { readBackLimits } from '../host/cgroup-limits.js'
import { SCENARIO_SCHEMA } from '../measure/kinds/index.js'
import { childCgroupLimits } from '../runtimes/hardening.js'
import { STOPPING_METRIC } from '../measure/kinds/cold-start.js'
import type { MeasureOutcome } from '../measure/kinds/types.js'
import { stopAll } from '../measure/live.js'
import { createProgress, type Progress } from '../measure/progress.js'
import { fillRows, scenarioResultOf } from '../measure/scenarios.js'
import { DEFAULT_LIMITS, DEFAULT_POOL_SIZE } from '../options.js'
import { renderCompareJson } from '../report/compare/json.js'
import { fileStamp, writeReportFile, writeResultRecord } from '../report/write.js'
import type { RunResult, RuntimeResult } from '../result.js'
import { RUNTIME_NAMES } from '../runtimes/index.js'
import type { Limits, Runtime, RunContext } from '../runtimes/types.js'
import { loadVariant, type Variant, type VariantRole } from '../scenarios/variant.js'
import { loadWorkload, type LoadedWorkload } from '../scenarios/workload.js'
import type { CompareOutput } from './compare.js'
import { finishGate, hasFailures } from './gate.js'
import { applyOverrides, newResult, parseRuntimeList, runtimeFor, withPoolRows, type RunOptions } from './run.js'

/** Options of `isobench ab`, validated by the CLI. */
export interface AbOptions extends Omit<CompareOptions, 'runtimes'>, CompareOutput {
  scenario: string
  base: string
  head: string
  /** --runtime (then each one is required on both sides), or `all`; absent: the scenario's list. */
  rows?: string[] | 'all'
  pool?: number
  runs?: number
  warmup?: number
  precision?: StoppingRule
  out: string
  quiet: boolean
  nodePath: string
  image?: string
  limits: Partial<Limits>
  runId?: string
}

/** A variant with what it runs: its workload, its runtimes (one per row) and its context. */
interface Side extends Variant {
  workload: LoadedWorkload
  runtimes: Map<string, Runtime>
  ctx: RunContext
  rows: Map<string, RuntimeResult>
}

/** The rows to run: --runtime, else each variant's scenario list, which must agree. */
function rowsOf(variants: readonly Variant[], options: AbOptions): string[] {
  const listOf = (selected: string[] | 'all') => withPoolRows(selected === 'all' ? RUNTIME_NAMES : selected, options.pool)
  if (options.rows) return listOf(options.rows)
  const [base, head] = variants.map((v) => listOf(v.scenario.runtimes ? parseRuntimeList(v.scenario.runtimes.join(',')) : 'all')) as [string[], string[]]
  const onlyBase = base.filter((name) => !head.includes(name))
  const onlyHead = head.filter((name) => !base.includes(name))
  if (onlyBase.length > 0 || onlyHead.length > 0) {
    const only = [onlyBase.length ? `${onlyBase.join(',')} only in base (${variants[0]!.scenario.file})` : '', onlyHead.length ? `${onlyHead.join(',')} only in head (${variants[1]!.scenario.file})` : ''].filter(Boolean).join('; ')
    throw new UsageError(`runtimes missing in one variant: ${only}`, `name the runtimes both variants run: --runtime ${base.filter((name) => head.includes(name)).join(',') || 'process,isolate'}`)
  }
  return base
}

/** What makes a variant what it is: everything that reaches an instance (not where the files are). */
function identityOf(variant: Variant, workload: LoadedWorkload): string {
  const { input, runs, warmup, runtimes, limits } = variant.scenario
  return JSON.stringify({ input, runs, warmup, runtimes, limits, workload: workload.sha256, options: variant.runtimeOptions })
}

/** Builds a side: its workload, one runtime per row (from the variant's runtime options) and its context. */
async function sideOf(variant: Variant, rows: readonly string[], options: AbOptions, runId: string, progress: Progress): Promise<Side> {
  const workload = await loadWorkload(variant.scenario.workloadPath)
  const limits = { ...DEFAULT_LIMITS, ...variant.scenario.limits, ...options.limits }
  const ctx: RunContext = { now: monotonicNow, runId, limits, log: (m) => progress.log(`${variant.role}: ${m}`) }
  const runtimes = new Map(rows.map((name) => [name, runtimeFor(name, variant.runtimeOptions, options.pool ?? DEFAULT_POOL_SIZE)]))
  const template = (name: string): RuntimeResult => ({ runtime: name, status: 'ok', samples: [], summaries: [] })
  return { ...variant, workload, runtimes, ctx, rows: new Map(rows.map((name) => [name, template(name)])) }
}

/** Probes and prepares every row on both sides. A row that runs on one side only is bad input: exit 2. */
async function probeAndPrepare(sides: [Side, Side], rows: readonly string[], explicit: boolean, progress: Progress): Promise<void> {
  for (const row of rows) {
    const outcomes = await Promise.all(sides.map(async (side) => {
      const runtime = side.runtimes.get(row)!
      const probe = await runtime.probe()
      if (!probe.available) return probe
      side.rows.get(row)!.info = probe.info
      try {
        await runtime.prepare?.(side.ctx)
        await runtime.prepareWorkload?.(side.ctx, side.workload)
        return probe
      } catch (error) {
        return { available: false as const, reason: `could not prepare: ${errorLine(error)}`, fix: 'see `isobench doctor`' }
      }
    }))
    const failed = outcomes.flatMap((outcome, i) => (outcome.available ? [] : [{ side: sides[i]!, ...outcome }]))
    if (failed.length === 1) {
      const [{ side, reason, fix }] = failed as [(typeof failed)[number]]
      throw new UsageError(`runtime ${row} runs for ${side.role === 'base' ? 'head' : 'base'} but not for ${side.role} (${side.spec}): ${reason}`, `${fix}; or leave ${row} out with --runtime`)
    }
    if (failed.length === 2) {
      const { reason, fix } = failed[0]!
      if (explicit) throw new RuntimeUnavailableError(row, reason, fix)
      progress.log(`${row}: skipped: ${reason}; ${fix}`)
      for (const side of sides) Object.assign(side.rows.get(row)!, { status: 'skipped', reason, fix })
    }
  }
}

/** The run options each side's record is made with (newResult records them). */
function recordOptions(side: Side, options: AbOptions, rows: readonly string[]): RunOptions {
  return { scenario: options.scenario, runtimes: [...rows], pool: options.pool, runs: options.runs, warmup: options.warmup, out: options.out, json: false, quiet: options.quiet, color: false, image: side.runtimeOptions.image, nodePath: side.runtimeOptions.nodePath, limits: options.limits, overrides: options.precision ? { precision: options.precision } : {}, runId: side.ctx.runId }
}

/** How each row stopped (with --precision), with the paired ratio's half-width at the end. */
function stopsOf(outcome: AbOutcome, rule: StoppingRule | undefined): Map<string, StoppingRecord> {
  const stops = new Map<string, StoppingRecord>()
  for (const [row, stop] of rule ? outcome.stops : []) {
    const paired = pairRounds(outcome.samples.base.get(row) ?? [], outcome.samples.head.get(row) ?? [], STOPPING_METRIC)
    stops.set(row, { target: rule!.precision, reason: stop.reason, runs: stop.runs, halfWidth: pairedHalfWidth(paired) })
  }
  return stops
}

/** One side's record with what was measured so far; `rows` are copies, so a checkpoint never changes the final rows. */
function sideResult(side: Side, record: RunResult, outcome: AbOutcome, stops: Map<string, StoppingRecord>, rule: StoppingRule | undefined, complete: boolean): RunResult {
  const runtimes: MeasureOutcome['runtimes'] = new Map()
  for (const [row, samples] of outcome.samples[side.role]) {
    const stop = stops.get(row)
    runtimes.set(row, { samples: [...samples], output: outcome.outputs[side.role].get(row), ...(stop ? { details: { stopping: stop } } : {}) })
  }
  const rows = [...side.rows.values()].map((row) => ({ ...row }))
  const measured: MeasureOutcome = { runtimes, interrupted: outcome.interrupted, settings: { runs: side.scenario.runs, warmup: side.scenario.warmup, limits: side.ctx.limits, ...(rule ? { precision: rule } : {}) } }
  fillRows(rows, measured)
  return { ...record, complete, ...(complete || outcome.interrupted ? { finishedAt: new Date().toISOString() } : {}), scenarios: [scenarioResultOf(side.scenario, side.workload, rows, measured)] }
}

/** Loads both variants; ab measures cold starts only. Identical variants are said, then run as an A/A test. */
async function loadVariants(options: AbOptions): Promise<[Variant, Variant]> {
  const defaults = { nodePath: options.nodePath, image: options.image, relax: options.limits?.relax }
  const variants = await Promise.all([loadVariant('base', options.base, options.scenario, defaults, SCENARIO_SCHEMA), loadVariant('head', options.head, options.scenario, defaults, SCENARIO_SCHEMA)])
  for (const variant of variants) {
    if (variant.scenario.measure !== 'cold-start') {
      throw new UsageError(`ab measures cold starts; the ${variant.role} scenario ${variant.scenario.file} is a ${variant.scenario.measure} scenario`, 'pass a cold-start scenario (isobench list shows them); compare other measures with isobench compare')
    }
  }
  for (const variant of variants) variant.scenario = applyOverrides(variant.scenario, options)
  const [base, head] = await Promise.all(variants.map((v) => loadWorkload(v.scenario.workloadPath)))
  if (identityOf(variants[0], base!) === identityOf(variants[1], head!)) {
    process.stderr.write(`warning: --base ${options.base} and --head ${options.head} are the same (scenario settings, workload sha256 ${base!.sha256.slice(0, 12)}, node and image): running them as an A/A test\n`)
  }
  return variants
}

/** Writes both sides' records (after every round: nothing lost); returns their paths. */
async function writeSides(sides: readonly Side[], records: Map<VariantRole, RunResult>, out: string, name: string): Promise<string[]> {
  return Promise.all(sides.map((side) => writeResultRecord(records.get(side.role)!, out, `${name}-${side.role}`)))
}

/** Interrupted: its signal's code; a regression: 1; else 3 when something failed, 0 otherwise. */
function abExit(records: RunResult[], regressed: boolean, interruptCode: number | undefined, ignoreFailure: boolean): number {
  if (records.some((r) => !r.complete)) return interruptCode ?? EXIT.interrupted
  if (regressed) return EXIT.regression
  return records.some(hasFailures) && !ignoreFailure ? EXIT.partial : EXIT.ok
}

/** Runs base and head of a scenario interleaved and returns the exit code; prints the paired report on stdout. */
export async function abCommand(options: AbOptions): Promise<number> {
  const progress = createProgress({ quiet: options.quiet })
  const variants = await loadVariants(options)
  const rows = rowsOf(variants, options)
  const startedAt = new Date().toISOString()
  const runId = options.runId ?? `${fileStamp(startedAt)}-${randomBytes(3).toString('hex')}`
  const sides = (await Promise.all(variants.map((v) => sideOf(v, rows, options, runId, progress)))) as [Side, Side]
  const stopRun = async () => {
    await stopAll()
    await Promise.all(sides.flatMap((side) => [...side.runtimes.values()].map((runtime) => runtime.cleanup?.(runId).catch(() => {}))))
  }
  const interruption = watchInterrupts({ log: (m) => progress.log(m), stop: stopRun })
  try {
    await probeAndPrepare(sides, rows, options.rows !== undefined && options.rows !== 'all', progress)
    const name = sides[1].scenario.name
    const childCgroups = await Promise.all(sides.map((side) => readBackLimits(childCgroupLimits(side.ctx.limits))))
    const templates = new Map(sides.map((side, i) => [side.role, { ...newResult({ scenarios: [side.scenario], runId, startedAt, limits: side.ctx.limits, names: [...rows] }, side.rows, recordOptions(side, options, rows), childCgroups[i]!), options: { ...recordOptions(side, options, rows), ab: { role: side.role, base: options.base, head: options.head } } }]))
    const recordsOf = (outcome: AbOutcome, complete: boolean) => new Map(sides.map((side) => [side.role, sideResult(side, templates.get(side.role)!, outcome, stopsOf(outcome, options.precision), options.precision, complete)]))
    let outcome: AbOutcome
    try {
      outcome = await measureAb({
        rows: rows.filter((row) => sides.every((side) => side.rows.get(row)!.status === 'ok')),
        sides: sides.map((side): AbSide => ({ role: side.role, runtimes: side.runtimes, workload: side.workload, input: side.scenario.input, ctx: side.ctx })) as [AbSide, AbSide],
        runs: sides[1].scenario.runs,
        warmup: sides[1].scenario.warmup,
        rule: options.precision,
        signal: interruption.signal,
        onProgress: (label, done, total) => progress.update(label, done, total),
        onRound: async (partial) => void (await writeSides(sides, recordsOf(partial, false), options.out, name)),
      })
    } finally {
      await stopRun()
    }
    const records = recordsOf(outcome, !outcome.interrupted)
    const files = await writeSides(sides, records, options.out, name)
    const report = abReport({ path: options.base, result: records.get('base')! }, { path: options.head, result: records.get('head')! }, { ...options, stops: stopsOf(outcome, options.precision) })
    const reportFile = join(options.out, `${fileStamp(startedAt)}-${name}-ab.json`)
    await writeReportFile(reportFile, renderCompareJson(report))
    progress.done()
    await finishGate(report, records.get('head')!, options)
    if (!options.quiet) process.stderr.write(`results: ${[...files, reportFile].join(', ')}\n`)
    return abExit([...records.values()], report.regressed, interruption.exitCode(), options.ignoreFailure ?? false)
  } finally {
    await stopRun()
    interruption.dispose()
    progress.done()
  }
}
