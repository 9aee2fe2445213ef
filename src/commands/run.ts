/** `isobench run`: load the scenarios, probe and prepare runtimes once, run each measure, summarise, report. */
import { randomBytes } from 'node:crypto'
import { evaluateClaims } from '../claims/evaluate.js'
import { collectEnvironment, TOOL_VERSION } from '../environment.js'
import { EXIT, errorLine, RuntimeUnavailableError, UsageError } from '../errors.js'
import { watchInterrupts } from '../interrupt.js'
import { monotonicNow } from '../measure/clock.js'
import { MEASURE_MODULES } from '../measure/kinds/index.js'
import type { MeasureOutcome } from '../measure/kinds/types.js'
import { stopAll } from '../measure/live.js'
import { createProgress } from '../measure/progress.js'
import { DEFAULT_LIMITS, DEFAULT_POOL_SIZE } from '../options.js'
import { closest } from '../suggest.js'
import { renderJson } from '../report/json.js'
import { summarizeSamples } from '../report/summaries.js'
import { addRatios } from '../report/ratios.js'
import { renderTables, resultWarnings } from '../report/table.js'
import { fileStamp, writeResultRecord, writeResults } from '../report/write.js'
import { gateRun, type RunGate } from './compare.js'
import { SCHEMA_VERSION, type RunResult, type RuntimeResult, type ScenarioResult } from '../result.js'
import { hardeningInForce } from '../runtimes/hardening.js'
import { RUNTIMES, RUNTIME_NAMES, type RuntimeName } from '../runtimes/index.js'
import type { RuntimeOptions } from '../runtimes/types.js'
import { createPooledRuntime, POOL_SUFFIX } from '../runtimes/pool.js'
import type { Limits, Runtime, RunContext } from '../runtimes/types.js'
import { loadScenario, shippedScenarioNames } from '../scenarios/load.js'
import { MEASURES, type Scenario } from '../scenarios/types.js'
import { loadWorkload, type LoadedWorkload } from '../scenarios/workload.js'

/** Scenario options the command line can override (absent: the scenario's, then the measure's default). */
export interface ScenarioOverrides {
  instances?: Scenario['instances']
  steps?: number[]
  maxInstances?: Scenario['maxInstances']
  memoryBudgetMb?: number
  timeBudgetS?: number
  windowMs?: number
}

/** Options of `isobench run`, validated by the CLI. */
export interface RunOptions {
  /** A shipped scenario name, a file, a comma-separated list of those, or `all`. */
  scenario: string
  /** Runtimes named by the user with --runtime (then a missing one is an error, not a skip); `all`: every registered one, missing ones skipped. */
  runtimes?: string[] | 'all'
  /** `--pool N`: a `<runtime>+pool` row beside every runtime in cold-start scenarios, with N instances started ahead. */
  pool?: number
  runs?: number
  warmup?: number
  out: string
  json: boolean
  quiet: boolean
  /** Show the cold start phase by phase (JSON and CSV always carry the phases). */
  phases?: boolean
  /** Show every memory view apart (JSON and CSV always carry them). */
  memoryViews?: boolean
  color: boolean
  image?: string
  nodePath: string
  /** Limits given on the command line; they override the scenario's, which override the defaults. */
  limits: Partial<Limits>
  overrides?: ScenarioOverrides
  /** Labels the run's containers (`isobench=<runId>`); default: a timestamp and random suffix. */
  runId?: string
  /** --baseline: compare the result with it at the end (commands/compare.ts). */
  gate?: RunGate
}

/** Checks runtime names against the registry (`name` or `name+pool`), with a did-you-mean; `all` selects every one. */
export function parseRuntimeList(value: string): string[] | 'all' {
  const names = value.split(',').map((name) => name.trim()).filter(Boolean)
  if (names.length === 0) throw new UsageError('--runtime needs at least one runtime name', `known: ${RUNTIME_NAMES.join(', ')}, or all`)
  if (names.length === 1 && names[0] === 'all') return 'all'
  for (const name of names) {
    const base = name.endsWith(POOL_SUFFIX) ? name.slice(0, -POOL_SUFFIX.length) : name
    if (!(RUNTIME_NAMES as string[]).includes(base)) {
      const guess = closest(base, RUNTIME_NAMES)
      throw new UsageError(`unknown runtime "${name}"${guess ? `; did you mean "${guess}"?` : ''}`, `known runtimes: ${RUNTIME_NAMES.join(', ')} (each also as <name>${POOL_SUFFIX}), or all (isobench list shows which are available here)`)
    }
  }
  return [...new Set(names)]
}

/** The rows to run: the selection, with a `+pool` row after each runtime when a pool size is given. */
export function withPoolRows(names: readonly string[], pool: number | undefined): string[] {
  if (!pool) return [...names]
  return [...new Set(names.flatMap((name) => (name.endsWith(POOL_SUFFIX) ? [name] : [name, `${name}${POOL_SUFFIX}`])))]
}

/** Builds the runtime of a row name (`docker`, `docker+pool`). */
function runtimeFor(name: string, options: RuntimeOptions, poolSize: number): Runtime {
  if (!name.endsWith(POOL_SUFFIX)) return RUNTIMES[name as RuntimeName](options)
  return createPooledRuntime(RUNTIMES[name.slice(0, -POOL_SUFFIX.length) as RuntimeName](options), poolSize)
}

/** `all`: every shipped scenario, in measure order (cold start first, isolation last), then by name. */
export async function loadScenarios(spec: string): Promise<Scenario[]> {
  if (spec === 'all') {
    const all = await Promise.all(shippedScenarioNames().map(loadScenario))
    return all.sort((a, b) => MEASURES.indexOf(a.measure) - MEASURES.indexOf(b.measure) || a.name.localeCompare(b.name))
  }
  return Promise.all(spec.split(',').map((part) => part.trim()).filter(Boolean).map(loadScenario))
}

/** The scenario with the command line's overrides applied. Pure. */
export function applyOverrides(scenario: Scenario, options: Pick<RunOptions, 'runs' | 'warmup' | 'overrides'>): Scenario {
  const defined = Object.fromEntries(Object.entries(options.overrides ?? {}).filter(([, value]) => value !== undefined))
  return { ...scenario, ...defined, runs: options.runs ?? scenario.runs, warmup: options.warmup ?? scenario.warmup }
}

/** Rows for a scenario's runtimes: those not ready carry their skip or failure reason. */
function rowsFor(names: string[], base: Map<string, RuntimeResult>): RuntimeResult[] {
  return names.map((name) => {
    const template = base.get(name)!
    return { ...template, samples: [], summaries: [] }
  })
}

function fillRows(rows: RuntimeResult[], outcome: MeasureOutcome): void {
  for (const row of rows) {
    const measured = outcome.runtimes.get(row.runtime)
    if (!measured || row.status !== 'ok') continue
    if (outcome.interrupted && measured.samples.length === 0 && !measured.details) {
      Object.assign(row, { status: 'failed', reason: 'interrupted before this runtime ran' })
      continue
    }
    row.samples = measured.samples
    row.summaries = summarizeSamples(measured.samples)
    if (measured.output !== undefined) row.output = measured.output
    if (measured.details) row.details = measured.details
    const samples = measured.samples.filter((s) => !s.warmup)
    if (measured.error) Object.assign(row, { status: 'failed', reason: measured.error })
    else if (samples.length > 0 && samples.every((s) => !s.ok)) Object.assign(row, { status: 'failed', reason: `every sample failed: ${samples[0]!.error}` })
  }
}

/** Runs one or more scenarios and returns the exit code. Prints the tables (or JSON) on stdout. */
export async function runCommand(options: RunOptions): Promise<number> {
  const scenarios = (await loadScenarios(options.scenario)).map((s) => applyOverrides(s, options))
  const explicit = options.runtimes !== undefined && options.runtimes !== 'all'
  const namesOf = (s: Scenario): string[] => {
    const selected = options.runtimes ?? (s.runtimes ? parseRuntimeList(s.runtimes.join(',')) : 'all')
    const list = selected === 'all' ? RUNTIME_NAMES : selected
    // A pool hides cold starts: its rows belong to cold-start scenarios (elsewhere its refills would overlap the measurement).
    return s.measure === 'cold-start' ? withPoolRows(list, options.pool) : list.filter((name) => !name.endsWith(POOL_SUFFIX))
  }
  const wanted = new Set(scenarios.flatMap(namesOf))
  const names = RUNTIME_NAMES.flatMap((name) => [name, `${name}${POOL_SUFFIX}`]).filter((name) => wanted.has(name))
  const startedAt = new Date().toISOString()
  const runId = options.runId ?? `${fileStamp(startedAt)}-${randomBytes(3).toString('hex')}`
  const progress = createProgress({ quiet: options.quiet || options.json })
  const runLimits: Limits = { ...DEFAULT_LIMITS, ...options.limits }
  const baseCtx: RunContext = { now: monotonicNow, runId, limits: runLimits, log: (m) => progress.log(m) }

  const runtimes = names.map((name) => runtimeFor(name, { nodePath: options.nodePath, image: options.image }, options.pool ?? DEFAULT_POOL_SIZE))
  const base = new Map<string, RuntimeResult>(runtimes.map((runtime) => [runtime.name, { runtime: runtime.name, status: 'ok', samples: [], summaries: [] }]))
  const stopRun = async () => {
    await stopAll()
    await Promise.all(runtimes.map((runtime) => runtime.cleanup?.(runId).catch(() => {})))
  }
  // From here on a signal stops what was started (a second one exits at once); see interrupt.ts.
  const interruption = watchInterrupts({ log: (m) => progress.log(m), stop: stopRun })
  try {
    return await runScenarios()
  } finally {
    await stopRun()
    interruption.dispose()
    progress.done()
  }

  async function runScenarios(): Promise<number> {
    const probes = await Promise.all(runtimes.map((runtime) => runtime.probe()))
    const ready = new Map<string, Runtime>()
    for (const [i, runtime] of runtimes.entries()) {
      const probe = probes[i]!
      const row = base.get(runtime.name)!
      if (!probe.available) {
        if (explicit) throw new RuntimeUnavailableError(runtime.name, probe.reason, probe.fix)
        Object.assign(row, { status: 'skipped', reason: probe.reason, fix: probe.fix })
        progress.log(`${runtime.name}: skipped: ${probe.reason}; ${probe.fix}`)
        continue
      }
      row.info = probe.info
      try {
        await runtime.prepare?.(baseCtx)
        ready.set(runtime.name, runtime)
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error)
        if (explicit) throw new RuntimeUnavailableError(runtime.name, message, 'see `isobench doctor`')
        Object.assign(row, { status: 'failed', reason: `could not prepare: ${message}` })
      }
    }

    const isMulti = scenarios.length > 1
    const label = options.scenario === 'all' ? 'all' : isMulti ? 'multi' : scenarios[0]!.name
    const result: RunResult = {
      schemaVersion: SCHEMA_VERSION,
      tool: { name: 'isobench', version: TOOL_VERSION },
      runId,
      startedAt,
      complete: false,
      environment: {
        ...collectEnvironment(),
        runtimes: Object.fromEntries([...base.values()].filter((r) => r.info).map((r) => [r.runtime, r.info])),
        limits: runLimits,
        hardening: hardeningInForce(runLimits),
      },
      options: {
        scenario: options.scenario,
        runtimes: names,
        runs: options.runs ?? (isMulti ? null : scenarios[0]!.runs),
        warmup: options.warmup ?? (isMulti ? null : scenarios[0]!.warmup),
        image: options.image ?? null,
        nodePath: options.nodePath,
        out: options.out,
        limits: options.limits,
        json: options.json,
        quiet: options.quiet,
        phases: options.phases ?? false,
        memoryViews: options.memoryViews ?? false,
        pool: options.pool ?? null,
        ...(options.overrides ?? {}),
      },
      scenarios: [],
    }
    let interrupted = false
    try {
      for (const scenario of scenarios) {
        if (interruption.signal.aborted) {
          interrupted = true
          break
        }
        const ctx: RunContext = { ...baseCtx, limits: { ...DEFAULT_LIMITS, ...scenario.limits, ...options.limits } }
        const rows = rowsFor(namesOf(scenario), base)
        const workload = await loadWorkload(scenario.workloadPath)
        // Untimed work for this workload (a snapshot of it, a pool of it); a runtime that cannot do it fails its row here.
        const scenarioRuntimes: Runtime[] = []
        for (const row of rows) {
          const runtime = ready.get(row.runtime)
          if (!runtime || row.status !== 'ok') continue
          try {
            await runtime.prepareWorkload?.(ctx, workload)
            scenarioRuntimes.push(runtime)
          } catch (error) {
            Object.assign(row, { status: 'failed', reason: `could not prepare the workload: ${errorLine(error)}` })
          }
        }
        let outcome: MeasureOutcome | undefined
        try {
          outcome = await MEASURE_MODULES[scenario.measure].run({
            scenario,
            runtimes: scenarioRuntimes,
            workload,
            ctx,
            signal: interruption.signal,
            onProgress: (text, done, total) => progress.update(text, done, total),
            loadWorkload,
            // Nothing lost: the samples so far replace the previous partial result on disk.
            checkpoint: async (partial) => {
              const partialRows = rows.map((row) => ({ ...row }))
              fillRows(partialRows, partial)
              result.scenarios.push(scenarioResultOf(scenario, workload, partialRows, partial))
              try {
                await writeResultRecord(result, options.out, label)
              } finally {
                result.scenarios.pop()
              }
            },
          })
          fillRows(rows, outcome)
          addRatios(rows)
        } catch (error) {
          // A measure that cannot run here (no /proc/meminfo, ...) fails its rows; the other scenarios go on.
          for (const row of rows) if (row.status === 'ok') Object.assign(row, { status: 'failed', reason: `${scenario.measure} failed: ${errorLine(error)}` })
        } finally {
          await stopAll()
        }
        const scenarioResult = scenarioResultOf(scenario, workload, rows, outcome)
        result.scenarios.push(scenarioResult)
        // After each scenario the record (JSON) alone, so a crash loses nothing measured; every format at the end.
        await writeResultRecord(result, options.out, label)
        if (outcome?.interrupted || interruption.signal.aborted) { // a measure may end early on its own after a signal
          interrupted = true
          break
        }
      }
    } finally {
      await stopRun()
    }

    result.complete = !interrupted
    result.finishedAt = new Date().toISOString()
    if (isMulti) result.claims = evaluateClaims(result)
    const files = await writeResults(result, options.out, label)
    if (options.json) {
      process.stdout.write(renderJson(result))
      if (!options.quiet) for (const line of resultWarnings(result)) process.stderr.write(`${line}\n`)
    } else process.stdout.write(renderTables(result, { color: options.color, phases: options.phases, memoryViews: options.memoryViews }))
    if (!options.quiet) process.stderr.write(`results: ${files.join(', ')}\n`)

    if (interrupted) return interruption.exitCode() ?? EXIT.interrupted
    const partial = result.scenarios.some((s) => s.runtimes.some((r) => r.status === 'failed' || r.samples.some((x) => !x.ok)))
    return gateRun(result, options.gate, partial ? EXIT.partial : EXIT.ok)
  }
}

/** One scenario's part of the result. */
function scenarioResultOf(scenario: Scenario, workload: LoadedWorkload, rows: RuntimeResult[], outcome: MeasureOutcome | undefined): ScenarioResult {
  return {
    name: scenario.name,
    description: scenario.description,
    measure: scenario.measure,
    workload: { name: workload.name, path: workload.path, sha256: workload.sha256 },
    input: scenario.input,
    runs: scenario.runs,
    warmup: scenario.warmup,
    settings: outcome?.settings,
    runtimes: rows,
  }
}
