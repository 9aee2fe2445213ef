// npm run bench: is isobench what it measures? A benchmark of the harness, never a test.
//
// For each runtime, in one run, it times isobench's cold start (the adapter driven by coldStartOnce,
// exactly what the scheduler calls) against a minimal hand-written loop doing the same work directly:
//   isolate: raw isolated-vm: Isolate + context + compile/instantiate/evaluate the module + call the handler
//   process: raw child_process.spawn of the same bootstrap; first stdout line (ready), one request, its answer
//   docker:  raw dockerode: create + attach + start + ready line + one request + its answer (remove untimed)
//   workerd, deno, wasm: scripts/bench-platforms.js (run them with --runtime workerd,deno,wasm)
// The pairs are interleaved and their order alternates (isobench first, then raw first), so drift
// favours neither. It prints `overhead <runtime> <ratio>` (isobench median / raw median) per runtime,
// then compares isobench's process start with hyperfine timing the same node start.
//
// Usage: npm run bench [-- --runs N --runtime isolate,process,docker]   (env BENCH_RUNS works too)
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import Docker from 'dockerode'
import ivm from 'isolated-vm'
import { platformRawLoops } from './bench-platforms.js'

const ROOT = resolve(fileURLToPath(import.meta.url), '../..')
const dist = (path) => import(join(ROOT, 'dist', path))
const { coldStartOnce } = await dist('measure/cold-start.js')
const { monotonicNow } = await dist('measure/clock.js')
const { RUNTIMES } = await dist('runtimes/index.js')
const { BOOTSTRAP_PATH, BOOTSTRAP_PROTOCOL_PATH } = await dist('runtimes/bootstrap/paths.js')
const { WORKLOAD_ENV } = await dist('host/env.js')
const { workloadNodeFlags } = await dist('runtimes/hardening.js')
const { medianCi, medianRatioCi } = await dist('stats/bootstrap.js')
const { median } = await dist('stats/summary.js')

const { values: args } = parseArgs({
  options: { runs: { type: 'string' }, runtime: { type: 'string' }, warmup: { type: 'string' } },
})
const DEFAULT_RUNS = { isolate: 1000, process: 100, docker: 30, workerd: 50, deno: 50, wasm: 300 }
const runsFor = (name) => Number(args.runs ?? process.env.BENCH_RUNS ?? DEFAULT_RUNS[name])
const warmup = Number(args.warmup ?? 3)
const wanted = (args.runtime ?? 'isolate,process,docker').split(',')

const workloadPath = join(ROOT, 'scenarios/workloads/hello.js')
const workload = { name: 'hello', path: workloadPath, source: readFileSync(workloadPath, 'utf8') }
const input = { name: 'isobench' }
const limits = { memoryMb: 128, timeoutMs: 30_000, pidsLimit: 64, cpus: 0 }
const runId = `bench-${process.pid}`
const ctx = { now: monotonicNow, runId, limits, log: (m) => process.stderr.write(`${m}\n`) }
const log = (m) => process.stderr.write(`${m}\n`)

// ---------- raw loops: the same work, hand-written, no isobench code ----------

async function rawIsolate() {
  const t0 = monotonicNow()
  const isolate = new ivm.Isolate({ memoryLimit: limits.memoryMb })
  const context = isolate.createContextSync()
  const module = isolate.compileModuleSync(workload.source, { filename: 'file:///hello.js' })
  module.instantiateSync(context, () => {
    throw new Error('no imports')
  })
  module.evaluateSync()
  const handler = module.namespace.getSync('default', { reference: true })
  const output = await handler.apply(undefined, [input], { arguments: { copy: true }, result: { promise: true, copy: true } })
  const ms = monotonicNow() - t0
  if (output.length !== 8) throw new Error('raw isolate answered wrong')
  context.release()
  isolate.dispose()
  return ms
}

/** Resolves each complete line of a readable, one at a time. */
function lineReader(stream) {
  let buffer = ''
  const waiting = []
  const lines = []
  stream.on('data', (chunk) => {
    buffer += chunk.toString()
    let newline
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline)
      buffer = buffer.slice(newline + 1)
      const next = waiting.shift()
      if (next) next(line)
      else lines.push(line)
    }
  })
  return () => (lines.length > 0 ? Promise.resolve(lines.shift()) : new Promise((r) => waiting.push(r)))
}

async function rawProcess() {
  const t0 = monotonicNow()
  const child = spawn(process.execPath, [...workloadNodeFlags(limits.memoryMb), BOOTSTRAP_PATH, workloadPath], {
    env: WORKLOAD_ENV,
    stdio: ['pipe', 'pipe', 'ignore'],
  })
  const next = lineReader(child.stdout)
  await next() // {"ready":true}
  child.stdin.write(JSON.stringify({ id: 1, op: 'invoke', input }) + '\n')
  const answer = await next()
  const ms = monotonicNow() - t0
  const exited = new Promise((r) => child.once('exit', r))
  child.kill('SIGKILL')
  await exited
  if (!answer.includes('hello, isobench')) throw new Error(`raw process answered ${answer}`)
  return ms
}

const docker = new Docker()
let image
async function rawDocker() {
  const memory = (limits.memoryMb + 64) * 1024 * 1024
  const t0 = monotonicNow()
  const container = await docker.createContainer({
    Image: image,
    Cmd: ['node', ...workloadNodeFlags(limits.memoryMb), '/isobench/bootstrap.mjs', '/isobench/workload.js'],
    Env: Object.entries(WORKLOAD_ENV).map(([k, v]) => `${k}=${v}`),
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    OpenStdin: true,
    Labels: { isobench: runId },
    HostConfig: {
      NetworkMode: 'none',
      ReadonlyRootfs: true,
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
      PidsLimit: limits.pidsLimit,
      Memory: memory,
      MemorySwap: memory,
      Init: true,
      Binds: [`${BOOTSTRAP_PATH}:/isobench/bootstrap.mjs:ro`, `${BOOTSTRAP_PROTOCOL_PATH}:/isobench/protocol.mjs:ro`, `${workloadPath}:/isobench/workload.js:ro`],
    },
  })
  const stream = await container.attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true })
  const { PassThrough } = await import('node:stream')
  const stdout = new PassThrough()
  docker.modem.demuxStream(stream, stdout, new PassThrough())
  const next = lineReader(stdout)
  await container.start()
  await next()
  stream.write(JSON.stringify({ id: 1, op: 'invoke', input }) + '\n')
  const answer = await next()
  const ms = monotonicNow() - t0
  stream.destroy()
  await container.remove({ force: true })
  if (!answer.includes('hello, isobench')) throw new Error(`raw docker answered ${answer}`)
  return ms
}

const RAW = { isolate: rawIsolate, process: rawProcess, docker: rawDocker, ...(await platformRawLoops({ dist, now: monotonicNow, workload, input, limits, lineReader })) }

// ---------- the comparison ----------

async function isobenchOnce(runtime) {
  const sample = await coldStartOnce(runtime, workload, input, ctx)
  if (!sample.ok) throw new Error(`isobench ${runtime.name}: ${sample.error}`)
  return sample.metrics
}

const fmt = (ms) => (ms < 10 ? ms.toFixed(3) : ms.toFixed(1))

/** One hyperfine-timed start of the same node + bootstrap (stdin /dev/null: ready, EOF, exit), in ms. */
const hyperfineDir = mkdtempSync(join(tmpdir(), 'isobench-bench-'))
const hyperfineCommand = [process.execPath, ...workloadNodeFlags(limits.memoryMb), BOOTSTRAP_PATH, workloadPath].join(' ')
let hyperfineMissing
async function hyperfineOnce() {
  const exported = join(hyperfineDir, 'h.json')
  await new Promise((resolvePromise, reject) => {
    // -N: no shell, so nothing to correct for; the child gets the same clean environment
    const child = spawn('hyperfine', ['-N', '--runs', '1', '--export-json', exported, hyperfineCommand], { env: WORKLOAD_ENV, stdio: 'ignore' })
    child.once('error', reject)
    child.once('exit', (code) => (code === 0 ? resolvePromise() : reject(new Error(`hyperfine exited ${code}`))))
  })
  return JSON.parse(readFileSync(exported, 'utf8')).results[0].times[0] * 1000
}

const results = {}
try {
  for (const name of wanted) {
    const runtime = RUNTIMES[name]({ nodePath: process.execPath })
    const probe = await runtime.probe()
    if (!probe.available) {
      log(`# ${name}: skipped: ${probe.reason}`)
      continue
    }
    await runtime.prepare?.(ctx)
    if (name === 'docker') image = probe.info.details.image // prepare() records the image it resolved
    const runs = runsFor(name)
    const series = { tool: [], raw: [], readiness: [], hyperfine: [], paired: [] }
    const arms = ['tool', 'raw']
    if (name === 'process') {
      try {
        await hyperfineOnce()
        arms.push('hyperfine')
      } catch (error) {
        hyperfineMissing = error.message
      }
    }
    log(`# ${name}: ${warmup} warm-up + ${runs} measured rounds of ${arms.join(' + ')}, interleaved, order rotating`)
    for (let i = 0; i < warmup + runs; i++) {
      const order = arms.map((_, k) => arms[(i + k) % arms.length])
      const round = {}
      for (const arm of order) {
        if (arm === 'tool') {
          const metrics = await isobenchOnce(runtime)
          round.tool = metrics.cold_start_ms
          round.readiness = metrics.cold_start_ms - metrics.phase_first_response_ms
        } else if (arm === 'raw') round.raw = await RAW[name]()
        else round.hyperfine = await hyperfineOnce()
      }
      if (i < warmup) continue
      for (const [key, value] of Object.entries(round)) series[key].push(value)
      series.paired.push(round.tool / round.raw)
    }
    results[name] = series
    const ci = medianRatioCi(series.tool, series.raw)
    log(`# ${name}: isobench median ${fmt(median(series.tool))} ms, raw median ${fmt(median(series.raw))} ms, n=${runs}; ratio 95% CI ${ci.low.toFixed(3)}–${ci.high.toFixed(3)}; median of paired ratios ${median(series.paired).toFixed(3)}`)
  }
} finally {
  const leftovers = await docker.listContainers({ all: true, filters: { label: [`isobench=${runId}`] } }).catch(() => [])
  await Promise.all(leftovers.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => {})))
  rmSync(hyperfineDir, { recursive: true, force: true })
}

for (const [name, { tool, raw }] of Object.entries(results)) console.log(`overhead ${name} ${(median(tool) / median(raw)).toFixed(3)}`)

// ---------- agreement with hyperfine: the same node start, timed by an independent tool, interleaved ----------
// hyperfine times start → ready → exit (stdin is /dev/null, so the bootstrap exits at EOF);
// isobench's comparable span is its cold start minus the first response: spawn decision → ready.
const processSeries = results.process
if (processSeries && processSeries.hyperfine.length > 0) {
  const { readiness, hyperfine, tool } = processSeries
  const hyper = medianCi(hyperfine)
  const ours = medianCi(readiness)
  const ratio = medianRatioCi(readiness, hyperfine)
  console.log(`hyperfine process ${fmt(median(hyperfine))} ms (95% CI ${fmt(hyper.low)}–${fmt(hyper.high)}): node start → ready → exit at stdin EOF, n=${hyperfine.length}`)
  console.log(`isobench process ${fmt(median(readiness))} ms (95% CI ${fmt(ours.low)}–${fmt(ours.high)}): start decision → ready, n=${readiness.length} (cold start ${fmt(median(tool))} ms adds the first response)`)
  const agrees = ratio.low <= 1 && ratio.high >= 1
  console.log(`agreement isobench/hyperfine ${(median(readiness) / median(hyperfine)).toFixed(3)} (95% CI ${ratio.low.toFixed(3)}–${ratio.high.toFixed(3)}): ${agrees ? 'agree within the noise' : 'differ beyond the noise'}`)
} else if (processSeries) {
  console.log(`hyperfine: not compared (${hyperfineMissing ?? 'no samples'}); apt-get install hyperfine`)
}
