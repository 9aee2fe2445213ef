/**
 * `npm run bench`: is isobench what it measures? A benchmark of the harness, never a test.
 *
 * For each runtime it times isobench's cold start (the adapter driven by coldStartOnce, exactly
 * what the scheduler calls) against a minimal hand-written loop doing the same work directly
 * (raw.ts, platforms.ts). The pairs are interleaved and their order rotates, so drift favours
 * neither. It prints `overhead <runtime> <ratio>` (isobench median / raw median) per runtime, then
 * compares isobench's process start with hyperfine timing the same node start (hyperfine.ts).
 *
 * Usage: npm run bench [-- --runs N --warmup N --runtime isolate,process,docker]   (env BENCH_RUNS works too)
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import Docker from 'dockerode'
import { coldStartOnce, median, withTimeout, removeLabelledImages, workloadImageTag, medianCi, medianRatioCi, monotonicNow, RUNTIMES, RUNTIME_NAMES, type RunContext, type Runtime, type RuntimeName, type Workload, PACKAGE_ROOT } from './api.js'
import { hyperfine, type Hyperfine } from './hyperfine.js'
import { platformRawLoops } from './platforms.js'
import { rawDocker, rawIsolate, rawProcess, removeRawDirs, type RawLoop, type RawSetup } from './raw.js'

const ROOT = PACKAGE_ROOT
const DEFAULT_RUNS: Partial<Record<RuntimeName, number>> = { isolate: 1000, process: 100, docker: 30, workerd: 50, deno: 50, wasm: 300 }
const DEFAULT_RUNTIMES = 'isolate,process,docker'

/** The measured series of one runtime: isobench, raw, (process only) hyperfine, (isolate only) raw without the output check. */
interface Series {
  tool: number[]
  raw: number[]
  readiness: number[]
  hyperfine: number[]
  unchecked: number[]
  paired: number[]
}
type Arm = 'tool' | 'raw' | 'hyperfine' | 'unchecked'

const log = (m: string) => process.stderr.write(`${m}\n`)
const fmt = (ms: number) => (ms < 10 ? ms.toFixed(3) : ms.toFixed(1))

/** The command line: --runs, --warmup, --runtime (checked against the registry). */
function benchArgs() {
  const { values } = parseArgs({ options: { runs: { type: 'string' }, runtime: { type: 'string' }, warmup: { type: 'string' } } })
  const count = (flag: string, text: string | undefined, min: number): number | undefined => {
    if (text === undefined) return undefined
    const n = Number(text)
    if (!Number.isInteger(n) || n < min) throw new Error(`expected --${flag} to be an integer from ${min}, got "${text}"`)
    return n
  }
  const runs = count('runs', values.runs ?? process.env.BENCH_RUNS, 1)
  const wanted = (values.runtime ?? DEFAULT_RUNTIMES).split(',') as RuntimeName[]
  for (const name of wanted) if (!RUNTIME_NAMES.includes(name)) throw new Error(`unknown runtime "${name}" (${RUNTIME_NAMES.join(', ')})`)
  return { runsFor: (name: RuntimeName) => runs ?? DEFAULT_RUNS[name] ?? 30, warmup: count('warmup', values.warmup, 0) ?? 3, wanted }
}

/** One cold start through isobench's adapter: its cold start and its readiness (without the first response). */
async function isobenchOnce(runtime: Runtime, workload: Workload, input: unknown, ctx: RunContext): Promise<{ cold: number; readiness: number }> {
  const sample = await coldStartOnce(runtime, workload, input, ctx)
  if (!sample.ok) throw new Error(`isobench ${runtime.name}: ${sample.error}`)
  const cold = sample.metrics.cold_start_ms!
  return { cold, readiness: cold - sample.metrics.phase_first_response_ms! }
}

/**
 * warmup + runs rounds of every arm, the arms' order rotating each round; warm-up rounds dropped.
 * An arm that does not finish within `armTimeoutMs` fails the bench, naming it (never a silent hang).
 */
async function measure(name: string, arms: Record<Arm, (() => Promise<void>) | undefined>, warmup: number, runs: number, armTimeoutMs: number, round: () => void): Promise<void> {
  const present = (Object.keys(arms) as Arm[]).filter((arm) => arms[arm])
  for (let i = 0; i < warmup + runs; i++) {
    for (let k = 0; k < present.length; k++) {
      const arm = present[(i + k) % present.length]!
      await withTimeout(arms[arm]!(), armTimeoutMs, `bench ${name}: the ${arm} arm, round ${i + 1}: no answer within ${armTimeoutMs} ms`)
    }
    if (i >= warmup) round()
  }
}

/** Benchmarks one runtime against its raw loop; undefined when it cannot run here. */
async function benchRuntime(name: RuntimeName, raw: RawLoop, setup: RawSetup & { ctx: RunContext }, runs: number, warmup: number, timer: Hyperfine | undefined, unchecked: RawLoop | undefined, prepared: (details: Record<string, unknown>) => void): Promise<Series | undefined> {
  const runtime = RUNTIMES[name]({ nodePath: process.execPath })
  const probe = await runtime.probe()
  if (!probe.available) {
    log(`# ${name}: skipped: ${probe.reason}`)
    return undefined
  }
  await runtime.prepare?.(setup.ctx)
  await runtime.prepareWorkload?.(setup.ctx, setup.workload)
  prepared(probe.info.details) // prepare() records what it resolved (docker: the image)
  const series: Series = { tool: [], raw: [], readiness: [], hyperfine: [], unchecked: [], paired: [] }
  const round: Partial<Record<Arm | 'readiness', number>> = {}
  const arms: Record<Arm, (() => Promise<void>) | undefined> = {
    tool: async () => {
      const { cold, readiness } = await isobenchOnce(runtime, setup.workload, setup.input, setup.ctx)
      Object.assign(round, { tool: cold, readiness })
    },
    raw: async () => void (round.raw = await raw()),
    hyperfine: timer && (async () => void (round.hyperfine = await timer.once())),
    unchecked: unchecked && (async () => void (round.unchecked = await unchecked())),
  }
  log(`# ${name}: ${warmup} warm-up + ${runs} measured rounds of ${Object.keys(arms).filter((a) => arms[a as Arm]).join(' + ')}, interleaved, order rotating`)
  await measure(name, arms, warmup, runs, 2 * setup.limits.timeoutMs, () => {
    for (const [key, value] of Object.entries(round)) series[key as keyof Series].push(value)
    series.paired.push(round.tool! / round.raw!)
  })
  const ci = medianRatioCi(series.tool, series.raw)
  log(`# ${name}: isobench median ${fmt(median(series.tool))} ms, raw median ${fmt(median(series.raw))} ms, n=${runs}; ratio 95% CI ${ci.low.toFixed(3)}–${ci.high.toFixed(3)}; median of paired ratios ${median(series.paired).toFixed(3)}`)
  return series
}

/**
 * hyperfine times start → ready → exit (stdin is /dev/null, so the bootstrap exits at EOF);
 * isobench's comparable span is its cold start minus the first response: spawn decision → ready.
 */
function printAgreement({ readiness, hyperfine: hyper, tool }: Series): void {
  const theirs = medianCi(hyper)
  const ours = medianCi(readiness)
  const ratio = medianRatioCi(readiness, hyper)
  console.log(`hyperfine process ${fmt(median(hyper))} ms (95% CI ${fmt(theirs.low)}–${fmt(theirs.high)}): node start → ready → exit at stdin EOF, n=${hyper.length}`)
  console.log(`isobench process ${fmt(median(readiness))} ms (95% CI ${fmt(ours.low)}–${fmt(ours.high)}): start decision → ready, n=${readiness.length} (cold start ${fmt(median(tool))} ms adds the first response)`)
  const agrees = ratio.low <= 1 && ratio.high >= 1
  console.log(`agreement isobench/hyperfine ${(median(readiness) / median(hyper)).toFixed(3)} (95% CI ${ratio.low.toFixed(3)}–${ratio.high.toFixed(3)}): ${agrees ? 'agree within the noise' : 'differ beyond the noise'}`)
}

/**
 * What the output check (output-check.ts: every answer checked and sized before it leaves) costs a
 * fresh isolate, which compiles and runs it for the first time: the raw loop with it ÷ without it.
 */
function printCheckCost({ raw, unchecked }: Series): void {
  const ratio = medianRatioCi(raw, unchecked)
  console.log(`output check isolate +${fmt(median(raw) - median(unchecked))} ms per fresh isolate (raw with ÷ without ${(median(raw) / median(unchecked)).toFixed(3)}, 95% CI ${ratio.low.toFixed(3)}–${ratio.high.toFixed(3)}): isobench's raw isolate loop runs the check, as the adapter does`)
}

/** hyperfine when it is installed, else why not. */
async function hyperfineIfInstalled(timer: Hyperfine): Promise<Hyperfine | string> {
  return timer.once().then(() => timer, (error: Error) => error.message)
}

async function main(): Promise<void> {
  const { runsFor, warmup, wanted } = benchArgs()
  const path = join(ROOT, 'scenarios/workloads/hello.js')
  const workload: Workload = { name: 'hello', path, source: readFileSync(path, 'utf8') }
  const limits = { memoryMb: 128, timeoutMs: 30_000, pidsLimit: 64, cpus: 0 }
  const runId = `bench-${process.pid}`
  const setup = { now: monotonicNow, workload, input: { name: 'isobench' }, limits, runId, ctx: { now: monotonicNow, runId, limits, log } }
  const docker = new Docker()
  let image = ''
  const raws: Partial<Record<RuntimeName, RawLoop>> = { isolate: rawIsolate(setup), process: rawProcess(setup), docker: rawDocker(setup, docker, () => image), ...platformRawLoops(setup) }
  const timer = hyperfine(workload, limits)
  const results: Partial<Record<RuntimeName, Series>> = {}
  let hyperfineMissing: string | undefined
  try {
    for (const name of wanted) {
      const raw = raws[name]
      if (!raw) throw new Error(`the bench has no raw loop for ${name} (${Object.keys(raws).join(', ')})`)
      const found = name === 'process' ? await hyperfineIfInstalled(timer) : undefined
      if (typeof found === 'string') hyperfineMissing = found
      results[name] = await benchRuntime(name, raw, setup, runsFor(name), warmup, typeof found === 'string' ? undefined : found, name === 'isolate' ? rawIsolate(setup, false) : undefined, (details) => {
        if (name === 'docker' && details.image) image = workloadImageTag(runId, 'docker', workload.source)
      })
    }
  } finally {
    const leftovers = await docker.listContainers({ all: true, filters: { label: [`isobench=${runId}`] } }).catch(() => [])
    await Promise.all(leftovers.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => {})))
    await removeLabelledImages(docker, runId).catch(() => 0)
    timer.dispose()
    removeRawDirs()
  }
  for (const [name, series] of Object.entries(results)) if (series) console.log(`overhead ${name} ${(median(series.tool) / median(series.raw)).toFixed(3)}`)
  const isolateSeries = results.isolate
  if (isolateSeries && isolateSeries.unchecked.length > 0) printCheckCost(isolateSeries)
  const processSeries = results.process
  if (processSeries && processSeries.hyperfine.length > 0) printAgreement(processSeries)
  else if (processSeries) console.log(`hyperfine: not compared (${hyperfineMissing ?? 'no samples'}); apt-get install hyperfine`)
}

await main()
