/** `isobench run`: load the scenario, probe and prepare runtimes, schedule, summarise, report. */
import { createHash, randomBytes } from 'node:crypto'
import { basename, extname } from 'node:path'
import { readFile } from 'node:fs/promises'
import { collectEnvironment, TOOL_VERSION } from '../environment.js'
import { EXIT, RuntimeUnavailableError, UsageError } from '../errors.js'
import { monotonicNow } from '../measure/clock.js'
import { stopAll } from '../measure/live.js'
import { createProgress } from '../measure/progress.js'
import { scheduleColdStarts } from '../measure/scheduler.js'
import { renderJson } from '../report/json.js'
import { summarizeSamples } from '../report/summaries.js'
import { addRatios } from '../report/ratios.js'
import { renderTables, resultWarnings } from '../report/table.js'
import { fileStamp, writeResults } from '../report/write.js'
import { gateRun, type RunGate } from './compare.js'
import { SCHEMA_VERSION, type RunResult, type RuntimeResult, type ScenarioResult } from '../result.js'
import { RUNTIMES, RUNTIME_NAMES, type RuntimeName } from '../runtimes/index.js'
import type { Limits, Runtime, RunContext, Workload } from '../runtimes/types.js'
import { loadScenario } from '../scenarios/load.js'
import { closest } from '../suggest.js'

/** Options of `isobench run`, validated by the CLI. */
export interface RunOptions {
  scenario: string
  /** Runtimes named by the user with --runtime (then a missing one is an error, not a skip). */
  runtimes?: RuntimeName[]
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
  limits: Limits
  /** --baseline: compare the result with it at the end (commands/compare.ts). */
  gate?: RunGate
}

/** Checks runtime names against the registry, with a did-you-mean. */
export function parseRuntimeList(value: string): RuntimeName[] {
  const names = value.split(',').map((name) => name.trim()).filter(Boolean)
  if (names.length === 0) throw new UsageError('--runtime needs at least one runtime name', `known: ${RUNTIME_NAMES.join(', ')}`)
  for (const name of names) {
    if (!(RUNTIME_NAMES as string[]).includes(name)) {
      const guess = closest(name, RUNTIME_NAMES)
      throw new UsageError(`unknown runtime "${name}"${guess ? `; did you mean "${guess}"?` : ''}`, `known runtimes: ${RUNTIME_NAMES.join(', ')} (isobench list shows which are available here)`)
    }
  }
  return [...new Set(names)] as RuntimeName[]
}

async function loadWorkload(path: string): Promise<Workload & { sha256: string }> {
  const source = await readFile(path, 'utf8')
  return { name: basename(path, extname(path)), path, source, sha256: createHash('sha256').update(source).digest('hex') }
}

/** Runs one scenario and returns the exit code. Prints the table (or JSON) on stdout. */
export async function runCommand(options: RunOptions): Promise<number> {
  const scenario = await loadScenario(options.scenario)
  const explicit = options.runtimes !== undefined
  const names = options.runtimes ?? (scenario.runtimes ? parseRuntimeList(scenario.runtimes.join(',')) : RUNTIME_NAMES)
  const runs = options.runs ?? scenario.runs
  const warmup = options.warmup ?? scenario.warmup
  const startedAt = new Date().toISOString()
  const runId = `${fileStamp(startedAt)}-${randomBytes(3).toString('hex')}`
  const progress = createProgress({ quiet: options.quiet || options.json })
  const ctx: RunContext = { now: monotonicNow, runId, limits: options.limits, log: (m) => progress.log(m) }
  const workload = await loadWorkload(scenario.workloadPath)

  const runtimes = names.map((name) => RUNTIMES[name]({ nodePath: options.nodePath, image: options.image }))
  const rows: RuntimeResult[] = runtimes.map((runtime) => ({ runtime: runtime.name, status: 'ok', samples: [], summaries: [] }))
  const probes = await Promise.all(runtimes.map((runtime) => runtime.probe()))
  const ready: Runtime[] = []
  for (const [i, runtime] of runtimes.entries()) {
    const probe = probes[i]!
    const row = rows[i]!
    if (!probe.available) {
      if (explicit) throw new RuntimeUnavailableError(runtime.name, probe.reason, probe.fix)
      Object.assign(row, { status: 'skipped', reason: probe.reason, fix: probe.fix })
      progress.log(`${runtime.name}: skipped: ${probe.reason}; ${probe.fix}`)
      continue
    }
    row.info = probe.info
    try {
      await runtime.prepare?.(ctx)
      ready.push(runtime)
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      if (explicit) throw new RuntimeUnavailableError(runtime.name, message, 'see `isobench doctor`')
      Object.assign(row, { status: 'failed', reason: `could not prepare: ${message}` })
    }
  }

  const controller = new AbortController()
  let signalExit: number = EXIT.interrupted
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) return
    signalExit = signal === 'SIGTERM' ? 143 : EXIT.interrupted
    progress.log(`${signal}: stopping every instance, keeping what was measured`)
    controller.abort()
    void stopAll()
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  let interrupted = false
  try {
    const schedule = await scheduleColdStarts({
      runtimes: ready,
      workload,
      input: scenario.input,
      runs,
      warmup,
      ctx,
      signal: controller.signal,
      onProgress: (p) => progress.update(`${scenario.name} [${p.runtime}]`, p.done, p.total),
    })
    interrupted = schedule.interrupted
    for (const row of rows) {
      const samples = schedule.samples.get(row.runtime)
      if (!samples) continue
      row.samples = samples
      row.summaries = summarizeSamples(samples)
      row.output = schedule.outputs.get(row.runtime)
      const measured = samples.filter((s) => !s.warmup)
      if (measured.length > 0 && measured.every((s) => !s.ok)) Object.assign(row, { status: 'failed', reason: `every sample failed: ${measured[0]!.error}` })
    }
    addRatios(rows)
  } finally {
    await stopAll()
    await Promise.all(runtimes.map((runtime) => runtime.cleanup?.(runId).catch(() => {})))
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
    progress.done()
  }

  const scenarioResult: ScenarioResult = {
    name: scenario.name,
    description: scenario.description,
    measure: scenario.measure,
    workload: { name: workload.name, path: workload.path, sha256: workload.sha256 },
    input: scenario.input,
    runs,
    warmup,
    runtimes: rows,
  }
  const result: RunResult = {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'isobench', version: TOOL_VERSION },
    runId,
    startedAt,
    finishedAt: new Date().toISOString(),
    complete: !interrupted,
    environment: {
      ...collectEnvironment(),
      runtimes: Object.fromEntries(rows.filter((r) => r.info).map((r) => [r.runtime, r.info])),
      limits: options.limits,
    },
    options: { scenario: options.scenario, runtimes: names, runs, warmup, image: options.image ?? null, nodePath: options.nodePath, out: options.out, limits: options.limits, json: options.json, quiet: options.quiet, phases: options.phases ?? false, memoryViews: options.memoryViews ?? false },
    scenarios: [scenarioResult],
  }
  const files = await writeResults(result, options.out, scenario.name)
  if (options.json) {
    process.stdout.write(renderJson(result))
    if (!options.quiet) for (const line of resultWarnings(result)) process.stderr.write(`${line}\n`)
  } else process.stdout.write(renderTables(result, { color: options.color, phases: options.phases, memoryViews: options.memoryViews }))
  if (!options.quiet) process.stderr.write(`results: ${files.join(', ')}\n`)

  if (interrupted) return signalExit
  const partial = rows.some((r) => r.status === 'failed' || r.samples.some((s) => !s.ok))
  return gateRun(result, options.gate, partial ? EXIT.partial : EXIT.ok)
}
