/**
 * `isobench run`, a pipeline: resolve (scenarios, runtime rows) → probe and prepare → measure each
 * scenario (checkpointing the record) → analyse → write every format → render → gate.
 */
import { randomBytes } from 'node:crypto'
import { analyseRun, outputsDiffer, runWarnings, type RunAnalysis } from '../analysis/index.js'
import type { StoppingRule } from '../analysis/stopping.js'
import { collectEnvironment, TOOL_VERSION } from '../environment.js'
import { EXIT, RuntimeUnavailableError, UsageError } from '../errors.js'
import { watchInterrupts } from '../interrupt.js'
import { monotonicNow } from '../measure/clock.js'
import { stopAll } from '../measure/live.js'
import { createProgress, type Progress } from '../measure/progress.js'
import { measureTables, SCENARIO_SCHEMA } from '../measure/kinds/index.js'
import { measureScenarios, type ScenarioPlan } from '../measure/scenarios.js'
import { DEFAULT_LIMITS, DEFAULT_POOL_SIZE } from '../options.js'
import { closest } from '../suggest.js'
import { renderJson } from '../report/json.js'
import { renderTerminal } from '../report/terminal.js'
import { fileStamp, writeResults } from '../report/write.js'
import { gateRun, type RunGate } from './compare.js'
import { hasFailures } from './gate.js'
import { SCHEMA_VERSION, type RunResult, type RuntimeResult } from '../result.js'
import { readBackLimits, type LimitsInForce } from '../host/cgroup-limits.js'
import { childCgroupLimits, hardeningInForce } from '../runtimes/hardening.js'
import { childLimitsInForce } from '../runtimes/limits-in-force.js'
import { RUNTIMES, RUNTIME_NAMES, type RuntimeName } from '../runtimes/index.js'
import { createPooledRuntime, POOL_SUFFIX } from '../runtimes/pool.js'
import type { Limits, Runtime, RunContext, RuntimeOptions } from '../runtimes/types.js'
import { loadScenario, shippedScenarioNames } from '../scenarios/load.js'
import { bundlesRecord, loadScenarioWorkloads, removeBundles, type LoadedWorkload } from '../scenarios/workload.js'
import { MEASURES, type Scenario } from '../scenarios/types.js'

/** Scenario options the command line can override (absent: the scenario's, then the measure's default). */
export interface ScenarioOverrides {
  instances?: Scenario['instances']
  steps?: number[]
  maxInstances?: Scenario['maxInstances']
  memoryBudgetMb?: number
  timeBudgetS?: number
  windowMs?: number
  /** --precision and its bounds (cold-start scenarios). */
  precision?: StoppingRule
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
  /** After the claims matrix, the per-runtime claims table with each figure's CI. */
  claimsDetail?: boolean
  /** --strict-output: the runtimes' first outputs differing is a partial run (exit 3). */
  strictOutput?: boolean
  color: boolean
  image?: string
  nodePath: string
  /** The qemu runtime's guest kernel (`--kernel`). */
  kernelPath?: string
  /** The Docker engine (--docker-host); absent: DOCKER_HOST, the docker CLI's context, the local socket. */
  dockerHost?: string
  /** Limits given on the command line; they override the scenario's, which override the defaults. */
  limits: Partial<Limits>
  overrides?: ScenarioOverrides
  /** Labels the run's containers (`isobench=<runId>`); default: a timestamp and random suffix. */
  runId?: string
  /** --baseline: compare the result with it at the end (commands/compare.ts). */
  gate?: RunGate
  /** --require-limits: exit 2 when a child runtime's cgroup limits cannot be applied here. */
  requireLimits?: boolean
  /** `--ignore-failure`: failed samples are reported but the exit code stays 0. */
  ignoreFailure?: boolean
  /** `--reference RUNTIME`: the row ratios are against (default: the measure's rule, the fastest). */
  reference?: string
  /** `--wide`: every column, whatever the terminal's width; else the table is fitted to `width`. */
  wide?: boolean
  /** The terminal's width in columns (undefined: not a terminal, nothing is fitted). */
  width?: number
  /** `--verbose`: every line under the tables, not grouped. */
  verbose?: boolean
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
export function runtimeFor(name: string, options: RuntimeOptions, poolSize: number): Runtime {
  if (!name.endsWith(POOL_SUFFIX)) return RUNTIMES[name as RuntimeName](options)
  return createPooledRuntime(RUNTIMES[name.slice(0, -POOL_SUFFIX.length) as RuntimeName](options), poolSize)
}

/** `all`: every shipped scenario, in measure order (cold start first, isolation last), then by name. */
export async function loadScenarios(spec: string): Promise<Scenario[]> {
  if (spec === 'all') {
    const all = await Promise.all(shippedScenarioNames().map((name) => loadScenario(name, SCENARIO_SCHEMA)))
    return all.sort((a, b) => MEASURES.indexOf(a.measure) - MEASURES.indexOf(b.measure) || a.name.localeCompare(b.name))
  }
  return Promise.all(spec.split(',').map((part) => part.trim()).filter(Boolean).map((name) => loadScenario(name, SCENARIO_SCHEMA)))
}

/** The scenario with the command line's overrides applied. Pure. */
export function applyOverrides(scenario: Scenario, options: Pick<RunOptions, 'runs' | 'warmup' | 'overrides'>): Scenario {
  const defined = Object.fromEntries(Object.entries(options.overrides ?? {}).filter(([, value]) => value !== undefined))
  return { ...scenario, ...defined, runs: options.runs ?? scenario.runs, warmup: options.warmup ?? scenario.warmup }
}

/** What the run is about, resolved from the options before anything starts. */
interface RunPlan {
  scenarios: Scenario[]
  /** Every row name any scenario runs, in registry order (`name`, then `name+pool`). */
  names: string[]
  /** The rows of one scenario. */
  namesOf: (scenario: Scenario) => string[]
  /** --runtime named them: a missing one is an error, not a skip. */
  explicit: boolean
  runId: string
  startedAt: string
  /** `all`, `multi` or the one scenario's name: the result files' suffix. */
  label: string
  limits: Limits
}

/** Resolve: the scenarios with their overrides, the rows each runs, the run's id and limits. */
async function resolvePlan(options: RunOptions): Promise<RunPlan> {
  const scenarios = (await loadScenarios(options.scenario)).map((s) => applyOverrides(s, options))
  const namesOf = (s: Scenario): string[] => {
    const selected = options.runtimes ?? (s.runtimes ? parseRuntimeList(s.runtimes.join(',')) : 'all')
    const list = selected === 'all' ? RUNTIME_NAMES : selected
    // A pool hides cold starts: its rows belong to cold-start scenarios (elsewhere its refills would overlap the measurement).
    return s.measure === 'cold-start' ? withPoolRows(list, options.pool) : list.filter((name) => !name.endsWith(POOL_SUFFIX))
  }
  const wanted = new Set(scenarios.flatMap(namesOf))
  if (options.reference !== undefined && !wanted.has(options.reference)) {
    throw new UsageError(`--reference ${options.reference}: not a runtime this run measures`, `pick one of: ${[...wanted].join(', ')}`)
  }
  const startedAt = new Date().toISOString()
  return {
    scenarios,
    names: RUNTIME_NAMES.flatMap((name) => [name, `${name}${POOL_SUFFIX}`]).filter((name) => wanted.has(name)),
    namesOf,
    explicit: options.runtimes !== undefined && options.runtimes !== 'all',
    runId: options.runId ?? `${fileStamp(startedAt)}-${randomBytes(3).toString('hex')}`,
    startedAt,
    label: options.scenario === 'all' ? 'all' : scenarios.length > 1 ? 'multi' : scenarios[0]!.name,
    limits: { ...DEFAULT_LIMITS, ...options.limits },
  }
}

/** Probe every runtime, prepare the available ones; returns the row templates (skips, failures) and the ready runtimes. */
async function probeAndPrepare(plan: RunPlan, runtimes: Runtime[], ctx: RunContext, progress: Progress, requireLimits: boolean): Promise<{ base: Map<string, RuntimeResult>; ready: Map<string, Runtime> }> {
  const base = new Map<string, RuntimeResult>(runtimes.map((runtime) => [runtime.name, { runtime: runtime.name, status: 'ok', samples: [], summaries: [] }]))
  const ready = new Map<string, Runtime>()
  const probes = await Promise.all(runtimes.map((runtime) => runtime.probe()))
  for (const [i, runtime] of runtimes.entries()) {
    const probe = probes[i]!
    const row = base.get(runtime.name)!
    if (!probe.available) {
      if (plan.explicit) throw new RuntimeUnavailableError(runtime.name, probe.reason, probe.fix)
      Object.assign(row, { status: 'skipped', reason: probe.reason, fix: probe.fix })
      progress.log(`${runtime.name}: skipped: ${probe.reason}; ${probe.fix}`)
      continue
    }
    row.info = probe.info
    if (runtime.childLimits) await recordChildLimits(row, runtime, ctx, requireLimits)
    try {
      await runtime.prepare?.(ctx)
      ready.set(runtime.name, runtime)
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      if (plan.explicit) throw new RuntimeUnavailableError(runtime.name, message, 'see `isobench doctor`')
      Object.assign(row, { status: 'failed', reason: `could not prepare: ${message}` })
    }
  }
  return { base, ready }
}

/**
 * Reads back the cgroup limits a child runtime's instances get here into its row (details, and a
 * note under the table when one is missing); with --require-limits a missing one is exit 2.
 */
async function recordChildLimits(row: RuntimeResult, runtime: Runtime, ctx: RunContext, requireLimits: boolean): Promise<void> {
  const { details, shortfall } = await childLimitsInForce(runtime.childLimits!(ctx.limits))
  const info = row.info!
  row.info = { ...info, details: { ...info.details, ...details }, ...(shortfall ? { note: info.note ? `${info.note}; ${shortfall}` : shortfall } : {}) }
  if (shortfall && requireLimits) {
    throw new UsageError(`--require-limits: ${runtime.name} cannot run with its limits here: ${shortfall}`, 'run as root with cgroup v1 pids and memory hierarchies, or cgroup v2 with memory and pids delegated to the harness\'s cgroup; or drop --require-limits')
  }
}

/** The record before any scenario ran: tool, environment (with each probed runtime's info, the limits read back and the bundles) and the options. */
export function newResult(plan: Pick<RunPlan, 'scenarios' | 'runId' | 'startedAt' | 'limits' | 'names'>, base: Map<string, RuntimeResult>, options: RunOptions, childCgroup: LimitsInForce, workloads: ReadonlyMap<string, LoadedWorkload> = new Map()): RunResult {
  const isMulti = plan.scenarios.length > 1
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'isobench', version: TOOL_VERSION },
    runId: plan.runId,
    startedAt: plan.startedAt,
    complete: false,
    environment: {
      ...collectEnvironment(),
      runtimes: Object.fromEntries([...base.values()].filter((r) => r.info).map((r) => [r.runtime, r.info])),
      limits: plan.limits,
      hardening: hardeningInForce(plan.limits, childCgroup),
      ...(workloads.size > 0 && [...workloads.values()].some((w) => w.bundle) ? { bundles: bundlesRecord(workloads.values()) } : {}),
    },
    options: {
      scenario: options.scenario,
      runtimes: plan.names,
      runs: options.runs ?? (isMulti ? null : plan.scenarios[0]!.runs),
      warmup: options.warmup ?? (isMulti ? null : plan.scenarios[0]!.warmup),
      image: options.image ?? null,
      nodePath: options.nodePath,
      ...(options.kernelPath ? { kernelPath: options.kernelPath } : {}),
      dockerHost: options.dockerHost ?? null,
      out: options.out,
      limits: options.limits,
      json: options.json,
      quiet: options.quiet,
      phases: options.phases ?? false,
      memoryViews: options.memoryViews ?? false,
      pool: options.pool ?? null,
      ...(options.reference ? { reference: options.reference } : {}),
      ...(options.overrides ?? {}),
    },
    scenarios: [],
  }
}

/** The runtimes that provide Node's APIs, for a scenario with `"platform": "node"` (by base name). */
const NODE_RUNTIMES = ['process', 'docker', 'worker']

/** A runtime named with --runtime that cannot run a Node-only scenario is bad input, not a skip. */
function requireNodeRuntimes(plan: RunPlan, options: RunOptions): void {
  if (!plan.explicit || !Array.isArray(options.runtimes)) return
  const scenario = plan.scenarios.find((s) => s.platform === 'node')
  const named = options.runtimes.find((name) => !NODE_RUNTIMES.includes(name.split(/[:+]/)[0]!))
  if (scenario && named) throw new UsageError(`scenario ${scenario.name} needs Node's APIs ("platform": "node"), which ${named} does not have`, `run it with --runtime ${NODE_RUNTIMES.join(',')}, or make the workload use only the language`)
}

/** A scenario's row from the probed template: a Node-only workload skips the runtimes without Node's APIs. */
function rowFor(scenario: Scenario, template: RuntimeResult): RuntimeResult {
  const row: RuntimeResult = { ...template, samples: [], summaries: [] }
  const base = row.runtime.split(/[:+]/)[0]!
  if (scenario.platform === 'node' && !NODE_RUNTIMES.includes(base) && row.status === 'ok') {
    Object.assign(row, { status: 'skipped', reason: 'the workload needs Node\'s APIs (scenario "platform": "node"), which this runtime does not have', fix: 'run it on process, docker or worker' })
  }
  return row
}

/** Render: the tables (or the JSON, warnings on stderr) on stdout, the files written on stderr. */
function render(analysis: RunAnalysis, options: RunOptions, files: string[]): void {
  if (options.json) {
    process.stdout.write(renderJson(analysis.result))
    if (!options.quiet) for (const line of runWarnings(analysis)) process.stderr.write(`${line}\n`)
  } else {
    const width = options.wide ? undefined : options.width
    process.stdout.write(renderTerminal(analysis, { color: options.color, phases: options.phases, memoryViews: options.memoryViews, claimsDetail: options.claimsDetail, tablesOf: measureTables, width, verbose: options.verbose }))
  }
  if (!options.quiet) process.stderr.write(`results: ${files.join(', ')}\n`)
}

/** Gate: interrupted → its signal's code; else 3 when something failed (unless --ignore-failure) or, with --strict-output, outputs differ; 0 otherwise; then the baseline comparison. */
async function exitCode(analysis: RunAnalysis, options: RunOptions, interruptCode: number | undefined): Promise<number> {
  const { result } = analysis
  if (!result.complete) return interruptCode ?? EXIT.interrupted
  const partial = (hasFailures(result) && !options.ignoreFailure) || (options.strictOutput === true && outputsDiffer(analysis))
  return gateRun(result, options.gate, partial ? EXIT.partial : EXIT.ok)
}

/** Runs one or more scenarios and returns the exit code. Prints the tables (or JSON) on stdout. */
export async function runCommand(options: RunOptions): Promise<number> {
  const plan = await resolvePlan(options)
  requireNodeRuntimes(plan, options)
  // Bundled and checked before anything starts: a workload that cannot run everywhere is bad input (exit 2).
  const workloads = await loadScenarioWorkloads(plan.scenarios)
  const progress = createProgress({ quiet: options.quiet || options.json })
  const ctx: RunContext = { now: monotonicNow, runId: plan.runId, limits: plan.limits, log: (m) => progress.log(m) }
  const runtimeOptions: RuntimeOptions = { nodePath: options.nodePath, image: options.image, kernelPath: options.kernelPath, dockerHost: options.dockerHost, relax: plan.limits.relax }
  const runtimes = plan.names.map((name) => runtimeFor(name, runtimeOptions, options.pool ?? DEFAULT_POOL_SIZE))
  const stopRun = async () => {
    await stopAll()
    await Promise.all(runtimes.map((runtime) => runtime.cleanup?.(plan.runId).catch(() => {})))
  }
  // From here on a signal stops what was started (a second one exits at once); see interrupt.ts.
  const interruption = watchInterrupts({ log: (m) => progress.log(m), stop: stopRun })
  try {
    const { base, ready } = await probeAndPrepare(plan, runtimes, ctx, progress, options.requireLimits ?? false)
    const result = newResult(plan, base, options, await readBackLimits(childCgroupLimits(plan.limits)), workloads)
    const scenarios: ScenarioPlan[] = plan.scenarios.map((scenario) => ({ scenario, rows: plan.namesOf(scenario).map((name) => rowFor(scenario, base.get(name)!)) }))
    let interrupted: boolean
    try {
      interrupted = await measureScenarios({ scenarios, workloads, ready, runtimeOptions, result, ctx, runLimits: options.limits, signal: interruption.signal, progress, out: options.out, label: plan.label })
    } finally {
      await stopRun()
    }
    const analysis = analyseRun({ ...result, complete: !interrupted, finishedAt: new Date().toISOString() }, { evaluateClaims: plan.scenarios.length > 1 })
    const files = await writeResults(analysis, options.out, plan.label, { tablesOf: measureTables })
    render(analysis, options, files)
    return await exitCode(analysis, options, interruption.exitCode())
  } finally {
    await stopRun()
    await removeBundles()
    interruption.dispose()
    progress.done()
  }
}
